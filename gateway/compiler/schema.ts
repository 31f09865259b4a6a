/**
 * The VoiceXML 2.1 content models (W3C vxml.xsd, vxml-attribs.xsd, and the SSML 1.0 adaptation used for
 * prompts): which children, text and attributes each element may have. The checker enforces this table;
 * builders can then assume their input follows it.
 */

export interface ElementSpec {
  children: readonly string[];
  /** Mixed content: non-blank text is allowed. */
  text: boolean;
  attrs: readonly string[];
  required?: readonly string[];
  /** Content is checked elsewhere (SRGS inside <grammar>) or is free (<metadata>). */
  opaque?: boolean;
}

const CACHE = ['fetchhint', 'fetchtimeout', 'maxage', 'maxstale'] as const;
const THROW = ['event', 'eventexpr', 'message', 'messageexpr'] as const;
const NEXT = ['next', 'expr'] as const;
const SUBMIT = ['method', 'enctype', 'namelist'] as const;
const ITEM = ['name', 'cond', 'expr'] as const;
const HANDLER = ['count', 'cond'] as const;
const LANG = ['xml:lang', 'xml:base'] as const;

const AUDIO = ['audio', 'enumerate', 'value'] as const;
export const EVENT_HANDLERS = ['catch', 'help', 'noinput', 'nomatch', 'error'] as const;
export const EXECUTABLE = [
  ...AUDIO, 'assign', 'clear', 'data', 'disconnect', 'exit', 'foreach', 'goto', 'if', 'log', 'reprompt', 'return',
  'script', 'submit', 'throw', 'var', 'prompt',
] as const;
/** SSML "allowed within sentence" plus the VoiceXML additions (value, enumerate, 2.1 foreach). */
const SENTENCE = ['audio', 'break', 'emphasis', 'mark', 'phoneme', 'prosody', 'say-as', 'sub', 'voice', 'value', 'enumerate', 'foreach'] as const;
const STRUCTURE = ['p', 's', 'paragraph', 'sentence'] as const;
/** What <prompt> (an SSML <speak>) may hold. */
export const PROMPT_CONTENT = [...SENTENCE, ...STRUCTURE, 'lexicon', 'meta', 'metadata'] as const;
export const SSML_TAGS = ['emphasis', 'prosody', 'say-as', 'p', 's', 'paragraph', 'sentence', 'sub', 'phoneme', 'voice', 'lexicon', 'meta', 'metadata', 'desc', 'speak'] as const;

const spec = (children: readonly string[], text: boolean, attrs: readonly string[], required?: readonly string[]): ElementSpec =>
  required ? { children, text, attrs, required } : { children, text, attrs };

const exec = (attrs: readonly string[], required?: readonly string[]): ElementSpec => spec(EXECUTABLE, true, attrs, required);

