/**
 * An ACS "platform" written from Azure's public documentation, independently of the gateway's ACS simulator:
 * - a loopback Call Automation REST endpoint the REAL `@azure/communication-call-automation` client talks to,
 *   which records every request and answers with the documented statuses (answer 200 with the call connection
 *   properties, media and participant operations 202, terminate 204, recording start 200 / stop 204) — it posts
 *   no events by itself;
 * - Event Grid and Call Automation events shaped as the docs show them (Event Grid schema and CloudEvents 1.0
 *   schema, arrays or single objects), posted by the tests to the gateway's routes, each callback carrying an
 *   `Authorization: Bearer <JWT>` as Call Automation signs them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import express from 'express';
import jwt from 'jsonwebtoken';
import { createRuntime, MemoryLogger, parseConfig, type GatewayRuntime } from '../../gateway/index';
import { createAcsAdapter, parseAcsConfig, type AcsAdapter, type AcsConfigInput } from '../../adapters/acs/index';

export const EVENT_GRID_SECRET = 'docs-harness-event-grid-secret-42';
export const CALLBACK_ISSUER = 'https://acscallautomation.communication.azure.com';
export const RESOURCE_ID = 'c0ffee00-1234-4abc-9def-0123456789ab';
export const TOPIC = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ivr/providers/Microsoft.Communication/communicationServices/contoso-acs';

export interface Captured {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
}

/** The REST side of ACS: records what the SDK sends. */
export class CaptureAcs {
  readonly requests: Captured[] = [];
  /** The calls answered: the callback URI the gateway gave and the ids ACS assigned. */
  readonly answered: { callbackUri: string; ids: CallIds; body: Record<string, unknown> }[] = [];
  readonly accessKey = randomBytes(32).toString('base64');
  /** While set, answerCall is not answered until the promise resolves (events may overtake the response). */
  holdAnswer?: Promise<void>;
  private counter = 0;

  private constructor(
    private readonly server: http.Server,
    readonly endpoint: string,
  ) {}

