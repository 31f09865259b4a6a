/**
 * A Twilio "caller" written from Twilio's public documentation, not from the gateway's simulator: it POSTs
 * application/x-www-form-urlencoded webhooks with the documented request parameters (and extra ones Twilio may
 * add at any time), signs them with the `twilio` package's own helper over the full URL it requests (query
 * string included), and resolves action URLs against the document URL as Twilio does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import twilio from 'twilio';
import { createRuntime, MemoryLogger, parseConfig, type GatewayRuntime } from '../../gateway/index';
import { createTwilioRouter, parseTwilioConfig, type TwilioConfigInput } from '../../adapters/twilio/index';

export const AUTH_TOKEN = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const ACCOUNT_SID = 'AC' + '3c'.repeat(16);

export function fixture(name: string): string {
  return pathToFileURL(path.join(__dirname, 'fixtures', name)).href;
}

let sidCounter = 0;
/** A Call SID as Twilio documents it: CA followed by 32 hexadecimal characters. */
export function newCallSid(): string {
  sidCounter++;
  return 'CA' + (Date.now().toString(16) + sidCounter.toString(16).padStart(8, '0')).padStart(32, 'a').slice(-32);
}

export type Form = Record<string, string | string[]>;

/** Parameters Twilio sends with every voice webhook (twilio.com/docs/usage/webhooks/voice-webhooks). */
export function standardParams(callSid: string, status = 'in-progress'): Record<string, string> {
  return {
    CallSid: callSid,
    AccountSid: ACCOUNT_SID,
    From: '+14155550123',
    To: '+18005550100',
    CallStatus: status,
    ApiVersion: '2010-04-01',
    Direction: 'inbound',
    ForwardedFrom: '+14155550999',
    CallerName: 'WIRELESS CALLER',
    FromCity: 'SAN FRANCISCO',
    FromState: 'CA',
    FromZip: '94105',
    FromCountry: 'US',
    ToCity: '',
    ToState: '',
    ToZip: '',
    ToCountry: 'US',
    Caller: '+14155550123',
    Called: '+18005550100',
    CallerCity: 'SAN FRANCISCO',
    CallerState: 'CA',
    CallerZip: '94105',
    CallerCountry: 'US',
    CalledCity: '',
    CalledState: '',
    CalledZip: '',
    CalledCountry: 'US',
    CallToken: '%7B%22parentCallInfoToken%22%3A%22eyJhbGciOiJFUzI1NiJ9%22%7D',
    StirVerstat: 'TN-Validation-Passed-A',
  };
}

export interface Answer {
  status: number;
  body: string;
  contentType: string;
  /** The URL Twilio would resolve relative verb URLs against. */
  url: string;
}

export interface TwilioDocsHarness {
  base: string;
  runtime: GatewayRuntime;
  logger: MemoryLogger;
  /** POSTs a signed form to `pathAndQuery` (or an absolute URL), as Twilio does. */
  post(pathAndQuery: string, form: Form, opts?: { sign?: 'valid' | 'none' | 'tampered'; signUrl?: string; contentType?: string }): Promise<Answer>;
  /** Resolves a verb's URL (`gather?turn=3`) against the document it came from, as Twilio does. */
  resolve(relative: string, documentUrl: string): string;
  close(): Promise<void>;
}

function encode(form: Form): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return body.toString();
}

export async function startTwilioDocsHarness(opts: { defaultApp: string; twilio?: TwilioConfigInput }): Promise<TwilioDocsHarness> {
  const logger = new MemoryLogger();
  const runtime = createRuntime(parseConfig({ log: { level: 'error' } }), { logger });
  const config = parseTwilioConfig({ authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, ...opts.twilio });
  const app = express();
  app.use('/twilio', createTwilioRouter({ runtime, config, logger, apps: { defaultApp: opts.defaultApp, allowedOrigins: ['*'] }, audioProbe: { playable: async () => true } }));
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    runtime,
    logger,
    async post(pathAndQuery, form, o = {}) {
      const url = /^https?:/.test(pathAndQuery) ? pathAndQuery : base + pathAndQuery;
      const headers: Record<string, string> = { 'Content-Type': o.contentType ?? 'application/x-www-form-urlencoded; charset=UTF-8', 'I-Twilio-Idempotency-Token': String(Math.random()) };
      const sign = o.sign ?? 'valid';
      if (sign !== 'none') {
        const signed = twilio.getExpectedTwilioSignature(AUTH_TOKEN, o.signUrl ?? url, form);
        headers['X-Twilio-Signature'] = sign === 'valid' ? signed : signed.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
      }
      const res = await fetch(url, { method: 'POST', headers, body: encode(form) });
      return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') ?? '', url };
    },
    resolve: (relative, documentUrl) => new URL(relative, documentUrl).href,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
    },
  };
}
