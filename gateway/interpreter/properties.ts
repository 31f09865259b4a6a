/**
 * <property> lookup (VoiceXML 2.0 §6.3): the nearest scope wins — form item, dialog, document, application
 * root — then the runtime's configured defaults, then the values below (the spec leaves most of them to
 * the platform; these are the common legacy-platform values).
 */
import type { FormItem } from '../../contracts/graph';
import type { Property } from '../../contracts/graph';
import { parseTimeMs } from './time';
import type { Turn } from './turn';

export const PLATFORM_DEFAULTS: Readonly<Record<string, string>> = {
  timeout: '5s',
  interdigittimeout: '3s',
  termtimeout: '0s',
  termchar: '#',
  completetimeout: '1s',
  incompletetimeout: '1.5s',
  maxspeechtimeout: '60s',
  bargein: 'true',
  bargeintype: 'speech',
  inputmodes: 'dtmf voice',
  confidencelevel: '0.5',
  sensitivity: '0.5',
  speedvsaccuracy: '0.5',
  fetchtimeout: '10s',
  universals: 'none',
  'xml:lang': 'en-US',
  recordmaxtime: '60s',
  recordfinalsilence: '3s',
  connecttimeout: '30s',
};

function last(props: Property[] | undefined, name: string): string | undefined {
  if (!props) return undefined;
  for (let i = props.length - 1; i >= 0; i--) if (props[i].name === name) return props[i].value;
  return undefined;
}

export function property(turn: Turn, name: string, item?: FormItem): string | undefined {
  const l = turn.live;
  if (item && 'properties' in item) {
    const v = last(item.properties, name);
    if (v !== undefined) return v;
  }
  if (l) {
    const fromDialog = last(l.dialog?.properties, name);
    if (fromDialog !== undefined) return fromDialog;
    const fromDoc = last(l.doc.properties, name);
    if (fromDoc !== undefined) return fromDoc;
    if (l.root && !l.isRoot) {
      const fromRoot = last(l.root.properties, name);
      if (fromRoot !== undefined) return fromRoot;
    }
  }
  return turn.ctx.defaults?.[name] ?? PLATFORM_DEFAULTS[name];
}

export function timeProperty(turn: Turn, name: string, item?: FormItem, fallbackMs = 0): number {
  return parseTimeMs(property(turn, name, item)) ?? parseTimeMs(turn.ctx.defaults?.[name]) ?? parseTimeMs(PLATFORM_DEFAULTS[name]) ?? fallbackMs;
}

export function boolProperty(turn: Turn, name: string, item?: FormItem, fallback = true): boolean {
  const v = property(turn, name, item);
  if (v === undefined) return fallback;
  return v.trim().toLowerCase() !== 'false';
}

export function numberProperty(turn: Turn, name: string, item?: FormItem, fallback = 0.5): number {
  const n = Number(property(turn, name, item));
  return Number.isFinite(n) ? n : fallback;
}

/** Fetch timing for a request: the element's own attribute, else the `fetchtimeout`/`*maxage` properties. */
export function fetchTiming(turn: Turn, kind: 'document' | 'script' | 'data' | 'grammar' | 'audio', attrs?: { fetchtimeout?: string; maxage?: string; maxstale?: string }) {
  const out: { fetchtimeoutMs?: number; maxageS?: number; maxstaleS?: number } = {};
  const t = parseTimeMs(attrs?.fetchtimeout ?? property(turn, 'fetchtimeout'));
  if (t !== undefined) out.fetchtimeoutMs = t;
  const age = attrs?.maxage ?? property(turn, `${kind}maxage`);
  if (age !== undefined && Number.isFinite(Number(age))) out.maxageS = Number(age);
  const stale = attrs?.maxstale ?? property(turn, `${kind}maxstale`);
  if (stale !== undefined && Number.isFinite(Number(stale))) out.maxstaleS = Number(stale);
  return out;
}
