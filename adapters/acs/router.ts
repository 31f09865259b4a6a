/**
 * The ACS HTTP surface, as an express Router to mount on the gateway's server:
 *   OPTIONS /acs/incoming          CloudEvents abuse-protection handshake (Event Grid, CloudEvents schema)
 *   POST    /acs/incoming          Event Grid: subscription validation, IncomingCall, RecordingFileStatusUpdated
 *   POST    /acs/callbacks/:id     Call Automation callbacks (arrays of CloudEvents) of one call
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { CallAutomationClient } from '@azure/communication-call-automation';
import { parseConnectionString, voiceFor, type AcsConfig } from './config';
import { AcsCallController } from './controller';
import { AppSelector, type AppChoice, type CallRuntime, type Clock, type Logger } from './deps';
import { addressOf, BadPayloadError, parseCallbackEvents, parseGridEvents } from './events';
import { answerIncoming, callbackUri, type IncomingCallInfo } from './incoming';
import { AcsJwtVerifier, secretsEqual, type JwtVerifier } from './security';
import { MemoryAcsCallStore, type AcsCallStore } from './state';
import { RealTimers, type AcsTimers } from './timers';

export interface AcsAdapterDeps {
  runtime: CallRuntime;
  config: AcsConfig;
  logger?: Logger;
  clock?: Clock;
  /** Call state shared by gateway instances (default: in memory). */
  store?: AcsCallStore;
  /** Default: a client built from the connection string (loopback http allowed for the simulator). */
  client?: CallAutomationClient;
  /** `serve`'s default application, for numbers not listed in ACS_NUMBER_APPS. */
  defaultApp?: string;
  /**
   * Origins an `app` query parameter of the Event Grid endpoint URL may name (`*` = any; the default
   * application's origin always). The parameter is part of the URL the operator subscribes, authenticated by
   * the Event Grid secret beside it — as Twilio's `app` parameter is part of the signed webhook URL.
   */
  allowedOrigins?: readonly string[];
  /**
   * Picks the application of a call before ACS_NUMBER_APPS and the default app are consulted (the replay
   * simulator maps its calls this way); returns an application reference or undefined.
   */
  selectApp?: (call: IncomingCallInfo) => string | undefined;
  /** Application reference (URL or path) → absolute URI. Default: URLs unchanged, paths → file: URLs. */
  resolveEntry?: (ref: string) => string;
  jwtVerifier?: JwtVerifier;
  /** Timers for maxtime and the recording file (default: real ones; the simulator lets simulated time pass). */
  timers?: AcsTimers;
}

export interface AcsAdapter {
  router: Router;
  controller: AcsCallController;
  store: AcsCallStore;
  close(): void;
}

const quietLogger: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined, child: () => quietLogger };

/** The real SDK client; a loopback http endpoint (the simulator) needs allowInsecureConnection and no retries. */
export function createAcsClient(config: Pick<AcsConfig, 'connectionString'>): CallAutomationClient {
  const parsed = parseConnectionString(config.connectionString);
  if (typeof parsed === 'string') throw new Error(`ACS_CONNECTION_STRING: ${parsed}`);
  return new CallAutomationClient(config.connectionString, parsed.insecureLoopback ? { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } } : {});
}

export function defaultResolveEntry(ref: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^[a-z]:[\\/]/i.test(ref) ? ref : pathToFileURL(path.resolve(ref)).href;
}

