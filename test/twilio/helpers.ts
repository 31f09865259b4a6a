/** A gateway app with the Twilio routes over a given runtime, and Twilio-signed requests to it (supertest). */
import express from 'express';
import request from 'supertest';
import twilio from 'twilio';
import type { CallRuntime } from '../../gateway/runtime/api';
import { MemoryLogger, type SliceGate } from '../../gateway/index';
import { createTwilioRouter, parseTwilioConfig, type TwilioConfigInput } from '../../adapters/twilio/index';
import type { AudioProbe } from '../../adapters/twilio/audio-probe';

export const AUTH_TOKEN = '12345678901234567890123456789012';
export const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
export const HOST = 'gw.test';
export const DEFAULT_APP = 'https://apps.example.com/ivr/main.vxml';

export function callSid(n: number): string {
  return 'CA' + n.toString(16).padStart(32, '0');
}

export function testApp(runtime: CallRuntime, opts: { config?: TwilioConfigInput; allowedOrigins?: string[]; audio?: AudioProbe; slices?: SliceGate } = {}) {
  const logger = new MemoryLogger();
  const config = parseTwilioConfig({ authToken: AUTH_TOKEN, accountSid: ACCOUNT_SID, ...opts.config });
  const app = express();
  app.use(
    '/twilio',
    createTwilioRouter({
      runtime,
      config,
      logger,
      apps: { defaultApp: DEFAULT_APP, allowedOrigins: opts.allowedOrigins ?? ['https://partner.example.com'] },
      audioProbe: opts.audio ?? { playable: async () => true },
      slices: opts.slices,
    }),
  );
  return { app, logger, config };
}

export function params(sid: string, extra: Record<string, string> = {}): Record<string, string> {
  return { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: sid, CallStatus: 'in-progress', Direction: 'inbound', From: '+15005550006', To: '+18005550100', ...extra };
}

/** POSTs a form signed as Twilio signs it for `signedUrl` (default: the URL requested through HOST). */
export function signedPost(app: express.Express, path: string, form: Record<string, string>, opts: { signedUrl?: string; token?: string; signature?: string | null } = {}) {
  const url = opts.signedUrl ?? `http://${HOST}${path}`;
  const signature = opts.signature === undefined ? twilio.getExpectedTwilioSignature(opts.token ?? AUTH_TOKEN, url, form) : opts.signature;
  const req = request(app).post(path).set('Host', HOST).type('form');
  if (signature !== null) req.set('X-Twilio-Signature', signature);
  return req.send(form);
}
