/**
 * Reads a TwiML document as Twilio does: the verbs of <Response> in order, with the attributes the simulator
 * acts on. Anything Twilio would reject (not TwiML, an unknown verb, a verb nested where it cannot be) is an
 * error, so the gateway's answers are checked on every simulated turn.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type SpokenVerb = { kind: 'say'; text: string; voice?: string; language?: string } | { kind: 'play'; url: string } | { kind: 'pause'; seconds: number };

export interface GatherVerb {
  kind: 'gather';
  input: { dtmf: boolean; speech: boolean };
  action?: string;
  actionOnEmptyResult: boolean;
  timeout: number;
  numDigits?: number;
  finishOnKey: string;
  nested: SpokenVerb[];
}

export interface RecordVerb {
  kind: 'record';
  action?: string;
  maxLength: number;
  finishOnKey: string;
  playBeep: boolean;
}

export interface DialVerb {
  kind: 'dial';
  action?: string;
  timeout: number;
  timeLimit?: number;
  /** `tel:<number>`, the SIP URI, or `client:<identity>`. */
  dest: string;
}

export type Verb = SpokenVerb | GatherVerb | RecordVerb | DialVerb | { kind: 'redirect'; url: string } | { kind: 'hangup' };

type Node = Record<string, unknown>;

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

export class TwimlError extends Error {
  constructor(message: string) {
    super(`invalid TwiML: ${message}`);
    this.name = 'TwimlError';
  }
}

export function readTwiml(xml: string): Verb[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new TwimlError(`${valid.err.msg} (line ${valid.err.line})`);
  const root = (parser.parse(xml) as Node[]).filter((n) => !('?xml' in n));
  if (root.length !== 1 || !('Response' in root[0])) throw new TwimlError('the document element must be <Response>');
  return children(root[0], 'Response').map(readVerb);
}

function nameOf(node: Node): string {
  const name = Object.keys(node).find((k) => k !== ':@');
  if (!name) throw new TwimlError('empty node');
  return name;
}

function children(node: Node, name: string): Node[] {
  const value = node[name];
  return (Array.isArray(value) ? (value as Node[]) : []).filter((n) => !('#text' in n && String(n['#text']).trim() === ''));
}

function attrs(node: Node): Record<string, string> {
  const a = node[':@'];
  return typeof a === 'object' && a !== null ? (a as Record<string, string>) : {};
}

function text(node: Node, name: string): string {
  return (Array.isArray(node[name]) ? (node[name] as Node[]) : []).map((n) => ('#text' in n ? String(n['#text']) : '')).join('').trim();
}

/** What a caller hears of a <Say>: its text, SSML <sub> read as its alias, <break> as a gap. */
function spokenText(nodes: Node[]): string {
  let out = '';
  for (const n of nodes) {
    if ('#text' in n) {
      out += String(n['#text']);
      continue;
    }
    const name = nameOf(n);
    if (name === 'break') out += ' ';
    else if (name === 'sub' && attrs(n).alias !== undefined) out += ` ${attrs(n).alias} `;
    else out += spokenText(Array.isArray(n[name]) ? (n[name] as Node[]) : []);
  }
  return out;
}

/**
 * The voice's engine refuses markup it does not support, and Twilio then fails the <Say>: Amazon Polly neural
 * (generative, long-form) voices have no <emphasis> and no <prosody pitch>, a <break> lasts at most 10 s, a
 * <prosody rate> percentage is 20–200 % (docs.aws.amazon.com/polly/latest/dg/supportedtags.html); Twilio's
 * basic voices (man, woman, alice) take no SSML.
 */