export const ELEMENTS: Readonly<Record<string, ElementSpec>> = {
  vxml: spec(['data', ...EVENT_HANDLERS, 'form', 'link', 'menu', 'meta', 'metadata', 'property', 'script', 'var'], false,
    ['application', 'base', 'version', ...LANG, 'xsi:schemaLocation', 'xsi:noNamespaceSchemaLocation'], ['version']),
  meta: spec([], false, ['name', 'content', 'http-equiv'], ['content']),
  metadata: { children: [], text: true, attrs: [], opaque: true },
  var: spec([], false, ['name', 'expr'], ['name']),
  script: spec([], true, ['src', 'srcexpr', 'charset', ...CACHE]),
  form: spec([...EVENT_HANDLERS, 'filled', 'initial', 'object', 'link', 'property', 'record', 'script', 'subdialog', 'transfer',
    'block', 'data', 'field', 'var', 'grammar'], false, ['id', 'scope']),
  menu: spec([...AUDIO, 'choice', ...EVENT_HANDLERS, 'property', 'prompt'], true, ['id', 'scope', 'accept', 'dtmf']),
  choice: spec(['grammar', ...SENTENCE, ...STRUCTURE], true, [...CACHE, 'accept', ...THROW, 'dtmf', 'fetchaudio', ...NEXT]),
  enumerate: spec([...SENTENCE, ...STRUCTURE], true, []),
  field: spec([...AUDIO, ...EVENT_HANDLERS, 'filled', 'link', 'option', 'property', 'grammar', 'prompt'], true, [...ITEM, 'type', 'slot', 'modal']),
  option: spec([], true, ['accept', 'dtmf', 'value']),
  block: exec([...ITEM]),
  initial: spec([...AUDIO, ...EVENT_HANDLERS, 'link', 'property', 'prompt'], true, [...ITEM]),
  subdialog: spec([...AUDIO, ...EVENT_HANDLERS, 'filled', 'param', 'property', 'prompt'], true,
    [...ITEM, 'src', 'srcexpr', ...CACHE, 'fetchaudio', ...SUBMIT]),
  object: spec([...AUDIO, ...EVENT_HANDLERS, 'filled', 'param', 'property', 'prompt'], true,
    [...ITEM, ...CACHE, 'classid', 'codebase', 'data', 'type', 'codetype', 'archive']),
  record: spec([...AUDIO, ...EVENT_HANDLERS, 'filled', 'property', 'grammar', 'prompt'], true,
    [...ITEM, 'type', 'beep', 'maxtime', 'modal', 'finalsilence', 'dtmfterm']),
  transfer: spec([...AUDIO, ...EVENT_HANDLERS, 'filled', 'property', 'grammar', 'prompt'], true,
    [...ITEM, 'dest', 'destexpr', 'bridge', 'connecttimeout', 'maxtime', 'transferaudio', 'type', 'aai', 'aaiexpr']),
  filled: exec(['mode', 'namelist']),
  catch: exec(['event', ...HANDLER]),
  error: exec([...HANDLER]),
  help: exec([...HANDLER]),
  noinput: exec([...HANDLER]),
  nomatch: exec([...HANDLER]),
  link: spec(['grammar'], false, [...CACHE, ...NEXT, ...THROW, 'fetchaudio', 'dtmf']),
  grammar: { children: [], text: true, opaque: true,
    attrs: ['scope', 'weight', ...CACHE, 'src', 'srcexpr', 'type', 'mode', 'root', 'tag-format', 'version', ...LANG] },
  property: spec([], false, ['name', 'value'], ['name', 'value']),
  param: spec([], false, ['name', 'expr', 'value', 'valuetype', 'type'], ['name']),
  prompt: spec(PROMPT_CONTENT, true, ['bargein', 'bargeintype', 'count', 'cond', 'timeout', 'version', ...LANG]),
  audio: spec([...SENTENCE, ...STRUCTURE, 'desc'], true, ['src', 'expr', ...CACHE]),
  value: spec([], false, ['expr'], ['expr']),
  assign: spec([], false, ['name', 'expr'], ['name', 'expr']),
  clear: spec([], false, ['namelist']),
  if: spec([...EXECUTABLE, 'elseif', 'else'], true, ['cond'], ['cond']),
  elseif: spec([], false, ['cond'], ['cond']),
  else: spec([], false, []),
  goto: spec([], false, [...CACHE, ...NEXT, 'fetchaudio', 'expritem', 'nextitem']),
  submit: spec([], false, [...CACHE, ...NEXT, 'fetchaudio', ...SUBMIT]),
  return: spec([], false, ['namelist', ...THROW]),
  exit: spec([], false, ['expr', 'namelist']),
  disconnect: spec([], false, ['namelist']),
  throw: spec([], false, [...THROW]),
  reprompt: spec([], false, []),
  log: spec(['value'], true, ['label', 'expr']),
  data: spec([], false, [...CACHE, 'name', 'src', 'srcexpr', 'fetchaudio', ...SUBMIT]),
  /** <foreach> as executable content (VoiceXML 2.1 §6). */
  foreach: exec(['array', 'item'], ['array', 'item']),
  /** <foreach> inside a prompt: its content is prompt content. */
  'foreach#prompt': spec([...SENTENCE, ...STRUCTURE], true, ['array', 'item'], ['array', 'item']),
  // ---- SSML 1.0 inside prompts
  break: spec([], false, ['time', 'strength', 'size']),
  mark: spec([], false, ['name', 'nameexpr']),
  emphasis: spec(SENTENCE, true, ['level']),
  prosody: spec([...SENTENCE, ...STRUCTURE], true, ['pitch', 'contour', 'range', 'rate', 'duration', 'volume']),
  'say-as': spec(['value'], true, ['interpret-as', 'format', 'detail'], ['interpret-as']),
  sub: spec([], true, ['alias'], ['alias']),
  phoneme: spec([], true, ['ph', 'alphabet'], ['ph']),
  voice: spec([...SENTENCE, ...STRUCTURE], true, ['gender', 'age', 'variant', 'name', ...LANG]),
  p: spec([...SENTENCE, 's', 'sentence'], true, [...LANG]),
  paragraph: spec([...SENTENCE, 's', 'sentence'], true, [...LANG]),
  s: spec(SENTENCE, true, [...LANG]),
  sentence: spec(SENTENCE, true, [...LANG]),
  lexicon: spec([], false, ['uri', 'type'], ['uri']),
  desc: spec([], true, [...LANG]),
};

/** Elements whose content is prompt content (so a <foreach> inside is the prompt variant). */
export const PROMPT_CONTEXT = new Set<string>(['prompt', 'enumerate', 'audio', 'choice', 'foreach#prompt', ...SSML_TAGS]);

/** VoiceXML 2.0/2.1 properties (§6.3) — others are platform-specific. */
export const KNOWN_PROPERTIES = new Set<string>([
  'confidencelevel', 'sensitivity', 'speedvsaccuracy', 'completetimeout', 'incompletetimeout', 'maxspeechtimeout',
  'interdigittimeout', 'termtimeout', 'termchar', 'inputmodes', 'bargein', 'bargeintype', 'timeout', 'universals',
  'maxnbest', 'fetchaudio', 'fetchaudiodelay', 'fetchaudiominimum', 'fetchtimeout', 'audiofetchhint', 'audiomaxage',
  'audiomaxstale', 'documentfetchhint', 'documentmaxage', 'documentmaxstale', 'grammarfetchhint', 'grammarmaxage',
  'grammarmaxstale', 'objectfetchhint', 'objectmaxage', 'objectmaxstale', 'scriptfetchhint', 'scriptmaxage',
  'scriptmaxstale', 'datafetchhint', 'datamaxage', 'datamaxstale', 'recordutterance', 'recordutterancetype',
]);
