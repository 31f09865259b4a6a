/**
 * Twilio's webhooks as express routes (mounted at /twilio by the server):
 *   POST voice   — "a call comes in": starts the call (or answers a retried start again)
 *   POST gather  — <Gather> action: keys, speech, or nothing (actionOnEmptyResult)
 *   POST record  — <Record> action, and the <Redirect> after an empty recording
 *   POST dial    — <Dial> action: the transfer result
 *   POST status  — call status callback: a caller who hung up becomes connection.disconnect.hangup
 * Each request: signature check → zod validation → one runtime turn → TwiML. Never a 500: a call the gateway
 * cannot continue hears an apology and is hung up.
 */
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { PlatformAction, PlatformEvent } from '../../contracts/platform';
import { afterSlice, ConcurrentTurnError, UnknownCallError, type CallRuntime, type SliceGate, type TurnResult } from '../../gateway/index';
import { DEFAULT_VOICES, type TwilioConfig } from './config';
import { VoiceBook } from './voices';
import { AppSelector, type AppSelectionOptions } from './app-selection';
import { createAudioProbe, type AudioProbe } from './audio-probe';
import { requireTwilioSignature } from './signature';
import { audioUrls, renderApology, renderEmpty, renderRetry } from './twiml';
import { RenderCache } from './render-cache';
import { dialEvents, gatherEvent, recordEvents } from './events';
import {
  describeIssues,
  dialParams,
  dialQuery,
  FINAL_CALL_STATUSES,
  gatherParams,
  gatherQuery,
  recordParams,
  recordQuery,
  statusParams,
  voiceParams,
  voiceQuery,
  type VoiceParams,
} from './params';
import type { AdapterLogger } from './logger';

export const TWILIO_MOUNT_PATH = '/twilio';

export interface TwilioRouterOptions {
  runtime: CallRuntime;
  config: TwilioConfig;
  logger: AdapterLogger;
  /** Default application and the origins an `app` query parameter may name (numbers come from config). */
  apps: Omit<AppSelectionOptions, 'numbers'>;
  /** Decides whether audio URLs are playable; default probes the configured applications' origins. */
  audioProbe?: AudioProbe;
  /** Largest form body accepted. */
  bodyLimit?: string;
  /**
   * The event-loop slices turn work runs in (the runtime's, LOOP_SLICE_MS): a webhook waits for its slice before
   * its body is parsed and its signature checked, and its answer deadline counts from its arrival, wait included.
   */
  slices?: SliceGate;
}

/** Session facts documents may read (session.connection.* / session.twilio.*). */
const EXTRA_PARAMS = ['AccountSid', 'CallSid', 'Direction', 'ApiVersion', 'CallerName', 'ForwardedFrom', 'FromCountry', 'ToCountry', 'StirVerstat'];

/** A webhook the gateway must refuse before touching the call. */
class BadRequest extends Error {}

/** A well-formed call the gateway cannot serve: the caller hears the apology. */
class CallRefused extends Error {}