function checkVoiceMarkup(nodes: Node[], voice: string | undefined): void {
  const neural = voice !== undefined && /^Polly\.[A-Za-z]+-(Neural|Generative|LongForm)$/i.test(voice);
  const basic = voice !== undefined && /^(man|woman|alice)$/i.test(voice);
  for (const n of nodes) {
    if ('#text' in n) continue;
    const name = nameOf(n);
    const a = attrs(n);
    if (basic) throw new TwimlError(`<Say voice="${voice}"> takes no SSML, found <${name}>`);
    if (neural && name === 'emphasis') throw new TwimlError(`<emphasis> is not available for the Polly neural voice ${voice}`);
    if (neural && name === 'prosody' && a.pitch !== undefined) throw new TwimlError(`<prosody pitch> is not supported by the Polly neural voice ${voice}`);
    const rate = /^(\d+(?:\.\d+)?)%$/.exec(a.rate ?? '');
    if (name === 'prosody' && rate && (Number(rate[1]) < 20 || Number(rate[1]) > 200)) throw new TwimlError(`<prosody rate="${a.rate}"> is outside Polly's 20%–200%`);
    const pause = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(a.time ?? '');
    if (name === 'break' && pause && Number(pause[1]) * (pause[2] === 's' ? 1000 : 1) > 10_000) throw new TwimlError(`<break time="${a.time}"> is longer than Polly's 10 s`);
    checkVoiceMarkup(Array.isArray(n[name]) ? (n[name] as Node[]) : [], voice);
  }
}

function int(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new TwimlError(`${what}="${value}" is not a whole number`);
  return Number(value);
}

function bool(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value === 'true';
}

function readSpoken(node: Node, where: string): SpokenVerb {
  const name = nameOf(node);
  const a = attrs(node);
  switch (name) {
    case 'Say': {
      const content = Array.isArray(node.Say) ? (node.Say as Node[]) : [];
      checkVoiceMarkup(content, a.voice);
      return { kind: 'say', text: spokenText(content).replace(/\s+/g, ' ').trim(), voice: a.voice, language: a.language };
    }
    case 'Play': {
      const url = text(node, 'Play');
      if (!url) throw new TwimlError('<Play> without a URL');
      return { kind: 'play', url };
    }
    case 'Pause':
      return { kind: 'pause', seconds: int(a.length, 1, 'Pause length') };
    default:
      throw new TwimlError(`<${name}> cannot appear ${where}`);
  }
}

function readVerb(node: Node): Verb {
  const name = nameOf(node);
  const a = attrs(node);
  switch (name) {
    case 'Say':
    case 'Play':
    case 'Pause':
      return readSpoken(node, 'in <Response>');
    case 'Gather': {
      const input = (a.input ?? 'dtmf').split(/\s+/);
      return {
        kind: 'gather',
        input: { dtmf: input.includes('dtmf'), speech: input.includes('speech') },
        action: a.action,
        actionOnEmptyResult: bool(a.actionOnEmptyResult, false),
        timeout: int(a.timeout, 5, 'Gather timeout'),
        numDigits: a.numDigits === undefined ? undefined : int(a.numDigits, 0, 'Gather numDigits'),
        finishOnKey: a.finishOnKey ?? '#',
        nested: children(node, 'Gather').map((n) => readSpoken(n, 'inside <Gather>')),
      };
    }
    case 'Record':
      return {
        kind: 'record',
        action: a.action,
        maxLength: int(a.maxLength, 3600, 'Record maxLength'),
        finishOnKey: a.finishOnKey ?? '1234567890*#',
        playBeep: bool(a.playBeep, true),
      };
    case 'Dial': {
      const nouns = children(node, 'Dial');
      let dest: string;
      if (nouns.length === 0) dest = `tel:${text(node, 'Dial')}`;
      else if (nouns.length === 1) {
        const noun = nameOf(nouns[0]);
        const value = text(nouns[0], noun);
        if (noun === 'Number') dest = `tel:${value}`;
        else if (noun === 'Sip') dest = value;
        else if (noun === 'Client') dest = `client:${value}`;
        else throw new TwimlError(`<Dial> noun <${noun}> is not simulated`);
      } else throw new TwimlError('<Dial> with several nouns is not simulated');
      return {
        kind: 'dial',
        action: a.action,
        timeout: int(a.timeout, 30, 'Dial timeout'),
        timeLimit: a.timeLimit === undefined ? undefined : int(a.timeLimit, 14400, 'Dial timeLimit'),
        dest,
      };
    }
    case 'Redirect': {
      const url = text(node, 'Redirect');
      if (!url) throw new TwimlError('<Redirect> without a URL');
      return { kind: 'redirect', url };
    }
    case 'Hangup':
      return { kind: 'hangup' };
    default:
      throw new TwimlError(`<${name}> is not a TwiML voice verb the simulator knows`);
  }
}
