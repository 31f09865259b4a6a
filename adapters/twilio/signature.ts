/**
 * X-Twilio-Signature: base64 HMAC-SHA1 over the full URL Twilio requested plus the POST parameters sorted by
 * name, keyed with the auth token (twilio.validateRequest). Behind a TLS-terminating proxy or a tunnel the
 * gateway sees another scheme/host than Twilio used: PUBLIC_BASE_URL rebuilds the URL Twilio signed.
 */
import type { Request, RequestHandler } from 'express';
// The webhook helpers alone: the package root loads the whole REST client (see twiml.ts).
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import type { TwilioConfig } from './config';
import type { AdapterLogger } from './logger';

/** The URL Twilio requested, as it signed it. */
export function signedUrl(req: Request, publicBaseUrl: string | undefined): string {
  if (publicBaseUrl) return publicBaseUrl + req.originalUrl;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`;
}

/** Form parameters as twilio.validateRequest expects them (the parsed urlencoded body). */
function formParams(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function requireTwilioSignature(config: TwilioConfig, logger: AdapterLogger): RequestHandler {
  return (req, res, next) => {
    if (!config.validateSignatures) return next();
    const refuse = (why: string): void => {
      logger.warn(`twilio: refused ${req.method} ${req.originalUrl}: ${why}`, { status: 403 });
      res.status(403).type('text/plain').send(`Forbidden: ${why}\n`);
    };
    if (!config.authToken) return refuse('TWILIO_AUTH_TOKEN is not configured, so no webhook can be verified');
    const signature = req.get('X-Twilio-Signature');
    if (!signature) return refuse('the request carries no X-Twilio-Signature header');
    const url = signedUrl(req, config.publicBaseUrl);
    if (!validateRequest(config.authToken, signature, url, formParams(req))) {
      const hint = config.publicBaseUrl ? '' : ' (behind a proxy or tunnel? set PUBLIC_BASE_URL to the URL Twilio calls)';
      return refuse(`X-Twilio-Signature does not match ${url}${hint}`);
    }
    next();
  };
}
