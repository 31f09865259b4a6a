/**
 * TwiML as Twilio's public reference describes it, written from the documentation (twilio.com/docs/voice/twiml
 * and its verb pages) independently of the gateway's own simulator: which verbs exist, what each may contain,
 * which attributes each takes with which values, and the SSML that Amazon Polly accepts inside <Say>
 * (docs.aws.amazon.com/polly/latest/dg/supportedtags.html: an unsupported tag makes Polly fail the request).
 * `twimlProblems(xml)` lists every violation; an empty list means Twilio would execute the document.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

type Check = (value: string) => boolean;

const positiveInt: Check = (v) => /^[1-9]\d*$/.test(v);
const nonNegativeInt: Check = (v) => /^\d+$/.test(v);
const bool: Check = (v) => v === 'true' || v === 'false';
const method: Check = (v) => v === 'GET' || v === 'POST';
const url: Check = (v) => v.trim().length > 0 && !/\s/.test(v.trim());
/** "any digit, #, *" (Gather also documents the empty string: no key finishes input). */
const keys: Check = (v) => /^[0-9#*]*$/.test(v);
const languageTag: Check = (v) => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v);
const oneOf = (...values: string[]): Check => (v) => values.includes(v);
const range = (min: number, max: number): Check => (v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;
const any: Check = () => true;

/** Verb → documented attributes (twilio.com/docs/voice/twiml/<verb>). */
const ATTRIBUTES: Record<string, Record<string, Check>> = {
  Response: {},
  Say: { voice: any, language: languageTag, loop: nonNegativeInt },
  Play: { loop: nonNegativeInt, digits: (v) => /^[0-9wW#*]+$/.test(v) },
  Pause: { length: positiveInt },
  Hangup: {},
  Reject: { reason: oneOf('rejected', 'busy') },
  Redirect: { method },
  Gather: {
    action: url,
    method,
    input: oneOf('dtmf', 'speech', 'dtmf speech', 'speech dtmf'),
    finishOnKey: keys,
    timeout: positiveInt,
    numDigits: positiveInt,
    speechTimeout: (v) => v === 'auto' || positiveInt(v),
    maxSpeechTime: positiveInt,
    hints: any,
    language: languageTag,
    speechModel: any,
    enhanced: bool,
    profanityFilter: bool,
    bargeIn: bool,
    actionOnEmptyResult: bool,
    partialResultCallback: url,
    partialResultCallbackMethod: method,
    debug: bool,
  },
  Record: {
    action: url,
    method,
    timeout: nonNegativeInt,
    finishOnKey: keys,
    maxLength: positiveInt,
    playBeep: bool,
    trim: oneOf('trim-silence', 'do-not-trim'),
    recordingStatusCallback: url,
    recordingStatusCallbackMethod: method,
    recordingStatusCallbackEvent: any,
    recordingChannels: oneOf('mono', 'dual'),
    transcribe: bool,
    transcribeCallback: url,
  },
  Dial: {
    action: url,
    method,
    timeout: range(5, 600),
    timeLimit: range(1, 14_400),
    callerId: any,
    hangupOnStar: bool,
    record: any,
    trim: oneOf('trim-silence', 'do-not-trim'),
    answerOnBridge: bool,
    ringTone: any,
    recordingStatusCallback: url,
    recordingStatusCallbackMethod: method,
    recordingStatusCallbackEvent: any,
    sequential: bool,
    referUrl: url,
    referMethod: method,
    events: any,
    callReason: any,
  },
  Number: { sendDigits: (v) => /^[0-9wW#*]+$/.test(v), url, method, statusCallback: url, statusCallbackEvent: any, statusCallbackMethod: method, byoc: any },
  Sip: { username: any, password: any, url, method, statusCallback: url, statusCallbackEvent: any, statusCallbackMethod: method },
  Client: { url, method, statusCallback: url, statusCallbackEvent: any, statusCallbackMethod: method },
};

/** What each element may contain: verbs of <Response>, nouns of <Dial>, what <Gather> nests (Say, Play, Pause only). */
const CHILDREN: Record<string, readonly string[]> = {
  Response: ['Say', 'Play', 'Pause', 'Gather', 'Record', 'Dial', 'Redirect', 'Hangup', 'Reject', 'Enqueue', 'Leave', 'Refer', 'Connect', 'Stream', 'Pay', 'Sms'],
  Gather: ['Say', 'Play', 'Pause'],
  Dial: ['Number', 'Sip', 'Client', 'Conference', 'Queue', 'Sim', 'Application', 'WhatsApp'],
  Say: [],
  Play: [],
  Pause: [],
  Hangup: [],
  Reject: [],
  Redirect: [],
  Record: [],
  Number: [],
  Sip: [],
  Client: [],
};

/** Elements that carry text: the URL of <Play>/<Redirect>, the address of a <Dial> noun, what <Say> speaks. */
const TEXT: ReadonlySet<string> = new Set(['Say', 'Play', 'Redirect', 'Number', 'Sip', 'Client', 'Dial']);

/** SSML Amazon Polly documents inside <Say>, with the attributes each takes. */
const SSML: Record<string, Record<string, Check>> = {
  break: { strength: oneOf('none', 'x-weak', 'weak', 'medium', 'strong', 'x-strong'), time: (v) => /^\d+(\.\d+)?(ms|s)$/.test(v) },
  emphasis: { level: oneOf('strong', 'moderate', 'reduced') },
  lang: { 'xml:lang': languageTag },
  p: {},
  s: {},
  phoneme: { alphabet: oneOf('ipa', 'x-sampa'), ph: any },
  prosody: { volume: any, rate: any, pitch: any },
  'say-as': { 'interpret-as': any, format: any, detail: any },
  sub: { alias: any },
  w: { role: any },
};

/** Polly neural (and generative, long-form) voices: `<emphasis>` is not available and `<prosody pitch>` is not supported. */
function pollyNeural(voice: string | undefined): boolean {
  return voice !== undefined && /^Polly\.[A-Za-z]+-(Neural|Generative|LongForm)$/.test(voice);
}

/** Voices that take no SSML at all (Twilio's basic voices). */
function basicVoice(voice: string | undefined): boolean {
  return voice === 'man' || voice === 'woman' || voice === 'alice';
}

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, parseAttributeValue: false });

function nameOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function attrsOf(node: XmlNode): Record<string, string> {
  const raw = node[':@'];
  return typeof raw === 'object' && raw !== null ? (raw as Record<string, string>) : {};
}

export function twimlProblems(xml: string): string[] {
  const problems: string[] = [];
  if (XMLValidator.validate(xml) !== true) return ['not well-formed XML'];
  const doc = parser.parse(xml) as XmlNode[];
  const roots = doc.filter((n) => nameOf(n) !== '?xml');
  if (roots.length !== 1 || nameOf(roots[0]) !== 'Response') return ['the root element must be <Response>'];

  const visitSsml = (nodes: XmlNode[], voice: string | undefined, where: string): void => {
    for (const node of nodes) {
      const name = nameOf(node);
      if (!name || name === '#text') continue;
      const rules = SSML[name];
      if (!rules) {
        problems.push(`${where}: <${name}> is not SSML Twilio/Polly accept inside <Say>`);
        continue;
      }
      if (basicVoice(voice)) problems.push(`${where}: voice ${voice} takes no SSML, found <${name}>`);
      if (pollyNeural(voice) && name === 'emphasis') problems.push(`${where}: <emphasis> is not available for the Polly neural voice ${voice}`);
      for (const [attr, value] of Object.entries(attrsOf(node))) {
        const check = rules[attr];
        if (!check) problems.push(`${where}: <${name} ${attr}> is not a documented attribute`);
        else if (!check(value)) problems.push(`${where}: <${name} ${attr}="${value}"> is not an allowed value`);
        if (pollyNeural(voice) && name === 'prosody' && attr === 'pitch') problems.push(`${where}: <prosody pitch> is not supported by the Polly neural voice ${voice}`);
        if (name === 'prosody' && attr === 'rate' && /%$/.test(value) && (Number(value.slice(0, -1)) < 20 || Number(value.slice(0, -1)) > 200)) {
          problems.push(`${where}: <prosody rate="${value}"> is outside Polly's 20%–200%`);
        }
      }
      visitSsml(node[name] as XmlNode[], voice, `${where}/${name}`);
    }
  };

  const visit = (node: XmlNode, path: string): void => {
    const name = nameOf(node) as string;
    const here = `${path}/${name}`;
    const allowed = ATTRIBUTES[name];
    if (!allowed) {
      problems.push(`${here}: not a TwiML verb or noun the gateway may use`);
      return;
    }
    const attrs = attrsOf(node);
    for (const [attr, value] of Object.entries(attrs)) {
      const check = allowed[attr];
      if (!check) problems.push(`${here}: attribute ${attr} is not documented for <${name}>`);
      else if (!check(value)) problems.push(`${here}: ${attr}="${value}" is not an allowed value`);
    }
    const children = (node[name] as XmlNode[]) ?? [];
    const text = children.filter((c) => nameOf(c) === '#text').map((c) => String(c['#text'])).join('');
    if (name === 'Say') {
      visitSsml(children, attrs.voice, here);
      return;
    }
    if (text.trim() && !TEXT.has(name)) problems.push(`${here}: <${name}> takes no text`);
    if ((name === 'Play' || name === 'Redirect' || name === 'Number' || name === 'Sip' || name === 'Client') && !text.trim()) problems.push(`${here}: <${name}> needs its URL or address as text`);
    for (const child of children) {
      const childName = nameOf(child);
      if (!childName || childName === '#text') continue;
      if (!(CHILDREN[name] ?? []).includes(childName)) problems.push(`${here}: <${childName}> cannot be nested in <${name}>`);
      else visit(child, here);
    }
  };
  visit(roots[0], '');
  return problems;
}

/** Verb names of <Response> in order, with their attributes and text (for assertions). */
export interface TwimlVerb {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlVerb[];
}

export function verbsOf(xml: string): TwimlVerb[] {
  const doc = parser.parse(xml) as XmlNode[];
  const root = doc.find((n) => nameOf(n) === 'Response');
  const convert = (node: XmlNode): TwimlVerb => {
    const name = nameOf(node) as string;
    const kids = (node[name] as XmlNode[]) ?? [];
    const textOf = (nodes: XmlNode[]): string =>
      nodes.map((k) => (nameOf(k) === '#text' ? String(k['#text']) : textOf((k[nameOf(k) as string] as XmlNode[]) ?? []))).join('');
    return { name, attrs: attrsOf(node), text: textOf(kids), children: kids.filter((k) => nameOf(k) !== '#text').map(convert) };
  };
  return root ? ((root.Response as XmlNode[]) ?? []).filter((n) => nameOf(n) !== '#text').map(convert) : [];
}

/** Everything a caller would hear from <Say> (nested in <Gather> too), whitespace collapsed. */
export function spokenText(xml: string): string {
  const out: string[] = [];
  const walk = (verbs: TwimlVerb[]): void => {
    for (const v of verbs) {
      if (v.name === 'Say') out.push(v.text);
      else walk(v.children);
    }
  };
  walk(verbsOf(xml));
  return out.join(' ').replace(/\s+/g, ' ').trim();
}
