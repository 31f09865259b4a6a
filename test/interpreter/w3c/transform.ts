/**
 * The W3C IR test stylesheet (irtest.xslt, "Copyright 1998-2003 W3C (MIT, ERCIM, Keio)") re-expressed in
 * TypeScript so the suite runs without an XSLT processor: `conf:` test-API elements become plain VoiceXML.
 * Changes from the stylesheet: none in behaviour; comments are stripped the same way.
 */
import { XMLParser } from 'fast-xml-parser';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  allowBooleanAttributes: true,
});

const WORDS: Record<string, string> = {
  alpha: 'chicago',
  bravo: 'san francisco',
  charlie: 'new york',
  delta: 'london',
  echo: 'tokyo',
  foxtrot: 'truth or consequences',
  golf: 'hackensack',
  hotel: 'standardsville',
  help: 'help',
  cancel: 'cancel',
  exit: 'exit',
  yes: 'yes',
};

const NAMES: Record<string, string> = {
  alpha: 'Chicago',
  bravo: 'San Francisco',
  charlie: 'New York',
  delta: 'London',
  echo: 'Tokyo',
  foxtrot: 'Truth or Consequences',
  golf: 'Hackensack',
  hotel: 'Standardsville',
  help: 'help',
  cancel: 'cancel',
  exit: 'exit',
  yes: 'yes',
};

export function spokenWords(token: string): string | undefined {
  return WORDS[token];
}

function tagOf(n: Node): string | undefined {
  return Object.keys(n).find((k) => k !== ':@');
}

function attrsOf(n: Node): Record<string, string> {
  return (n[':@'] as Record<string, string> | undefined) ?? {};
}

function childrenOf(n: Node): Node[] {
  const t = tagOf(n);
  const c = t ? n[t] : undefined;
  return Array.isArray(c) ? (c as Node[]) : [];
}

function escAttr(v: string): string {
  return v.replace(/"/g, '&quot;');
}

function attrText(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => (v === undefined ? ` ${k}` : ` ${k}="${escAttr(String(v))}"`))
    .join('');
}

let ids = 0;

function prompt(text: string, taper: boolean): string {
  if (!taper) return `<prompt> ${text}. </prompt>`;
  return `<prompt count="1"> ${text}. </prompt><prompt count="2"> ${text} again. </prompt><prompt count="3"> ${text} one more time. </prompt>`;
}

function keys(nodes: Node[], path: string): string {
  let out = '';
  for (const k of nodes) {
    if (tagOf(k) !== 'conf:key') continue;
    const a = attrsOf(k);
    const lhs = path === '' ? `var ${a.name}` : `${path}.${a.name}`;
    if (a.value !== undefined) out += `${lhs}='${a.value}'; `;
    else out += `${lhs}=new Object(); ` + keys(childrenOf(k), path === '' ? a.name : `${path}.${a.name}`);
  }
  return out;
}

function conf(tag: string, n: Node, parent: string): string {
  const a = attrsOf(n);
  const inHandlerOrBlock = parent === 'nomatch' || parent === 'noinput' || parent === 'block';
  switch (tag) {
    case 'conf:pass':
      return '<prompt>pass</prompt><exit/>';
    case 'conf:fail': {
      let s = '<prompt>fail</prompt>';
      if (a.reason) s += `<log>failure reason: ${a.reason}</log><prompt>${a.reason}</prompt>`;
      if (a.expr) s += `<log>failure expression: <value expr="${escAttr(a.expr)}"/></log><prompt><value expr="${escAttr(a.expr)}"/></prompt>`;
      return s + '<exit/>';
    }
    case 'conf:comment':
      return `<log>${serialize(childrenOf(n), 'log')}</log>`;
    case 'conf:hangup':
      return '<prompt> Hang up now. </prompt>';
    case 'conf:recording':
      if (a.value === 'nonspeech') return prompt("Recite your favorite nursery rhyme, for example, 'Little Miss Muffett'", true);
      return prompt(`Recite a sentence containing the word '${NAMES[a.value ?? ''] ?? ''}'`, true);
    case 'conf:noinput':
      return prompt('No input expected. Say nothing', true);
    case 'conf:nomatch':
      return prompt('Say something unrecognizable', true);
    case 'conf:speech':
      return prompt(`Say '${NAMES[a.value ?? ''] ?? ''}'`, !inHandlerOrBlock);
    case 'conf:dtmf':
      return prompt(`Press '${a.value ?? ''}'`, !inHandlerOrBlock);
    case 'conf:phrase':
      return NAMES[a.utterance ?? ''] ?? '';
    case 'conf:grammar': {
      const root = `CityName${++ids}`;
      const words = WORDS[a.utterance ?? ''] ?? '';
      const hasKeys = childrenOf(n).some((c) => tagOf(c) === 'conf:key');
      const tag = hasKeys ? `<tag>${keys(childrenOf(n), '')}</tag>` : a.interp !== undefined ? `<tag>'${a.interp}'</tag>` : '';
      return `<grammar type="application/srgs+xml" root="${root}" version="1.0"><rule id="${root}" scope="public"><one-of><item>${words}${tag}</item></one-of></rule></grammar>`;
    }
    default:
      return '';
  }
}

function serialize(nodes: Node[], parent: string): string {
  let out = '';
  for (const n of nodes) {
    if ('#text' in n) {
      out += String(n['#text']);
      continue;
    }
    if ('#comment' in n) continue;
    if ('#cdata' in n) {
      const c = n['#cdata'] as Node[];
      out += `<![CDATA[${c.map((x) => String(x['#text'] ?? '')).join('')}]]>`;
      continue;
    }
    const tag = tagOf(n);
    if (!tag) continue;
    if (tag === '?xml') continue;
    if (tag.startsWith('conf:')) {
      out += conf(tag, n, parent);
      continue;
    }
    const attrs = { ...attrsOf(n) };
    delete attrs['xmlns:conf'];
    const kids = childrenOf(n);
    out += kids.length === 0 ? `<${tag}${attrText(attrs)}/>` : `<${tag}${attrText(attrs)}>${serialize(kids, tag)}</${tag}>`;
  }
  return out;
}

/** TXML text → VoiceXML text. */
export function txmlToVxml(text: string): string {
  const nodes = parser.parse(text) as Node[];
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialize(nodes, '')}`;
}
