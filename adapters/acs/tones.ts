/**
 * DTMF as ACS names it. RecognizeCompleted reports `dtmfResult.tones` as names ("one", "pound", "a");
 * stop tones and choice tones are sent the same way. VoiceXML/SRGS DTMF uses the characters 0-9 * # A-D.
 */

const TONE_TO_DIGIT: Readonly<Record<string, string>> = {
  zero: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  a: 'A',
  b: 'B',
  c: 'C',
  d: 'D',
  pound: '#',
  asterisk: '*',
};

const DIGIT_TO_TONE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(TONE_TO_DIGIT).map(([tone, digit]) => [digit, tone]),
);

/** "pound" → "#", "One" → "1"; undefined for names ACS does not define. */
export function toneToDigit(tone: string): string | undefined {
  return TONE_TO_DIGIT[tone.trim().toLowerCase()];
}

/** "#" → "pound", "a" → "a"; undefined for anything that is not one DTMF key. */
export function digitToTone(digit: string): string | undefined {
  return DIGIT_TO_TONE[digit.toUpperCase()];
}

/** Tone names → digit string; unknown names are returned separately so the caller can log them. */
export function tonesToDigits(tones: readonly string[]): { digits: string; unknown: string[] } {
  let digits = '';
  const unknown: string[] = [];
  for (const t of tones) {
    const d = toneToDigit(t);
    if (d === undefined) unknown.push(t);
    else digits += d;
  }
  return { digits, unknown };
}

/** Digit string → tone names (for the simulator's caller and for stop tones); throws on a non-DTMF key. */
export function digitsToTones(digits: string): string[] {
  return [...digits].map((ch) => {
    const tone = digitToTone(ch);
    if (tone === undefined) throw new Error(`${JSON.stringify(ch)} is not a DTMF key (0-9, *, #, A-D)`);
    return tone;
  });
}
