/**
 * Builds the audible segments of one prompt: runs of text become `speak` segments (plain text plus SSML
 * markup when the document used SSML elements), <audio> and <break> interrupt them. SSML elements that are
 * open when a segment is cut are closed there and reopened in the next one, so every `ssml` is well formed.
 */
import type { PromptSegment } from '../../contracts/platform';

interface OpenTag {
  tag: string;
  attrs: string;
}

const XML_SPECIAL = /[&<>"]/;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeXml(s: string): string {
  // Prompt text rarely holds any of the four: one scan, and the string itself when there is none.
  return XML_SPECIAL.test(s) ? s.replace(/[&<>"]/g, (c) => XML_ESCAPES[c] as string) : s;
}

/** Whitespace other than single spaces: a run, a tab, a newline, a non-breaking space… */
const IRREGULAR_SPACE = /[^\S ]| {2}/;

function normalize(s: string): string {
  return IRREGULAR_SPACE.test(s) ? s.replace(/\s+/g, ' ').trim() : s.trim();
}

export class SegmentBuilder {
  readonly segments: PromptSegment[] = [];
  private text = '';
  /**
   * The segment as SSML — kept only once it has markup (`markup`): until then it is the escaped text, made
   * when the first markup arrives, since most prompts are plain text and never need it.
   */
  private ssml = '';
  private markup = false;
  private readonly open: OpenTag[] = [];

  constructor(private readonly lang?: string) {}

  addText(t: string): void {
    this.text += t;
    if (this.markup) this.ssml += escapeXml(t);
  }

  /** From plain text to markup: the SSML so far is the escaped text (no tag is open in a plain segment). */
  private beginMarkup(): void {
    if (this.markup) return;
    this.ssml = escapeXml(this.text);
    this.markup = true;
  }

  /** Text spoken as `spoken` in plain text but written as `markup` in SSML (e.g. <sub alias>). */
  addAlias(spoken: string, markup: string): void {
    this.beginMarkup();
    this.text += spoken;
    this.ssml += markup;
  }

  openTag(tag: string, attrs: Record<string, string>): void {
    const a = Object.entries(attrs)
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('');
    this.beginMarkup();
    this.open.push({ tag, attrs: a });
    this.ssml += `<${tag}${a}>`;
  }

  closeTag(): void {
    const t = this.open.pop();
    if (t) this.ssml += `</${t.tag}>`;
  }

  /** An empty SSML element that has no plain-text reading (<mark>). */
  addMarkup(markup: string): void {
    this.beginMarkup();
    this.ssml += markup;
  }

  addAudio(url: string, fallback: PromptSegment[]): void {
    this.flush();
    this.segments.push({ kind: 'audio', url, fallback });
  }

  addPause(ms: number): void {
    this.flush();
    if (ms > 0) this.segments.push({ kind: 'pause', ms });
  }

  private flush(): void {
    const text = normalize(this.text);
    if (text !== '') {
      const seg: PromptSegment = { kind: 'speak', text };
      if (this.markup) {
        let closing = '';
        for (let i = this.open.length - 1; i >= 0; i--) closing += `</${this.open[i].tag}>`;
        seg.ssml = normalize(this.ssml + closing);
      }
      if (this.lang) seg.lang = this.lang;
      this.segments.push(seg);
    }
    this.text = '';
    this.ssml = this.open.map((t) => `<${t.tag}${t.attrs}>`).join('');
    this.markup = this.open.length > 0;
  }

  finish(): PromptSegment[] {
    this.flush();
    return this.segments;
  }
}
