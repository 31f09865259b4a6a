/**
 * Test harness for the pure interpreter: compiles in-memory documents with the real compiler, runs the
 * real ECMAScript sandbox, services the interpreter's fetch requests from in-memory maps (documents,
 * scripts, <data> XML, submit answers keyed by "METHOD uri"), and round-trips the session through JSON
 * between turns like a session store would.
 */
import { compile } from '../../gateway/compiler';
import { createRealm } from '../../gateway/ecmascript';
import { step } from '../../gateway/interpreter';
import { parseXmlData } from '../../gateway/runtime/xml-data';
import type { DialogGraph } from '../../contracts/graph';
import type { FetchRequest, FetchResult, InterpreterEvent, StepContext, TraceEntry } from '../../contracts/interpreter';
import type { ActiveGrammarRef, ListenAction, PlatformAction, Prompt, PromptSegment } from '../../contracts/platform';
import type { RecognitionResult } from '../../contracts/grammar';
import type { SessionState } from '../../contracts/session';

export interface Site {
  docs?: Record<string, string>;
  scripts?: Record<string, string>;
  data?: Record<string, string>;
  /** Answers to POST (or any submit) requests: key "POST http://…" or "GET http://…". */
  submits?: Record<string, string>;
  /** Serves anything the maps above do not hold (a file tree, a scripted back end). */
  fallback?: (req: FetchRequest) => FetchResult | undefined;
}

export interface Turn {
  actions: PlatformAction[];
  trace: TraceEntry[];
  prompts: Prompt[];
  /** Everything spoken this turn (speak texts and audio fallbacks), whitespace-normalised. */
  heard: string;
  last: PlatformAction;
}

const realm = createRealm({ name: 'interpreter-tests' });

export function segmentsText(segs: PromptSegment[]): string {
  return segs
    .map((s) => (s.kind === 'speak' ? s.text : s.kind === 'audio' ? `[audio ${s.url}${s.fallback.length ? ` | ${segmentsText(s.fallback)}` : ''}]` : ''))
    .filter(Boolean)
    .join(' ');
}

export class Call {
  session: SessionState | null = null;
  readonly requests: FetchRequest[] = [];
  readonly turns: Turn[] = [];
  private readonly cache = new Map<string, DialogGraph>();
  sizes: number[] = [];

  constructor(
    private readonly site: Site,
    private readonly opts: { maxTransitions?: number; defaults?: Record<string, string>; now?: number } = {},
  ) {}

  private graph(uri: string, text: string): DialogGraph {
    const g = compile(text, uri);
    this.cache.set(uri, g);
    return g;
  }

  /** The compiled documents handed out so far, by the key they were handed under. */
  graphOf(key: string): DialogGraph | undefined {
    return this.cache.get(key);
  }

  private serve(req: FetchRequest): FetchResult {
    this.requests.push(req);
    switch (req.kind) {
      case 'document': {
        if (req.purpose === 'submit' || req.method === 'post') {
          const text = this.site.submits?.[`${req.method.toUpperCase()} ${req.uri}`];
          if (text !== undefined) {
            // Like the runtime: a POST answer gets a key of its own, so later turns can ask for it again.
            const key = req.method === 'post' ? `${req.uri}?post=${this.requests.length}` : req.uri;
            const graph = compile(text, req.uri);
            this.cache.set(key, graph);
            return { ok: true, kind: 'document', uri: key, graph };
          }
        }
        const text = this.site.docs?.[req.uri];
        if (text === undefined) {
          const other = this.site.fallback?.(req);
          if (other && other.ok && other.kind === 'document') this.cache.set(other.uri, other.graph);
          if (other) return other;
          return { ok: false, event: 'error.badfetch.http.404', message: `404 Not Found: ${req.uri}` };
        }
        return { ok: true, kind: 'document', uri: req.uri, graph: this.graph(req.uri, text) };
      }
      case 'script': {
        const text = this.site.scripts?.[req.uri];
        if (text === undefined) return this.site.fallback?.(req) ?? { ok: false, event: 'error.badfetch.http.404', message: `404 Not Found: ${req.uri}` };
        return { ok: true, kind: 'script', uri: req.uri, text };
      }
      case 'data': {
        const text = this.site.data?.[req.uri];
        if (text === undefined) return this.site.fallback?.(req) ?? { ok: false, event: 'error.badfetch.http.404', message: `404 Not Found: ${req.uri}` };
        return { ok: true, kind: 'data', uri: req.uri, xml: parseXmlData(text, req.uri) };
      }
    }
  }

