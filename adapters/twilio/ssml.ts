/**
 * The SSML Twilio accepts inside <Say>: break, emphasis, lang, p, phoneme, prosody, s, say-as, sub, w — each with
 * the attributes Twilio documents. Prompt markup is reduced to that subset: unsupported elements are unwrapped
 * (their text is still spoken; <desc> and <mark> say nothing), unknown or malformed attribute values dropped.
 * Parsed once per distinct markup string (prompts repeat across calls), then appended to a <Say> node.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type SsmlNode = { kind: 'text'; text: string } | { kind: 'element'; name: string; attrs: Record<string, string>; children: SsmlNode[] };

/** What a <Say> child builder offers (twilio's TwiML nodes: Say and the nodes addChild returns). */
export interface TwimlNodeBuilder {
  addText(text: string): void;
  addChild(tagName: string, attributes: object): TwimlNodeBuilder;
}

type AttrCheck = RegExp;

/** Element → allowed attributes and the values Twilio/Polly accept. */
const SUPPORTED: Readonly<Record<string, Readonly<Record<string, AttrCheck>>>> = {
  break: { strength: /^(none|x-weak|weak|medium|strong|x-strong)$/, time: /^\d+(\.\d+)?(ms|s)$/ },
  emphasis: { level: /^(strong|moderate|reduced)$/ },
  lang: { 'xml:lang': /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/ },
  p: {},
  s: {},
  phoneme: { alphabet: /^(ipa|x-sampa)$/, ph: /^[^<>]{1,255}$/ },
  prosody: {
    volume: /^(default|silent|x-soft|soft|medium|loud|x-loud|[+-]\d+(\.\d+)?dB)$/,
    rate: /^(x-slow|slow|medium|fast|x-fast|\d+(\.\d+)?%)$/,
    pitch: /^(default|x-low|low|medium|high|x-high|[+-]?\d+(\.\d+)?%)$/,
  },
  'say-as': { 'interpret-as': /^[a-z-]{1,32}$/, format: /^[a-z]{1,8}$/, detail: /^\d{1,2}$/ },
  sub: { alias: /^[^<>]{1,255}$/ },
  w: { role: /^[a-z]+:[A-Za-z]+$/ },
};

/** Elements whose content is never spoken. */
const SILENT = new Set(['desc', 'mark', 'metadata', 'lexicon']);

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
});

const CACHE_LIMIT = 1000;
const cache = new Map<string, SsmlNode[] | null>();

