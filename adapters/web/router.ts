/**
 * The web console's HTTP surface, mounted by the gateway's server:
 *   GET  /                                the page (static assets under /console/assets/)
 *   GET  /console/api/apps                what can be called, and whether the live view is on
 *   POST /console/api/calls               place a browser call            → its key and first turn
 *   POST /console/api/calls/:id/input     keys, speech, silence, recording, transfer result, hang-up
 *   GET  /console/api/calls/:id/graph     the application's dialog graph, laid out
 *   GET  /console/api/calls/:id/source    lines of one of the application's documents
 *   GET  /console/api/live[/:id]          operators: calls in progress on any channel (CONSOLE_TOKEN)
 * The browser call routes need the call's key (X-Call-Key); the live routes the operator token (Bearer).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { UnknownCallError, type Logger } from '../../gateway/index';
import { afterSchema, callIdSchema, describeIssues, inputSchema, liveCallIdSchema, sourceQuerySchema, startCallSchema } from './api-schemas';
import type { AppViews } from './app-views';
import { CallRefused, type BrowserCall, type BrowserCalls, type PlacedTurn } from './browser-calls';
import { AppRefused, type AppCatalog } from './catalog';
import type { ConsoleConfig } from './config';
import type { LiveCalls } from './live';
import { bearerToken, RateLimiter, sameSecret, SECURITY_HEADERS } from './security';
import { turnView } from './turn-view';

export interface RouterDeps {
  config: ConsoleConfig;
  catalog: AppCatalog;
  calls: BrowserCalls;
  views: AppViews;
  live: LiveCalls;
  logger: Logger;
  limits: { calls: RateLimiter; inputs: RateLimiter; live: RateLimiter; badTokens: RateLimiter };
  publicDir: string;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

type Handler = (req: Request, res: Response) => Promise<void> | void;

export function createConsoleRouter(deps: RouterDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '16kb', strict: true });
  const security = (_req: Request, res: Response, next: NextFunction): void => {
    res.set(SECURITY_HEADERS);
    next();
  };
  const client = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const limit = (limiter: RateLimiter, req: Request): void => {
    const wait = limiter.take(client(req));
    if (wait > 0) throw new HttpError(429, `too many requests; try again in ${wait} s`, { 'Retry-After': String(wait) });
  };
  const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction): void => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((e: unknown) => answerError(e, req, res, next, deps.logger));
  };
  const callOf = (req: Request): BrowserCall => {
    const id = callIdSchema.safeParse(req.params.id);
    if (!id.success) throw new HttpError(400, describeIssues(id.error));
    const key = req.get('x-call-key');
    if (!key) throw new HttpError(401, 'this call API needs the X-Call-Key header the call was placed with');
    return deps.calls.get(id.data, key);
  };
  const turns = async (placed: PlacedTurn) => {
    // Without its documents (a fetch failed) the turn is still shown, only without grammar names.
    const app = await deps.views.get(placed.call.entry).catch(() => undefined);
    return [...placed.earlier, placed.call.last].map((r) => turnView(r, app));
  };

  router.get('/', security, (_req, res) => {
    res.set('Cache-Control', 'no-cache');
    res.sendFile('index.html', { root: deps.publicDir });
  });
  router.use('/console/assets', security, express.static(deps.publicDir, { index: false, fallthrough: false, maxAge: '5m' }));
  router.use('/console/api', security, (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get(
    '/console/api/apps',
    route((_req, res) => {
      res.json({
        samples: deps.catalog.samples.map((s) => ({ id: s.id, name: s.name, description: s.description, languages: s.languages })),
        defaultApp: deps.catalog.defaultApp,
        allowedOrigins: deps.catalog.allowedOrigins,
        live: liveState(deps.config),
        limits: { maxCalls: deps.config.maxCalls, maxCallsPerClient: deps.config.maxCallsPerClient, idleS: Math.round(deps.config.idleMs / 1000) },
      });
    }),
  );

  router.post(
    '/console/api/calls',
    json,
    route(async (req, res) => {
      limit(deps.limits.calls, req);
      const body = startCallSchema.safeParse(req.body);
      if (!body.success) throw new HttpError(400, describeIssues(body.error));
      const { entry, label } = await deps.catalog.resolve(body.data.app);
      // Drawing the graph starts with the call; the first turn does not wait for it.
      deps.views.get(entry).catch((e: unknown) => deps.logger.warn(`web console: cannot draw ${entry}: ${e instanceof Error ? e.message : String(e)}`));
      const placed = await deps.calls.start(client(req), entry, label);
      res.status(201).json({ callId: placed.call.callId, key: placed.call.key, app: { entry, label }, turns: await turns(placed) });
    }),
  );

  router.post(
    '/console/api/calls/:id/input',
    json,
    route(async (req, res) => {
      limit(deps.limits.inputs, req);
      const call = callOf(req);
      const input = inputSchema.safeParse(req.body);
      if (!input.success) throw new HttpError(400, describeIssues(input.error));
      const placed = await deps.calls.input(call.callId, call.key, input.data);
      res.json({ callId: call.callId, turns: await turns(placed) });
    }),
  );

  router.get(
    '/console/api/calls/:id/graph',
    route(async (req, res) => {
      limit(deps.limits.inputs, req);
      const call = callOf(req);
      const view = await deps.views.get(call.entry);
      res.json({ entry: view.entry, chart: view.chart, skipped: view.skipped, documents: [...view.sources.keys()] });
    }),
  );

  router.get(
    '/console/api/calls/:id/source',
    route(async (req, res) => {
      limit(deps.limits.inputs, req);
      const call = callOf(req);
      const query = sourceQuerySchema.safeParse(req.query);
      if (!query.success) throw new HttpError(400, describeIssues(query.error));
      const lines = (await deps.views.get(call.entry)).sources.get(query.data.uri);
      if (!lines) throw new HttpError(404, `${query.data.uri} is not a document of the application being called`);
      res.json({ uri: query.data.uri, lines });
    }),
  );

  const operator = (req: Request): void => {
    limit(deps.limits.live, req);
    const token = deps.config.token;
    if (token === undefined) throw new HttpError(403, liveState(deps.config).message);
    const presented = bearerToken(req.get('authorization'));
    if (presented === undefined || !sameSecret(presented, token)) {
      limit(deps.limits.badTokens, req);
      throw new HttpError(401, 'the live view needs the operator token (Authorization: Bearer <CONSOLE_TOKEN>)', { 'WWW-Authenticate': 'Bearer realm="vxml-gateway console"' });
    }
  };

  router.get(
    '/console/api/live',
    route((req, res) => {
      operator(req);
      res.json({ calls: deps.live.list() });
    }),
  );

  router.get(
    '/console/api/live/:id',
    route((req, res) => {
      operator(req);
      const id = liveCallIdSchema.safeParse(req.params.id);
      const after = afterSchema.safeParse(req.query.after);
      if (!id.success || !after.success) throw new HttpError(400, 'expected /console/api/live/<call id>?after=<line number>');
      const found = deps.live.lines(id.data, after.data);
      if (!found) throw new HttpError(404, `no call ${id.data} in the live view (it ended a while ago, or never ran on this instance)`);
      res.json(found);
    }),
  );

  // Anything else under the API is an error in JSON, not the gateway's plain 404 page.
  router.use('/console/api', (req, res) => {
    res.status(404).json({ error: `no console API ${req.method} ${req.path}` });
  });
  // Errors raised before a route ran (body parsing, missing assets) are answered here too.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => answerError(err, req, res, next, deps.logger));
  return router;
}

function liveState(config: ConsoleConfig): { enabled: boolean; message: string } {
  return config.token === undefined
    ? { enabled: false, message: 'the live view of calls is disabled: start the gateway with CONSOLE_TOKEN set to enable it' }
    : { enabled: true, message: 'enter the operator token (CONSOLE_TOKEN) to watch calls in progress' };
}

function answerError(e: unknown, req: Request, res: Response, next: NextFunction, logger: Logger): void {
  if (res.headersSent) return next(e);
  if (e instanceof HttpError) {
    res.set(e.headers).status(e.status).json({ error: e.message });
    return;
  }
  if (e instanceof AppRefused || e instanceof CallRefused) {
    res.status(e.status).json({ error: e.message });
    return;
  }
  if (e instanceof UnknownCallError) {
    res.status(404).json({ error: 'the call is no longer known to the gateway' });
    return;
  }
  const status = typeof e === 'object' && e !== null ? (e as { status?: unknown }).status : undefined;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // body-parser and serve-static errors: bad JSON, too large, unsupported charset, missing asset.
    const type = (e as { type?: unknown }).type;
    const message = type === 'entity.parse.failed' ? 'the request body is not valid JSON' : type === 'entity.too.large' ? 'the request body is too large' : status === 404 ? `not found: ${req.path}` : `bad request: ${e instanceof Error ? e.message : String(e)}`;
    res.status(status).json({ error: message });
    return;
  }
  logger.error(`web console: ${req.method} ${req.originalUrl} failed: ${e instanceof Error ? e.message : String(e)}`);
  res.status(500).json({ error: 'the console could not complete this request (details are in the gateway log)' });
}
