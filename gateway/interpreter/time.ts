/**
 * VoiceXML time designations (CSS2 times: "5s", "500ms", "2.5s") to milliseconds.
 * A bare number is read as milliseconds, which is what legacy platforms did with `timeout="3000"`.
 */
export function parseTimeMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)?\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  return Math.round(unit === 's' ? n * 1000 : n);
}

/** SSML <break strength> as a pause length (SSML 1.0 leaves the values to the processor). */
export function breakStrengthMs(strength: string | undefined): number {
  switch (strength) {
    case 'none':
      return 0;
    case 'x-weak':
      return 100;
    case 'weak':
      return 250;
    case 'strong':
      return 750;
    case 'x-strong':
      return 1000;
    default:
      return 500;
  }
}