  static async start(): Promise<CaptureAcs> {
    let self: CaptureAcs | undefined;
    const server = http.createServer((req, res) => void self?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new CaptureAcs(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return self;
  }

  get connectionString(): string {
    return `endpoint=${this.endpoint};accesskey=${this.accessKey}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://acs');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    const json = (status: number, value: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const path = url.pathname;
    if (path === '/calling/callConnections:answer') {
      const n = ++this.counter;
      const ids: CallIds = {
        callConnectionId: `411f0b00-d97f-49ad-a6ff-${String(n).padStart(12, '0')}`,
        serverCallId: `aHR0cHM6Ly9hcGkuZmxpZ2h0cHJveHkuc2t5cGUuY29tL2FwaS92Mi9jcC9${n}`,
        correlationId: randomUUID(),
      };
      this.answered.push({ callbackUri: String(body.callbackUri), ids, body });
      if (this.holdAnswer) await this.holdAnswer;
      return json(200, { ...ids, callbackUri: body.callbackUri, callConnectionState: 'connecting', targets: [] });
    }
    if (path === '/calling/recordings' && req.method === 'POST') return json(200, { recordingId: `rec-${++this.counter}`, recordingState: 'active', recordingKind: 'azureCommunicationServices' });
    if (path.startsWith('/calling/recordings/') && req.method === 'DELETE') return void res.writeHead(204).end();
    if (path.endsWith(':terminate') || req.method === 'DELETE') return void res.writeHead(204).end();
    if (path.endsWith('/participants:add')) return json(202, { participant: { identifier: body.participantToAdd, isMuted: false }, operationContext: body.operationContext, invitationId: randomUUID() });
    if (/:(start|stop)ContinuousDtmfRecognition$/.test(path)) return void res.writeHead(200).end();
    if (path.endsWith(':transferToParticipant') || path.endsWith('/participants:remove')) return json(202, { operationContext: body.operationContext });
    return void res.writeHead(202).end();
  }

  /** Requests to a call connection's action (`:play`, `:recognize`, `:terminate`, …), in order. */
  actions(kind: string): Captured[] {
    return this.requests.filter((r) => r.path.endsWith(kind));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A phone number as ACS identifies it (CommunicationIdentifierModel). */
export function phone(number: string): Record<string, unknown> {
  return { kind: 'phoneNumber', rawId: `4:${number}`, phoneNumber: { value: number } };
}

/** Microsoft.Communication.IncomingCall in the Event Grid schema (learn.microsoft.com … incoming-call-notification). */
export function incomingCallGrid(opts: { from?: string; to?: string; context?: string; id?: string | null } = {}): Record<string, unknown> {
  const from = opts.from ?? '+14255550123';
  const to = opts.to ?? '+18005550100';
  const event: Record<string, unknown> = {
    topic: TOPIC,
    subject: `/caller/4:${from}/recipient/4:${to}`,
    data: {
      to: phone(to),
      from: phone(from),
      serverCallId: `c2VydmVyQ2FsbElk${randomBytes(8).toString('hex')}`,
      callerDisplayName: '',
      customContext: { sipHeaders: { 'X-MS-Custom-account': '42' }, voipHeaders: {} },
      incomingCallContext: `eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.${randomBytes(24).toString('base64url')}.`,
      correlationId: randomUUID(),
      ...(opts.context ? { incomingCallContext: opts.context } : {}),
    },
    eventType: 'Microsoft.Communication.IncomingCall',
    dataVersion: '1.0',
    metadataVersion: '1',
    eventTime: new Date().toISOString(),
  };
  if (opts.id !== null) event.id = opts.id ?? randomUUID();
  return event;
}

/** The same notification in the CloudEvents 1.0 schema (an Event Grid subscription may use either). */
export function incomingCallCloud(grid: Record<string, unknown>): Record<string, unknown> {
  return { id: grid.id ?? randomUUID(), source: TOPIC, specversion: '1.0', type: grid.eventType, subject: grid.subject, time: grid.eventTime, data: grid.data };
}

export interface CallIds {
  callConnectionId: string;
  serverCallId: string;
  correlationId: string;
}

/** A Call Automation callback event (CloudEvents 1.0, `Microsoft.Communication.<type>`), as the docs show it. */
export function callEvent(type: string, ids: CallIds, data: Record<string, unknown> = {}, opts: { id?: string | null; time?: boolean } = {}): Record<string, unknown> {
  const event: Record<string, unknown> = {
    source: `calling/callConnections/${ids.callConnectionId}`,
    type: `Microsoft.Communication.${type}`,
    data: { ...ids, ...data },
    specversion: '1.0',
    datacontenttype: 'application/json',
    subject: `calling/callConnections/${ids.callConnectionId}`,
  };
  if (opts.id !== null) event.id = opts.id ?? randomUUID();
  if (opts.time !== false) event.time = new Date().toISOString();
  return event;
}

export const OK = { code: 200, subCode: 0, message: 'Action completed successfully.' };

export interface AcsDocsHarness {
  acs: CaptureAcs;
  gateway: string;
  adapter: AcsAdapter;
  runtime: GatewayRuntime;
  logger: MemoryLogger;
  /** POSTs to /acs/incoming (the Event Grid subscription's endpoint) with `app` and the secret. */
  postGrid(body: unknown, opts?: { app?: string; headers?: Record<string, string> }): Promise<Response>;
  /** POSTs events to a callback URI as Call Automation does (JWT in Authorization). */
  postCallback(uri: string, body: unknown, opts?: { headers?: Record<string, string>; token?: string | null }): Promise<Response>;
  /** A JWT as Call Automation signs callbacks (issuer and audience per the docs), with the harness key. */
  token(claims?: { audience?: string; issuer?: string }): string;
  /** Waits until `predicate` holds (SDK calls are asynchronous to the event posts). */
  until<T>(what: string, probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startAcsDocsHarness(opts: { acs?: Partial<AcsConfigInput>; cognitive?: boolean; jwt?: boolean } = {}): Promise<AcsDocsHarness> {
  const acs = await CaptureAcs.start();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'docs-key-1';
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] });
  const logger = new MemoryLogger();
  const runtime = createRuntime(parseConfig({ log: { level: 'error' } }), { logger });
  const app = express();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = parseAcsConfig({
    connectionString: acs.connectionString,
    publicBaseUrl: gateway,
    eventGridSecret: EVENT_GRID_SECRET,
    ...(opts.cognitive === false ? {} : { cognitiveServicesEndpoint: 'https://contoso-ai.cognitiveservices.azure.com/' }),
    ...(opts.jwt ? { jwt: { audience: RESOURCE_ID, jwks } } : {}),
    ...opts.acs,
  });
  const adapter = createAcsAdapter({ runtime, config, logger, allowedOrigins: ['*'] });
  app.use(adapter.router);
  const token = (claims: { audience?: string; issuer?: string } = {}): string =>
    jwt.sign({}, privateKey, { algorithm: 'RS256', keyid: kid, audience: claims.audience ?? RESOURCE_ID, issuer: claims.issuer ?? CALLBACK_ISSUER, expiresIn: 300 });
  return {
    acs,
    gateway,
    adapter,
    runtime,
    logger,
    postGrid: (body, o = {}) =>
      fetch(`${gateway}/acs/incoming?secret=${EVENT_GRID_SECRET}${o.app ? `&app=${encodeURIComponent(o.app)}` : ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification', ...o.headers },
        body: JSON.stringify(body),
      }),
    postCallback: (uri, body, o = {}) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
      if (o.token !== null) headers.authorization = `Bearer ${o.token ?? token()}`;
      return fetch(uri, { method: 'POST', headers, body: JSON.stringify(body) });
    },
    token,
    async until(what, probe, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = probe();
        if (got !== undefined && got !== false) return got;
        if (Date.now() > deadline) {
          const seen = acs.requests.map((r) => `${r.method} ${r.path}`).join('\n  ');
          const logs = logger.lines.filter((l) => l.level !== 'debug').slice(-10).map((l) => JSON.stringify(l)).join('\n');
          throw new Error(`timed out waiting for ${what}; ACS saw:\n  ${seen}\nlogs:\n${logs}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      adapter.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await acs.close();
      await runtime.close();
    },
  };
}