export function createTwilioRouter(opts: TwilioRouterOptions): Router {
  const { runtime, config, logger } = opts;
  const voices = new VoiceBook(config.language, config.voice, config.voices, DEFAULT_VOICES);
  const selector = new AppSelector({ ...opts.apps, numbers: config.numbers });
  const probeAll = opts.apps.allowedOrigins.includes('*');
  // Twilio plays recordings of its own media host (the RecordingUrl a <record> filled, replayed by <audio expr>)
  // itself; probing them without the account credentials would wrongly hear them as unplayable.
  const ownMedia = new Set(config.recordingOrigins);
  const audio = opts.audioProbe ?? createAudioProbe({ probeOrigins: (origin) => !ownMedia.has(origin) && (probeAll || selector.isConfiguredOrigin(origin)) });
  const renderer = new RenderCache({ voices, speechModel: config.speechModel });
  const router = express.Router();

  const paths = ['/voice', '/gather', '/record', '/dial', '/status'];
  const arrivals = new WeakMap<Request, number>();
  router.use(paths, (req, _res, next) => {
    arrivals.set(req, Date.now());
    afterSlice(opts.slices, () => next());
  });
  // Before the signature check: a console configured with HTTP GET should be told so, not just refused.
  router.use(paths, (req, res, next) => {
    if (req.method === 'POST') return next();
    res.status(405).set('Allow', 'POST').type('text/plain').send(`Method Not Allowed: Twilio webhooks are POSTed; configure HTTP POST for ${req.originalUrl.split('?')[0]}\n`);
  });
  router.use(express.urlencoded({ extended: false, limit: opts.bodyLimit ?? '32kb', parameterLimit: 200 }));
  router.use(requireTwilioSignature(config, logger));

  /** Validates body and query against their schemas (400 with what is wrong), and the account. */
  function parse<B extends z.ZodType, Q extends z.ZodType>(req: Request, body: B, query: Q): { body: z.infer<B>; query: z.infer<Q> } {
    if (!req.is('application/x-www-form-urlencoded')) throw new BadRequest('expected a form body (Content-Type: application/x-www-form-urlencoded), as Twilio sends');
    const b = body.safeParse(req.body ?? {});
    if (!b.success) throw new BadRequest(describeIssues(b.error, 'body'));
    const q = query.safeParse(req.query);
    if (!q.success) throw new BadRequest(describeIssues(q.error, 'query'));
    const accountSid = (b.data as { AccountSid?: string }).AccountSid;
    if (config.accountSid && accountSid !== config.accountSid) throw new BadRequest(`body parameter AccountSid: ${accountSid} is not this gateway's account`);
    return { body: b.data, query: q.data };
  }

  /** Renders a turn; a destination Twilio cannot dial goes back to the application as a VoiceXML error. */
  async function render(callId: string, first: TurnResult): Promise<string> {
    let result = first;
    let carried: PlatformAction[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const actions = [...carried, ...result.actions];
      const urls = audioUrls(actions);
      const verdicts = new Map(await Promise.all(urls.map(async (u) => [u, await audio.playable(u)] as const)));
      const rendered = renderer.render(actions, result.seq, verdicts);
      if (rendered.terminal.kind !== 'baddestination') return rendered.twiml;
      logger.warn(`twilio: transfer destination refused: ${rendered.terminal.reason}`, { callId, turn: result.seq });
      carried = actions.filter((a) => a.kind === 'play');
      result = await runtime.handle(
        callId,
        { kind: 'platform.error', event: 'error.connection.baddestination', message: rendered.terminal.reason },
        { turn: result.seq },
      );
    }
    throw new Error('the application kept asking for transfers Twilio cannot dial');
  }

  /** Runs one webhook's turn(s) within the answer deadline and sends TwiML, whatever happens. */
  async function answer(req: Request, res: Response, callId: string | undefined, turn: () => Promise<TurnResult | 'empty'>): Promise<void> {
    // Twilio's clock started when the request arrived: a wait for the event-loop slice counts too.
    const started = arrivals.get(req) ?? Date.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), Math.max(0, config.answerDeadlineMs - (Date.now() - started)));
    });
    try {
      const work = (async () => {
        const result = await turn();
        return result === 'empty' ? renderEmpty() : render(result.callId, result);
      })();
      const outcome = await Promise.race([work, deadline]);
      if (outcome === 'deadline') {
        work.catch((err: unknown) => logger.error(`twilio: late turn failed: ${message(err)}`, { callId }));
        logger.error(`twilio: no answer within ${config.answerDeadlineMs} ms; the caller hears the apology`, { callId, path: req.path });
        sendTwiml(res, renderApology(config.apology, voices));
      } else {
        logger.debug(`twilio: ${req.path} answered`, { callId, ms: Date.now() - started });
        sendTwiml(res, outcome);
      }
    } catch (err: unknown) {
      if (err instanceof BadRequest) {
        logger.warn(`twilio: bad request ${req.method} ${req.originalUrl}: ${err.message}`, { status: 400 });
        res.status(400).type('text/plain').send(`Bad Request: ${err.message}\n`);
      } else if (err instanceof CallRefused) {
        logger.warn(`twilio: call refused: ${err.message}`, { callId });
        sendTwiml(res, renderApology(config.apology, voices));
      } else if (err instanceof ConcurrentTurnError) {
        // Another instance is running this very turn (a retry raced the original): come back in a second for
        // its stored answer; the turn number in the URL makes the second request a replay.
        const again = retryUrl(req.url);
        if (again) {
          logger.warn('twilio: turn running concurrently elsewhere; asking Twilio to come back for its answer', { callId, retry: again });
          sendTwiml(res, renderRetry(again));
        } else {
          logger.error('twilio: turn still running elsewhere after retries; the caller hears the apology', { callId });
          sendTwiml(res, renderApology(config.apology, voices));
        }
      } else if (err instanceof UnknownCallError) {
        logger.warn(`twilio: ${req.path} for an unknown call`, { callId: err.callId });
        sendTwiml(res, renderApology(config.apology, voices));
      } else {
        logger.error(`twilio: ${req.path} failed: ${message(err)}`, { callId });
        sendTwiml(res, renderApology(config.apology, voices));
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Feeds events in order; later ones are part of the same retried request, so they carry the turn on. */
  async function feed(callId: string, events: readonly PlatformEvent[], turn: number): Promise<TurnResult> {
    let result: TurnResult | undefined;
    let next = turn;
    for (const event of events) {
      result = await runtime.handle(callId, event, { turn: next });
      next = result.seq;
    }
    if (!result) throw new Error('no event to feed');
    return result;
  }

  router.post('/voice', (req, res) =>
    answer(req, res, bodyCallSid(req), async () => {
      const { body, query } = parse(req, voiceParams, voiceQuery);
      const choice = selector.choose(body.To, query.app);
      // Which application answered (Twilio ignores the headers; replay --gateway checks them so a gateway that
      // refused the `app` parameter fails the replay loudly instead of running another application).
      res.set('X-VXML-App', choice.reason);
      if (choice.refused) {
        res.set('X-VXML-App-Refused', encodeURIComponent(choice.refused));
        logger.warn(`twilio: ${choice.refused}; running the default application`, { callId: body.CallSid });
      }
      if (!choice.app) throw new CallRefused(`no application for a call to ${body.To ?? 'an unknown number'}: configure a default application, TWILIO_NUMBERS, or an app parameter`);
      const result = await runtime.start({ callId: body.CallSid, channel: 'twilio', entry: choice.app, from: callerNumber(body.From), to: body.To, extra: extraOf(body) });
      // A retried incoming-call webhook gets the first answer again: the runtime starts a call only once.
      if (result.replayed) logger.info('twilio: incoming-call webhook retried; answering the first turn again', { callId: body.CallSid });
      else logger.info(`twilio: call from ${body.From ?? 'unknown'} to ${body.To ?? 'unknown'} runs ${choice.app} (${choice.reason})`, { callId: body.CallSid });
      return result;
    }),
  );

  router.post('/gather', (req, res) =>
    answer(req, res, bodyCallSid(req), async () => {
      const { body, query } = parse(req, gatherParams, gatherQuery);
      return runtime.handle(body.CallSid, gatherEvent(body), { turn: query.turn });
    }),
  );

  router.post('/record', (req, res) =>
    answer(req, res, bodyCallSid(req), async () => {
      const { body, query } = parse(req, recordParams, recordQuery);
      const events = recordEvents(body, { maxLengthS: query.max, empty: query.empty === '1' });
      if ('error' in events) throw new BadRequest(events.error);
      return feed(body.CallSid, events, query.turn);
    }),
  );

  router.post('/dial', (req, res) =>
    answer(req, res, bodyCallSid(req), async () => {
      const { body, query } = parse(req, dialParams, dialQuery);
      return feed(body.CallSid, dialEvents(body, { type: query.type, limitS: query.limit }), query.turn);
    }),
  );

  router.post('/status', (req, res) =>
    answer(req, res, bodyCallSid(req), async () => {
      const { body } = parse(req, statusParams, voiceQuery);
      if (!FINAL_CALL_STATUSES.has(body.CallStatus)) return 'empty';
      try {
        const result = await runtime.handle(body.CallSid, { kind: 'hangup' });
        logger.info(`twilio: call ${body.CallStatus}`, { callId: body.CallSid, ended: result.ended });
      } catch (err: unknown) {
        // The call already ended and expired, or never reached the gateway: nothing to tell the application.
        if (!(err instanceof UnknownCallError)) throw err;
      }
      return 'empty';
    }),
  );

  const bodyErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 0;
    if (status >= 400 && status < 500) {
      logger.warn(`twilio: bad request ${req.method} ${req.originalUrl}: ${message(err)}`, { status });
      res.status(status).type('text/plain').send(`${status === 413 ? 'Payload Too Large' : 'Bad Request'}: ${message(err)}\n`);
      return;
    }
    next(err);
  };
  router.use(bodyErrors);
  return router;
}