/** The Twilio-supported SSML of a prompt fragment, or null when the markup does not parse (speak the plain text). */
export function parseSsml(markup: string): SsmlNode[] | null {
  const hit = cache.get(markup);
  if (hit !== undefined) return hit;
  let nodes: SsmlNode[] | null;
  try {
    const wrapped = `<speak>${markup}</speak>`;
    // The parser is lenient (it closes what is left open); markup that is not well formed is not trusted.
    const parsed: unknown = XMLValidator.validate(wrapped) === true ? parser.parse(wrapped) : null;
    nodes = Array.isArray(parsed) ? reduce(parsed) : null;
  } catch {
    // Malformed markup is not fatal: the caller still hears the prompt's plain text.
    nodes = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(markup, nodes);
  return nodes;
}

function reduce(raw: unknown[]): SsmlNode[] {
  const out: SsmlNode[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const record = item as Record<string, unknown>;
    if (typeof record['#text'] === 'string' || typeof record['#text'] === 'number') {
      out.push({ kind: 'text', text: String(record['#text']) });
      continue;
    }
    const name = Object.keys(record).find((k) => k !== ':@');
    if (!name || name.startsWith('?') || name.startsWith('!')) continue;
    const children = Array.isArray(record[name]) ? reduce(record[name] as unknown[]) : [];
    const local = name.includes(':') && !name.startsWith('xml:') ? name.slice(name.indexOf(':') + 1) : name;
    if (SILENT.has(local)) continue;
    const allowed = SUPPORTED[local];
    if (!allowed || name !== local) {
      out.push(...children); // unsupported (speak, voice, audio, amazon:*, vendor tags): keep what it says
      continue;
    }
    const attrs: Record<string, string> = {};
    const rawAttrs = record[':@'];
    if (typeof rawAttrs === 'object' && rawAttrs !== null) {
      for (const [key, value] of Object.entries(rawAttrs as Record<string, unknown>)) {
        const check = allowed[key];
        if (check && typeof value === 'string' && check.test(value.trim())) attrs[key] = value.trim();
      }
    }
    if (local === 'break') out.push({ kind: 'element', name: local, attrs, children: [] });
    else if (local === 'lang' && !attrs['xml:lang']) out.push(...children);
    else out.push({ kind: 'element', name: local, attrs, children });
  }
  return out;
}

/**
 * What SSML a <Say> voice accepts. Twilio passes <Say> markup to the voice's engine:
 * - Amazon Polly neural, generative and long-form voices (`Polly.Joanna-Neural`, …) have no `<emphasis>` and no
 *   `<prosody pitch>`, and Polly fails the whole request on a tag or attribute the voice does not support
 *   (docs.aws.amazon.com/polly/latest/dg/supportedtags.html, prosody-tag.html);
 * - Twilio's basic voices (man, woman, alice) take no SSML at all;
 * - Polly standard and Google voices take the whole subset above.
 */
export type SsmlProfile = 'full' | 'polly-neural' | 'plain';

export function ssmlProfile(voice: string | undefined): SsmlProfile {
  if (voice === undefined) return 'full';
  if (/^Polly\.[A-Za-z]+-(Neural|Generative|LongForm)$/i.test(voice)) return 'polly-neural';
  if (/^(man|woman|alice)$/i.test(voice)) return 'plain';
  return 'full';
}

/** Polly's longest <break> (10 s) and its range of <prosody rate> percentages. */
export const MAX_BREAK_MS = 10_000;
const RATE_PERCENT = { min: 20, max: 200 };

/** The nodes as `profile` accepts them: unsupported elements unwrapped (their words kept), attributes dropped. */
export function adaptSsml(nodes: readonly SsmlNode[], profile: SsmlProfile): SsmlNode[] {
  const out: SsmlNode[] = [];
  for (const node of nodes) {
    if (node.kind === 'text') {
      out.push(node);
      continue;
    }
    const children = adaptSsml(node.children, profile);
    if (profile === 'plain' || (profile === 'polly-neural' && node.name === 'emphasis')) {
      out.push(...children);
      continue;
    }
    const attrs: Record<string, string> = { ...node.attrs };
    if (node.name === 'prosody') {
      if (profile === 'polly-neural') delete attrs.pitch;
      const rate = /^(\d+(?:\.\d+)?)%$/.exec(attrs.rate ?? '');
      if (rate) attrs.rate = `${Math.min(RATE_PERCENT.max, Math.max(RATE_PERCENT.min, Math.round(Number(rate[1]))))}%`;
      if (Object.keys(attrs).length === 0) {
        out.push(...children);
        continue;
      }
    }
    if (node.name === 'break' && attrs.time !== undefined) {
      const ms = breakMs(attrs.time);
      if (ms !== undefined && ms > MAX_BREAK_MS) {
        // Longer pauses than Polly allows become several breaks in a row.
        for (let left = ms; left > 0; left -= MAX_BREAK_MS) out.push({ kind: 'element', name: 'break', attrs: { time: `${Math.min(MAX_BREAK_MS, left)}ms` }, children: [] });
        continue;
      }
    }
    out.push({ kind: 'element', name: node.name, attrs, children });
  }
  return out;
}

function breakMs(time: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(time);
  return m ? Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1)) : undefined;
}

/** Appends the nodes under a <Say> (or an SSML element inside it). */
export function appendSsml(parent: TwimlNodeBuilder, nodes: readonly SsmlNode[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') {
      if (node.text) parent.addText(node.text);
      continue;
    }
    const child = parent.addChild(node.name, node.attrs);
    appendSsml(child, node.children);
  }
}

/** Whether the nodes say anything (text other than whitespace). */
export function ssmlHasText(nodes: readonly SsmlNode[]): boolean {
  return nodes.some((n) => (n.kind === 'text' ? n.text.trim() !== '' : ssmlHasText(n.children)));
}
