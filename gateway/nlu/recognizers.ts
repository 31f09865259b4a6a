/**
 * Microsoft Recognizers-Text as a fallback for builtin values our own span readers miss ("next friday",
 * "the day after tomorrow", "a quarter after three in the afternoon"). Measured on this machine: ~0.75 s to
 * load, ~4 s for the first date recognition (it compiles its patterns), then ~25 ms per date and ~0.3 ms per
 * number — so it is loaded lazily, only asked when our readers found nothing although the caller said a value,
 * and can be warmed up at start-up. Its resolution is converted to the builtin's own return format; the turn's
 * clock is its reference date, so the result does not depend on the wall clock.
 */
import type { BuiltinType } from '../../contracts/grammar';

interface ModelResult {
  start: number;
  end: number;
  text: string;
  typeName: string;
  resolution: Record<string, unknown> | undefined;
}

interface Suite {
  recognizeDateTime(q: string, culture: string, options?: number, ref?: Date): ModelResult[];
  recognizeNumber(q: string, culture: string): ModelResult[];
  recognizeCurrency(q: string, culture: string): ModelResult[];
}

let suite: Suite | undefined;

function load(): Suite {
  // Loaded on first use: it costs most of a second and tens of megabytes, and many deployments never need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  suite ??= require('@microsoft/recognizers-text-suite') as Suite;
  return suite;
}

export interface FoundValue {
  value: string;
  /** The characters of the utterance that said it. */
  text: string;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function cultureOf(lang: string): string {
  return /^es/i.test(lang) ? 'es-es' : 'en-us';
}

/** A builtin value (date, time, number, currency) said in the utterance, in the builtin's return format. */
export function recognizeValue(type: BuiltinType, text: string, lang: string, now: number): FoundValue | undefined {
  const s = load();
  const culture = cultureOf(lang);
  switch (type) {
    case 'date': {
      for (const r of s.recognizeDateTime(text, culture, 0, new Date(now))) {
        if (r.typeName !== 'datetimeV2.date') continue;
        const values = (r.resolution?.values ?? []) as { timex?: string; value?: string }[];
        // Several values = "friday" could be last or next: a relative phrase ("next friday") gives one.
        const timex = values.length === 1 ? values[0].timex : values.every((v) => v.timex === values[0]?.timex) ? values[0]?.timex : undefined;
        const m = timex ? /^(\d{4}|XXXX)-(\d{2})-(\d{2})$/.exec(timex) : null;
        if (m) return { value: `${m[1] === 'XXXX' ? '????' : m[1]}${m[2]}${m[3]}`, text: r.text };
      }
      return undefined;
    }
    case 'time': {
      for (const r of s.recognizeDateTime(text, culture, 0, new Date(now))) {
        if (r.typeName !== 'datetimeV2.time') continue;
        const values = (r.resolution?.values ?? []) as { timex?: string }[];
        const parsed = values.map((v) => /^T(\d{2})(?::(\d{2}))?/.exec(v.timex ?? '')).filter((m): m is RegExpExecArray => m !== null);
        if (parsed.length === 0) continue;
        const h = Number(parsed[0][1]);
        const min = Number(parsed[0][2] ?? '0');
        if (parsed.length > 1) return { value: `${pad(h % 12 === 0 ? 12 : h % 12)}${pad(min)}?`, text: r.text };
        if (h === 0) return { value: `12${pad(min)}a`, text: r.text };
        return { value: h < 12 ? `${pad(h)}${pad(min)}a` : `${pad(h === 12 ? 12 : h - 12)}${pad(min)}p`, text: r.text };
      }
      return undefined;
    }
    case 'number': {
      const r = s.recognizeNumber(text, culture)[0];
      const v = r?.resolution?.value;
      return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? { value: v, text: r.text } : undefined;
    }
    case 'currency': {
      const r = s.recognizeCurrency(text, culture)[0];
      const v = r?.resolution?.value;
      const unit = r?.resolution?.unit;
      if (typeof v !== 'string' || !/^\d+(\.\d+)?$/.test(v)) return undefined;
      const code = unit === 'Dollar' ? (/-CA$/i.test(lang) ? 'CAD' : 'USD') : unit === 'Euro' ? 'EUR' : unit === 'Pound' || unit === 'British pound' ? 'GBP' : '';
      return { value: `${code}${Number(v).toFixed(2)}`, text: r.text };
    }
    default:
      return undefined;
  }
}

/** Loads the library and compiles its date patterns now (start-up), so no caller waits for it. */
export function warmUpRecognizers(): void {
  const s = load();
  s.recognizeDateTime('next friday at noon', 'en-us', 0, new Date(0));
  s.recognizeNumber('twenty', 'en-us');
  s.recognizeCurrency('twenty dollars', 'en-us');
}
