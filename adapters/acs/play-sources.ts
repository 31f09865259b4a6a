/**
 * VoiceXML prompts → ACS play sources: TextSource for plain text (voice from xml:lang + configuration),
 * SsmlSource when a prompt carries SSML markup or pauses, FileSource for <audio>. ACS synthesises at most
 * 4,000 characters per source, so longer text is split across sources at sentence or word boundaries.
 *
 * Sources are kept JSON-serialisable (they live in the call state) together with each file's fallback
 * content, so a file ACS cannot play (PlayFailed 8535/8536) is retried with the VoiceXML alternate content.
 */
import type { FileSource, SsmlSource, TextSource } from '@azure/communication-call-automation';
import type { Prompt, PromptSegment } from '../../contracts/platform';

export const MAX_TTS_CHARS = 4000;
const SSML_NS = 'http://www.w3.org/2001/10/synthesis';
/** Used only when SSML is unavoidable (markup, pauses) and no voice is configured for the language. */
const LAST_RESORT_VOICE = 'en-US-JennyNeural';

export type AcsPlaySource = FileSource | TextSource | SsmlSource;

export interface PlannedSource {
  source: AcsPlaySource;
  /** VoiceXML <audio> alternate content, played instead when the file fails. */
  fallback?: PlannedSource[];
}

export interface VoicePicker {
  (lang: string): string | undefined;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Splits text into pieces of at most `max` characters, preferring sentence ends, then spaces. */
export function splitText(text: string, max = MAX_TTS_CHARS): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    let cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('! '), window.lastIndexOf('? '));
    cut = cut > max / 2 ? cut + 1 : window.lastIndexOf(' ');
    if (cut <= 0) cut = max;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

function speakSsml(lang: string, voice: string, body: string): string {
  return `<speak version="1.0" xmlns="${SSML_NS}" xml:lang="${escapeXml(lang)}"><voice name="${escapeXml(voice)}">${body}</voice></speak>`;
}

type TtsSegment = Extract<PromptSegment, { kind: 'speak' } | { kind: 'pause' }>;

/** SSML fragments of a run of speak/pause segments; a segment in another language is wrapped in <lang>. */
function fragments(run: TtsSegment[], lang: string): string[] {
  return run.map((seg) => {
    if (seg.kind === 'pause') return `<break time="${Math.max(0, Math.round(seg.ms))}ms"/>`;
    const inner = seg.ssml ?? escapeXml(seg.text);
    return seg.lang && seg.lang.toLowerCase() !== lang.toLowerCase() ? `<lang xml:lang="${escapeXml(seg.lang)}">${inner}</lang>` : inner;
  });
}

function stripTags(ssml: string): string {
  return ssml
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function ttsSources(run: TtsSegment[], lang: string, pickVoice: VoicePicker): PlannedSource[] {
  const voice = pickVoice(lang);
  const needsSsml = run.some((s) => s.kind === 'pause' || s.ssml !== undefined || (s.lang !== undefined && s.lang.toLowerCase() !== lang.toLowerCase()));
  if (!needsSsml) {
    const text = run
      .map((s) => (s.kind === 'speak' ? s.text.trim() : ''))
      .filter((t) => t.length > 0)
      .join(' ');
    if (text.length === 0) return [];
    return splitText(text).map((piece) => ({
      source: { kind: 'textSource', text: piece, sourceLocale: lang, ...(voice ? { voiceName: voice } : {}) } satisfies TextSource,
    }));
  }
  const wrapVoice = voice ?? LAST_RESORT_VOICE;
  const overhead = speakSsml(lang, wrapVoice, '').length;
  const budget = MAX_TTS_CHARS - overhead;
  const chunks: string[] = [];
  let current = '';
  for (const frag of fragments(run, lang)) {
    // A single fragment larger than the budget loses its markup: splitting markup blindly would break it.
    const parts = frag.length > budget ? splitText(stripTags(frag), budget).map(escapeXml) : [frag];
    for (const part of parts) {
      if (current.length + part.length + 1 > budget && current.length > 0) {
        chunks.push(current);
        current = '';
      }
      current = current.length > 0 ? `${current} ${part}` : part;
    }
  }
  if (current.trim().length > 0) chunks.push(current);
  return chunks.map((body) => ({ source: { kind: 'ssmlSource', ssmlText: speakSsml(lang, wrapVoice, body) } satisfies SsmlSource }));
}

/** The play sources of one or more queued prompts, in order. */
export function promptsToSources(prompts: readonly Prompt[], pickVoice: VoicePicker): PlannedSource[] {
  const out: PlannedSource[] = [];
  for (const prompt of prompts) out.push(...segmentsToSources(prompt.segments, prompt.lang, pickVoice));
  return out;
}

function segmentsToSources(segments: readonly PromptSegment[], lang: string, pickVoice: VoicePicker): PlannedSource[] {
  const out: PlannedSource[] = [];
  let run: TtsSegment[] = [];
  const flush = (): void => {
    if (run.length > 0) out.push(...ttsSources(run, lang, pickVoice));
    run = [];
  };
  for (const seg of segments) {
    switch (seg.kind) {
      case 'speak':
      case 'pause':
        run.push(seg);
        break;
      case 'audio': {
        flush();
        const fallback = segmentsToSources(seg.fallback, lang, pickVoice);
        out.push({ source: { kind: 'fileSource', url: seg.url } satisfies FileSource, ...(fallback.length > 0 ? { fallback } : {}) });
        break;
      }
    }
  }
  flush();
  return out;
}

/**
 * After ACS failed to play source `index`: the sources still to play, with that file replaced by its
 * fallback (or dropped when it has none). Sources before `index` were already heard.
 */
export function sourcesAfterFailure(sources: readonly PlannedSource[], index: number | undefined): PlannedSource[] {
  const i = index !== undefined && index >= 0 && index < sources.length ? index : sources.findIndex((s) => s.source.kind === 'fileSource');
  if (i < 0) return [];
  return [...(sources[i].fallback ?? []), ...sources.slice(i + 1)];
}

/** What a source says, for logs and the simulator's transcript: text, SSML without tags, `[audio <url>]`. */
export function sourceText(source: AcsPlaySource): string {
  switch (source.kind) {
    case 'textSource':
      return source.text;
    case 'ssmlSource':
      return stripTags(source.ssmlText);
    case 'fileSource':
      return `[audio ${source.url}]`;
  }
}

export { stripTags as ssmlToText };