/** Redirects of one request before the gateway gives up on a turn another instance holds. */
const MAX_RETRIES = 3;

/** The request's own URL (relative to the mount point) with its retry count raised, or undefined when spent. */
export function retryUrl(url: string): string | undefined {
  const [path, query = ''] = url.replace(/^\/+/, '').split('?');
  const params = new URLSearchParams(query);
  const done = Number(params.get('retry') ?? '0');
  if (!Number.isInteger(done) || done >= MAX_RETRIES) return undefined;
  params.set('retry', String(done + 1));
  return `${path}?${params.toString()}`;
}

function sendTwiml(res: Response, twiml: string): void {
  // Written directly: express's send() would hash every answer for an ETag and check its freshness, which
  // means nothing for the answer to a webhook POST (same status and headers otherwise).
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/xml; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(twiml));
  res.end(twiml);
}

function bodyCallSid(req: Request): string | undefined {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return undefined;
  const sid = (body as Record<string, unknown>).CallSid;
  return typeof sid === 'string' ? sid : undefined;
}

/**
 * What Twilio puts in From when the caller withheld their number: words, or numbers that spell them on a
 * keypad (ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE). The application sees no number then.
 */
const WITHHELD_CALLER = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253', 'anonymous', 'restricted', 'blocked', 'unknown', 'unavailable', 'private', '']);

export function callerNumber(from: string | undefined): string | undefined {
  return from === undefined || WITHHELD_CALLER.has(from.trim().toLowerCase()) ? undefined : from;
}

function extraOf(body: VoiceParams): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const key of EXTRA_PARAMS) {
    const value = body[key];
    if (typeof value === 'string' && value !== '') extra[key] = value;
  }
  return extra;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
