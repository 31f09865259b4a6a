/** builtin:number (optional sign, decimal point) and builtin:currency (UUUmm.nn, or mm.nn without a currency). */
import type { BuiltinMatch } from './types';
import { readDigitString, readInteger, readNumber, spokenTokens, stripFillers, trimLeadingZeros } from './spoken';

const NUMBER_LEAD_INS = [['it', 'is'], ["it's"], ['its'], ['about'], ['around'], ['approximately'], ['the', 'number'], ['number']];

export function matchNumberVoice(text: string): BuiltinMatch | undefined {
  let tokens = stripFillers(spokenTokens(text), NUMBER_LEAD_INS);
  let sign = '';
  if (tokens[0] === 'minus' || tokens[0] === 'negative') {
    sign = '-';
    tokens = tokens.slice(1);
  } else if (tokens[0] === 'plus' || tokens[0] === 'positive' || tokens[0] === '+') {
    sign = '+';
    tokens = tokens.slice(1);
  }
  const n = readNumber(tokens);
  if (n === undefined) return undefined;
  return { value: sign + n };
}

/** DTMF number: digits with "*" as the decimal point. */
export function matchNumberDtmf(keys: string): BuiltinMatch | undefined {
  const m = /^(\d*)(?:\*(\d+))?$/.exec(keys);
  if (!m || (m[1] === '' && m[2] === undefined)) return undefined;
  const whole = trimLeadingZeros(m[1] === '' ? '0' : m[1]);
  return { value: m[2] === undefined ? whole : `${whole}.${m[2]}` };
}

/** Currency words → ISO 4217 code; `dollar` follows the platform language (en-US → USD, en-CA → CAD…). */
function currencyOf(word: string, lang: string): string | undefined {
  switch (word) {
    case 'dollar':
    case 'dollars':
    case 'buck':
    case 'bucks':
    case '$': {
      const region = lang.split('-')[1]?.toUpperCase();
      return region === 'CA' ? 'CAD' : region === 'AU' ? 'AUD' : region === 'NZ' ? 'NZD' : 'USD';
    }
    case 'euro':
    case 'euros':
    case '€':
      return 'EUR';
    case 'pound':
    case 'pounds':
    case 'quid':
    case '£':
      return 'GBP';
    case 'yen':
    case '¥':
      return 'JPY';
    case 'usd':
      return 'USD';
    case 'eur':
      return 'EUR';
    case 'gbp':
      return 'GBP';
    default:
      return undefined;
  }
}
const CENT_WORDS = new Set(['cent', 'cents', 'penny', 'pence', 'pennies']);
const CURRENCY_LEAD_INS = [['it', 'is'], ["it's"], ['its'], ['about'], ['around'], ['the', 'amount', 'is'], ['i', 'want', 'to', 'pay'], ['pay']];

function cents(tokens: string[]): string | undefined {
  if (tokens.length === 0) return '00';
  const n = readInteger(tokens, false) ?? readDigitString(tokens);
  if (n === undefined || Number(n) > 99) return undefined;
  return n.padStart(2, '0');
}

function money(whole: string, frac: string | undefined): string {
  let f = frac ?? '00';
  if (f.length === 1) f += '0';
  return `${trimLeadingZeros(whole)}.${f}`;
}

/**
 * "one hundred and twenty dollars", "twelve dollars fifty", "twelve dollars and fifty cents", "$12.50",
 * "fifty cents", "twelve fifty" (no currency → "12.50"), "12 euros".
 */
export function matchCurrencyVoice(text: string, lang: string): BuiltinMatch | undefined {
  const tokens = stripFillers(spokenTokens(text), CURRENCY_LEAD_INS);
  if (tokens.length === 0) return undefined;
  // A leading symbol or code ("$ 12.50", "usd 12").
  let code: string | undefined;
  let rest = tokens;
  const lead = currencyOf(tokens[0], lang);
  if (lead !== undefined) {
    code = lead;
    rest = tokens.slice(1);
  }
  // "fifty cents"
  const last = rest[rest.length - 1];
  if (code === undefined && last !== undefined && CENT_WORDS.has(last) && !rest.some((w) => currencyOf(w, lang) !== undefined)) {
    const c = cents(rest.slice(0, -1));
    if (c === undefined) return undefined;
    return { value: `${currencyOf('dollars', lang)}0.${c}` };
  }
  const unitAt = code === undefined ? rest.findIndex((w) => currencyOf(w, lang) !== undefined) : -1;
  let amountTokens: string[];
  let tail: string[] = [];
  if (unitAt >= 0) {
    code = currencyOf(rest[unitAt], lang);
    amountTokens = rest.slice(0, unitAt);
    tail = rest.slice(unitAt + 1);
  } else amountTokens = rest;
  if (amountTokens.length === 0) return undefined;

  // The amount itself may carry decimals: "12.50", "twelve point five".
  const amount = readNumber(amountTokens, false);
  if (amount !== undefined && (tail.length === 0 || amount.includes('.'))) {
    if (tail.length > 0) return undefined;
    const [w, f] = amount.split('.');
    if (f !== undefined && f.length > 2) return undefined;
    return { value: (code ?? '') + money(w, f) };
  }
  // "twelve dollars fifty", "twelve dollars and fifty cents"
  if (amount !== undefined && tail.length > 0) {
    let t = tail;
    if (t[0] === 'and') t = t.slice(1);
    if (t.length > 0 && CENT_WORDS.has(t[t.length - 1])) t = t.slice(0, -1);
    const c = cents(t);
    if (c === undefined) return undefined;
    return { value: (code ?? '') + money(amount, c) };
  }
  // "twelve fifty" (no currency word): a whole part then two-digit cents.
  if (code === undefined || unitAt < 0) {
    for (let split = amountTokens.length - 1; split >= 1; split--) {
      const w = readInteger(amountTokens.slice(0, split), false);
      const c = cents(amountTokens.slice(split));
      if (w !== undefined && c !== undefined && amountTokens.length - split <= 2 && c !== '00') return { value: (code ?? '') + money(w, c) };
    }
  }
  return undefined;
}

/** DTMF currency: digits with "*" as the decimal point; no currency can be keyed. */
export function matchCurrencyDtmf(keys: string): BuiltinMatch | undefined {
  const m = /^(\d+)(?:\*(\d{1,2}))?$/.exec(keys);
  if (!m) return undefined;
  return { value: money(m[1], m[2]) };
}
