/**
 * VoiceXML 1.0 and pre-SSML-1.0 markup that legacy applications still carry, rewritten in place (before the
 * structure check) into its VoiceXML 2.x / SSML 1.0 equivalent, each rewrite reported as a warning so lint
 * and assess show what was read differently. These are the forms the VoiceXML 2.0 Recommendation lists as
 * changed from 1.0 (Appendix L) and the say-as syntax of the SSML drafts 2.0-era platforms implemented:
 *
 *   <emp>            → <emphasis>                 <pros vol=…>  → <prosody volume=…>
 *   <sayas class=…>  → <say-as interpret-as=…>    <sayas sub=…> → <sub alias=…>   <sayas phon=…> → <phoneme>
 *   <div type="sentence|paragraph"> → <s> / <p>   <break msecs|size> → <break time|strength>
 *   <dtmf …>         → <grammar mode="dtmf" …>     caching="safe" → maxage="0" (dropped otherwise)
 *   <say-as type="number:digits"> → interpret-as="number" format="digits" (SSML 2001–2003 drafts)
 *   <vxml> without version → version="2.0"        <vxml lang> → xml:lang
 *   telephone.disconnect.* events → connection.disconnect.*
 *   <break time="500"> (no unit) → time="500ms"
 *   <var|assign|param expr="">  → undefined (what evaluating "" gave on the Rhino/SpiderMonkey platforms)
 */
import type { Reporter } from './diagnostics';
import { NS, type El } from './xml/ast';

const ELEMENT_RENAMES: Record<string, string> = { emp: 'emphasis', pros: 'prosody', dtmf: 'grammar' };
const BREAK_SIZES: Record<string, string> = { none: 'none', small: 'weak', medium: 'medium', large: 'strong' };
const CACHING_ELEMENTS = new Set(['audio', 'choice', 'dtmf', 'goto', 'grammar', 'link', 'object', 'script', 'subdialog', 'submit', 'data']);
const EVENT_RENAMES: [RegExp, string][] = [[/^telephone\.disconnect(?=\.|$)/, 'connection.disconnect']];

export function normalizeLegacyMarkup(root: El, r: Reporter): void {
  if (!root.attrs.has('version')) {
    r.report('missing-version', root.loc);
    root.attrs.set('version', { name: 'version', value: '2.0' });
  }
  renameAttr(root, 'lang', 'xml:lang', r, 'the VoiceXML 1.0 name of xml:lang');
  visit(root, r, false);
}

function visit(el: El, r: Reporter, inPrompt: boolean): void {
  for (const child of el.children) {
    if (child.type !== 'el' || (child.ns !== '' && child.ns !== NS.vxml && child.ns !== NS.ssml)) continue;
    rewrite(child, r, inPrompt);
    visit(child, r, inPrompt || child.name === 'prompt' || child.name === 'audio');
  }
}

function rewrite(el: El, r: Reporter, inPrompt: boolean): void {
  const original = el.rawName;
  if (el.attrs.has('caching') && CACHING_ELEMENTS.has(el.name)) {
    const v = el.attrs.get('caching')?.value ?? '';
    el.attrs.delete('caching');
    if (v === 'safe' && !el.attrs.has('maxage')) el.attrs.set('maxage', { name: 'maxage', value: '0' });
    r.report('legacy-markup', el.loc, { what: `attribute caching="${v}" on <${original}>`, now: v === 'safe' ? 'maxage="0" (always fetch anew)' : 'the default caching (the attribute is dropped)' });
  }
  switch (el.name) {
    case 'emp':
    case 'pros':
    case 'dtmf':
    {
      if (el.name === 'dtmf' && inPrompt) return;
      const to = ELEMENT_RENAMES[el.name];
      rename(el, to);
      if (to === 'grammar') el.attrs.set('mode', { name: 'mode', value: 'dtmf' });
      if (to === 'prosody') renameAttr(el, 'vol', 'volume', r, '');
      r.report('legacy-markup', el.loc, { what: `<${original}> (VoiceXML 1.0)`, now: to === 'grammar' ? '<grammar mode="dtmf">' : `<${to}>` });
      return;
    }
    case 'sayas':
      sayas(el, r);
      return;
    case 'div': {
      const type = el.attrs.get('type')?.value ?? 'sentence';
      el.attrs.delete('type');
      rename(el, type === 'paragraph' ? 'p' : 's');
      r.report('legacy-markup', el.loc, { what: `<div type="${type}"> (VoiceXML 1.0)`, now: `<${el.name}>` });
      return;
    }
    case 'break':
      breakAttrs(el, r);
      return;
    case 'say-as': {
      const type = el.attrs.get('type');
      if (type === undefined || el.attrs.has('interpret-as')) return;
      el.attrs.delete('type');
      const [interpret, format] = type.value.split(':', 2);
      el.attrs.set('interpret-as', { name: 'interpret-as', value: interpret });
      if (format !== undefined && !el.attrs.has('format')) el.attrs.set('format', { name: 'format', value: format });
      r.report('legacy-markup', el.loc, { what: `<say-as type="${type.value}"> (SSML draft syntax)`, now: `<say-as interpret-as="${interpret}"${format !== undefined ? ` format="${format}"` : ''}>` });
      return;
    }
    case 'var':
    case 'assign':
    case 'param': {
      // `expr="<%= value %>"` with an empty value: the Rhino/SpiderMonkey platforms evaluated "" to undefined.
      const expr = el.attrs.get('expr');
      if (expr === undefined || /\S/.test(expr.value)) return;
      if (el.name === 'var') el.attrs.delete('expr');
      else el.attrs.set('expr', { ...expr, value: 'undefined' });
      r.report('legacy-markup', el.loc, { what: `<${original} expr="${expr.value}"> (an empty expression, often a template that printed nothing)`, now: el.name === 'var' ? `<${original}> without expr (undefined)` : `expr="undefined"` });
      return;
    }
    case 'catch':
    case 'throw': {
      const ev = el.attrs.get('event');
      if (ev === undefined) return;
      const renamed = ev.value.split(/\s+/).map((e) => EVENT_RENAMES.reduce((acc, [re, to]) => acc.replace(re, to), e)).join(' ');
      if (renamed !== ev.value) {
        r.report('legacy-markup', el.loc, { what: `event "${ev.value}" (VoiceXML 1.0 name)`, now: `"${renamed}"` });
        el.attrs.set('event', { ...ev, value: renamed });
      }
      return;
    }
    default:
      return;
  }
}

