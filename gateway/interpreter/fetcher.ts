/**
 * The fetch protocol (contracts/interpreter.ts): the k-th request of a turn is answered by `ctx.fetched[k]`;
 * a request without an answer abandons the turn with `NeedFetch`, the runtime performs it and replays the
 * turn from the same session. Throwing is deliberate here: the whole computation is discarded and redone,
 * so there is no VoiceXML control flow to preserve.
 */
import type { FetchRequest, FetchResult, StepContext } from '../../contracts/interpreter';
import type { DialogGraph } from '../../contracts/graph';

export class NeedFetch {
  constructor(readonly request: FetchRequest) {}
}

export type DocumentAnswer = { ok: true; key: string; graph: DialogGraph } | { ok: false; event: string; message: string };

export class Fetcher {
  private cursor = 0;

  constructor(private readonly ctx: StepContext) {}

  /** Answers a script, data or submit-less request, or abandons the turn. */
  request(req: FetchRequest): FetchResult {
    if (req.kind === 'script' && this.ctx.scripts) {
      const cached = this.ctx.scripts(req.uri, { maxageS: req.maxageS, maxstaleS: req.maxstaleS });
      if (cached) {
        // As for documents: an answer recorded for this very request (the cache learnt it this turn) is consumed.
        const pending = this.ctx.fetched[this.cursor];
        if (pending && pending.ok && pending.kind === 'script' && pending.uri === cached.uri) this.cursor++;
        return { ok: true, kind: 'script', uri: cached.uri, text: cached.text };
      }
    }
    const answer = this.ctx.fetched[this.cursor];
    if (answer === undefined) throw new NeedFetch(req);
    this.cursor++;
    if (answer.ok && answer.kind !== req.kind) {
      return { ok: false, event: 'error.badfetch', message: `fetch protocol: expected a ${req.kind} for ${req.uri}, got a ${answer.kind}` };
    }
    return answer;
  }

  /**
   * A document: from the runtime's cache when it holds it (GET only: a POST answer is never reused), else
   * fetched. When the cache learnt the document during this very turn (between two replays), the answer
   * recorded for our request is still consumed so later requests keep their positions.
   */
  document(req: FetchRequest & { kind: 'document' }): DocumentAnswer {
    const cacheable = req.method === 'get' && (req.body === undefined || req.body.length === 0);
    const cached = cacheable ? this.ctx.documents(req.uri) : undefined;
    if (cached) {
      const pending = this.ctx.fetched[this.cursor];
      if (pending && pending.ok && pending.kind === 'document' && pending.uri === req.uri) this.cursor++;
      return { ok: true, key: req.uri, graph: cached };
    }
    const answer = this.request(req);
    if (!answer.ok) return { ok: false, event: answer.event, message: answer.message };
    if (answer.kind !== 'document') return { ok: false, event: 'error.badfetch', message: `expected a VoiceXML document from ${req.uri}` };
    // The key never carries a fragment (the runtime may echo the one it was asked for).
    const hash = answer.uri.indexOf('#');
    return { ok: true, key: hash < 0 ? answer.uri : answer.uri.slice(0, hash), graph: answer.graph };
  }

  /** A document the session already refers to by key (current document, root, subdialog callers). */
  known(key: string, origin: FetchRequest['origin']): DocumentAnswer {
    return this.document({ kind: 'document', uri: key, method: 'get', enctype: 'application/x-www-form-urlencoded', purpose: 'goto', origin });
  }
}