  private ctx(fetched: FetchResult[]): StepContext {
    const c: StepContext = {
      documents: (uri) => this.cache.get(uri),
      fetched,
      now: this.opts.now ?? Date.UTC(2024, 0, 15, 12, 0, 0),
      seed: 42,
      limits: { maxTransitionsPerTurn: this.opts.maxTransitions ?? 200, scriptTimeoutMs: 2000 },
    };
    if (this.opts.defaults) c.defaults = this.opts.defaults;
    return c;
  }

  send(event: InterpreterEvent): Turn {
    const fetched: FetchResult[] = [];
    const stored = this.session === null ? null : (JSON.parse(JSON.stringify(this.session)) as SessionState);
    for (let i = 0; i < 100; i++) {
      const out = step(stored, event, this.ctx(fetched), realm);
      if (out.status === 'need') {
        fetched.push(this.serve(out.request));
        continue;
      }
      const json = JSON.stringify(out.session);
      this.sizes.push(json.length);
      this.session = JSON.parse(json) as SessionState;
      const prompts = out.actions.flatMap((a) => (a.kind === 'play' ? a.prompts : []));
      const heard = prompts.map((p) => segmentsText(p.segments)).join(' ').replace(/\s+/g, ' ').trim();
      const turn: Turn = { actions: out.actions, trace: out.trace, prompts, heard, last: out.actions[out.actions.length - 1] as PlatformAction };
      this.turns.push(turn);
      return turn;
    }
    throw new Error('too many fetches in one turn');
  }

  start(entry: string, extra: Partial<InterpreterEvent & { kind: 'start' }> = {}): Turn {
    return this.send({ kind: 'start', callId: 'call-1', channel: 'sim', entry, from: '+15551230000', to: '+18005550100', ...extra } as InterpreterEvent);
  }

  get listen(): ListenAction {
    const last = this.turns[this.turns.length - 1]?.last;
    if (!last || last.kind !== 'listen') throw new Error(`the call is not listening (last action: ${JSON.stringify(last)})`);
    return last;
  }

  /** The key of an active grammar: the n-th of the given scope (default: the first of the list). */
  grammar(pick?: (g: ActiveGrammarRef, i: number) => boolean): string {
    const g = pick ? this.listen.grammars.find(pick) : this.listen.grammars[0];
    if (!g) throw new Error(`no such active grammar among ${JSON.stringify(this.listen.grammars)}`);
    return g.key;
  }

  recognize(interpretation: unknown, opts: { utterance?: string; grammar?: string; inputmode?: 'dtmf' | 'voice'; confidence?: number } = {}): Turn {
    const result: RecognitionResult = {
      grammar: opts.grammar ?? this.grammar(),
      utterance: opts.utterance ?? (typeof interpretation === 'string' ? interpretation : JSON.stringify(interpretation)),
      confidence: opts.confidence ?? 0.9,
      inputmode: opts.inputmode ?? 'voice',
      interpretation,
      path: 'grammar',
    };
    return this.send({ kind: 'recognized', result });
  }

  noinput(): Turn {
    return this.send({ kind: 'noinput' });
  }

  nomatch(utterance = 'mumble'): Turn {
    return this.send({ kind: 'nomatch', utterance, inputmode: 'voice' });
  }

  hangup(): Turn {
    return this.send({ kind: 'hangup' });
  }

  logs(): string[] {
    return this.turns.flatMap((t) => t.trace.flatMap((e) => (e.kind === 'log' ? [e.message] : [])));
  }

  events(): string[] {
    return this.turns.flatMap((t) => t.trace.flatMap((e) => (e.kind === 'event' ? [e.event] : [])));
  }

  /** Events with their messages, for diagnosing a failing scenario. */
  eventDetails(): string[] {
    return this.turns.flatMap((t) => t.trace.flatMap((e) => (e.kind === 'event' ? [`${e.event}${e.message ? `: ${e.message}` : ''}`] : [])));
  }
}

/** Wraps a body in a VoiceXML 2.1 document. */
export function vxml(body: string, attrs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml" ${attrs}>\n${body}\n</vxml>`;
}