function sayas(el: El, r: Reporter): void {
  const sub = el.attrs.get('sub')?.value;
  const phon = el.attrs.get('phon')?.value;
  const cls = el.attrs.get('class')?.value;
  el.attrs.clear();
  if (sub !== undefined) {
    rename(el, 'sub');
    el.attrs.set('alias', { name: 'alias', value: sub });
  } else if (phon !== undefined) {
    rename(el, 'phoneme');
    el.attrs.set('ph', { name: 'ph', value: phon });
  } else {
    rename(el, 'say-as');
    el.attrs.set('interpret-as', { name: 'interpret-as', value: cls ?? 'literal' });
  }
  r.report('legacy-markup', el.loc, { what: '<sayas> (VoiceXML 1.0)', now: `<${el.name}>` });
}

function breakAttrs(el: El, r: Reporter): void {
  const msecs = el.attrs.get('msecs');
  if (msecs !== undefined) {
    el.attrs.delete('msecs');
    if (!el.attrs.has('time')) el.attrs.set('time', { name: 'time', value: `${msecs.value.trim()}ms` });
    r.report('legacy-markup', el.loc, { what: `<break msecs="${msecs.value}"> (VoiceXML 1.0)`, now: `<break time="${msecs.value.trim()}ms">` });
  }
  const time = el.attrs.get('time');
  if (time !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(time.value)) {
    // SSML requires a unit; Voxeo and Nuance read a bare number as milliseconds (as VoiceXML timeouts are read).
    el.attrs.set('time', { ...time, value: `${time.value.trim()}ms` });
    r.report('legacy-markup', el.loc, { what: `<break time="${time.value}"> (no unit)`, now: `<break time="${time.value.trim()}ms">` });
  }
  const size = el.attrs.get('size');
  if (size !== undefined && BREAK_SIZES[size.value] !== undefined) {
    el.attrs.delete('size');
    if (!el.attrs.has('strength')) el.attrs.set('strength', { name: 'strength', value: BREAK_SIZES[size.value] });
    r.report('legacy-markup', el.loc, { what: `<break size="${size.value}"> (VoiceXML 1.0)`, now: `<break strength="${BREAK_SIZES[size.value]}">` });
  }
}

function rename(el: El, name: string): void {
  const colon = el.rawName.indexOf(':');
  el.name = name;
  el.rawName = colon > 0 ? `${el.rawName.slice(0, colon + 1)}${name}` : name;
}

function renameAttr(el: El, from: string, to: string, r: Reporter, why: string): void {
  const a = el.attrs.get(from);
  if (a === undefined || a.ns !== undefined) return;
  el.attrs.delete(from);
  if (!el.attrs.has(to)) el.attrs.set(to, { name: to, value: a.value });
  if (why) r.report('legacy-markup', el.loc, { what: `attribute ${from} on <${el.rawName}> (${why})`, now: to });
}