function queryString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function createAcsAdapter(deps: AcsAdapterDeps): AcsAdapter {
  const { config, runtime } = deps;
  const logger = deps.logger ?? quietLogger;
  const clock = deps.clock ?? { now: () => Date.now() };
  const store = deps.store ?? new MemoryAcsCallStore(clock);
  const client = deps.client ?? createAcsClient(config);
  const resolveEntry = deps.resolveEntry ?? defaultResolveEntry;
  const jwtVerifier = deps.jwtVerifier ?? (config.jwt ? new AcsJwtVerifier(config.jwt) : undefined);
  const settings = {
    useChoices: config.useChoices,
    defaultMaxTones: config.defaultMaxTones,
    speech: config.cognitiveServicesEndpoint !== undefined,
    ...(config.speechModelEndpointId ? { speechModelEndpointId: config.speechModelEndpointId } : {}),
  };
  const controller = new AcsCallController({
    runtime,
    store,
    logger,
    clock,
    ttlS: config.callTtlS,
    recordFileWaitMs: config.recordFileWaitMs,
    timers: deps.timers ?? new RealTimers(),
    plan: { pickVoice: (lang) => voiceFor(config, lang), ...(config.beepUrl ? { beepUrl: config.beepUrl } : {}) },
    ops: {
      client,
      config,
      settings,
      callbackUri: (rec) => callbackUri(config, rec),
      onAdjust: (rec, adjustments) => logger.info('acs: recognize adjusted to ACS limits', { callId: rec.callConnectionId, adjustments }),
    },
  });
  const apps = new AppSelector({
    defaultApp: deps.defaultApp !== undefined ? resolveEntry(deps.defaultApp) : undefined,
    allowedOrigins: deps.allowedOrigins ?? [],
    numbers: Object.fromEntries(Object.entries(config.numberApps).map(([number, app]) => [number, resolveEntry(app)])),
  });
  /** The simulator's choice, then the gateway's rule: the number (ACS_NUMBER_APPS), an allowed `app` parameter, the default. */
  const chooseApp = (call: IncomingCallInfo, appParam: string | undefined): AppChoice => {
    const selected = deps.selectApp?.(call);
    if (selected !== undefined) return { app: resolveEntry(selected), reason: 'query' };
    return apps.choose(call.to, appParam);
  };
  if (config.eventGridAuth === 'none') logger.warn('acs: Event Grid posts are NOT authenticated (ACS_EVENTGRID_AUTH=none)');
  if (config.cognitiveServicesEndpoint === undefined) {
    logger.warn('acs: no ACS_COGNITIVE_SERVICES_ENDPOINT: ACS refuses text-to-speech prompts and speech recognition on calls answered without one; only <audio> files play and fields listen to keys');
  }

  const router = express.Router();
  // Event Grid and Call Automation post JSON under several media types (application/json, the CloudEvents ones,
  // with or without a charset): any JSON media type is read, and a body without a Content-Type is read as JSON.
  const json = express.json({
    limit: '512kb',
    type: (req) => {
      const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      return type === '' || type === 'application/json' || /^application\/[\w.+-]*\+json$/.test(type) || type === 'text/json';
    },
  });

  const eventGridAllowed = (req: Request): boolean =>
    config.eventGridAuth === 'none' || (config.eventGridSecret !== undefined && secretsEqual(queryString(req.query.secret), config.eventGridSecret));

  router.options('/acs/incoming', (req: Request, res: Response) => {
    if (!eventGridAllowed(req)) return void res.status(401).json({ error: 'unauthorized' });
    const origin = req.get('webhook-request-origin');
    res.set('Allow', 'POST, OPTIONS');
    if (origin) res.set({ 'WebHook-Allowed-Origin': origin, 'WebHook-Allowed-Rate': '*' });
    res.status(200).end();
  });

  router.post('/acs/incoming', json, async (req: Request, res: Response) => {
    if (!eventGridAllowed(req)) {
      logger.warn('acs: Event Grid post with a wrong or missing secret refused', { ip: req.ip });
      return void res.status(401).json({ error: 'unauthorized' });
    }
    const events = parseGridEvents(req.body);
    const validation = events.find((e) => e.type === 'SubscriptionValidation');
    if (req.get('aeg-event-type') === 'SubscriptionValidation' && !validation) throw new BadPayloadError('aeg-event-type SubscriptionValidation without a SubscriptionValidationEvent');
    if (validation) {
      logger.info('acs: Event Grid subscription validated');
      return void res.status(200).json({ validationResponse: validation.validationCode });
    }
    const appParam = queryString(req.query.app);
    for (const ev of events) {
      switch (ev.type) {
        case 'IncomingCall': {
          const choice = chooseApp({ to: addressOf(ev.to), from: addressOf(ev.from), serverCallId: ev.serverCallId }, appParam);
          // Which application answered (replay --gateway checks it, so a refused `app` fails loudly).
          res.set('X-VXML-App', choice.reason);
          if (choice.refused) {
            res.set('X-VXML-App-Refused', encodeURIComponent(choice.refused));
            logger.warn(`acs: ${choice.refused}; running the default application`, { serverCallId: ev.serverCallId });
          }
          await answerIncoming({ client, config, store, controller, logger, clock, resolveApp: () => choice.app }, ev);
          break;
        }
        case 'RecordingFileStatusUpdated':
          await controller.onRecordingFile(ev);
          break;
        case 'SubscriptionValidation':
          break;
        case 'Other':
          logger.debug('acs: Event Grid event ignored', { eventType: ev.name });
          break;
      }
    }
    res.status(200).end();
  });

  router.post('/acs/callbacks/:id', json, async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const got = await store.get(id);
    // Unknown call and wrong secret answer alike, so the route does not reveal which calls exist.
    if (!got || !secretsEqual(queryString(req.query.secret), got.value.secret)) {
      logger.warn('acs: callback with a wrong secret or for an unknown call refused', { acsCall: id, ip: req.ip });
      return void res.status(401).json({ error: 'unauthorized' });
    }
    if (jwtVerifier) {
      try {
        await jwtVerifier.verify(req.get('authorization'));
      } catch (err) {
        logger.warn('acs: callback JWT rejected', { acsCall: id, error: err instanceof Error ? err.message : String(err) });
        return void res.status(401).json({ error: 'unauthorized' });
      }
    }
    const events = parseCallbackEvents(req.body);
    for (const ev of events) await controller.onCallback(id, ev);
    res.status(200).end();
  });

  router.use('/acs', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : undefined;
    if (err instanceof BadPayloadError || (status !== undefined && status >= 400 && status < 500)) {
      const message = err instanceof Error ? err.message : 'bad request';
      logger.warn('acs: malformed request refused', { path: req.path, error: message });
      return void res.status(status && status !== 500 ? status : 400).json({ error: message });
    }
    logger.error('acs: request failed', { path: req.path, error: err instanceof Error ? err.message : String(err) });
    res.status(500).json({ error: 'internal error' });
  });

  return { router, controller, store, close: () => controller.close() };
}

/** The router alone, for `app.use(createAcsRouter({ runtime, config, logger, defaultApp }))`. */
export function createAcsRouter(deps: AcsAdapterDeps): Router {
  return createAcsAdapter(deps).router;
}
