/**
 * The simulator's wire formats, shaped as ACS and Event Grid send them: Call Automation callbacks are
 * arrays of CloudEvents 1.0 (`Microsoft.Communication.*`, data with callConnectionId, serverCallId,
 * correlationId, operationContext, resultInformation), Event Grid notifications are arrays in the Event
 * Grid schema. Also the HMAC-SHA256 check ACS applies to SDK requests.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface ResultInformation {
  code: number;
  subCode: number;
  message: string;
  sipDetails?: { code: number; message: string };
}

export const OK: ResultInformation = { code: 200, subCode: 0, message: 'Action completed successfully.' };

export interface CallIds {
  callConnectionId: string;
  serverCallId: string;
  correlationId: string;
}

/** One Call Automation callback event. */
export function cloudEvent(type: string, call: CallIds, data: Record<string, unknown>, operationContext?: string): Record<string, unknown> {
  const fullType = `Microsoft.Communication.${type}`;
  return {
    id: randomUUID(),
    source: `calling/callConnections/${call.callConnectionId}`,
    type: fullType,
    data: {
      ...data,
      callConnectionId: call.callConnectionId,
      serverCallId: call.serverCallId,
      correlationId: call.correlationId,
      ...(operationContext !== undefined ? { operationContext } : {}),
      publicEventType: fullType,
    },
    time: new Date().toISOString(),
    specversion: '1.0',
    datacontenttype: 'application/json',
    subject: `calling/callConnections/${call.callConnectionId}`,
  };
}

const TOPIC = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/sim/providers/Microsoft.Communication/communicationServices/acs-sim';

function gridEvent(eventType: string, subject: string, data: Record<string, unknown>): Record<string, unknown> {
  return { id: randomUUID(), topic: TOPIC, subject, data, eventType, dataVersion: '1.0', metadataVersion: '1', eventTime: new Date().toISOString() };
}

/** A phone number participant; a withheld caller id is the anonymous phone number. */
export function phoneIdentifier(number: string | undefined): Record<string, unknown> {
  if (number === undefined) return { kind: 'phoneNumber', rawId: '4:anonymous', phoneNumber: { value: 'anonymous', isAnonymous: true } };
  return { kind: 'phoneNumber', rawId: `4:${number}`, phoneNumber: { value: number } };
}

export function incomingCallEvent(opts: { from: string | undefined; to: string; serverCallId: string; correlationId: string; incomingCallContext: string }): Record<string, unknown> {
  return gridEvent('Microsoft.Communication.IncomingCall', `/caller/4:${opts.from ?? 'anonymous'}/recipient/4:${opts.to}`, {
    to: phoneIdentifier(opts.to),
    from: phoneIdentifier(opts.from),
    serverCallId: opts.serverCallId,
    callerDisplayName: '',
    incomingCallContext: opts.incomingCallContext,
    correlationId: opts.correlationId,
  });
}

export function subscriptionValidationEvent(code: string): Record<string, unknown> {
  return gridEvent('Microsoft.EventGrid.SubscriptionValidationEvent', '', { validationCode: code, validationUrl: `https://rp-sim.eventgrid.azure.net/validate?code=${code}` });
}

export function recordingFileEvent(opts: { serverCallId: string; recordingId: string; contentLocation: string; durationMs: number; startTime: string }): Record<string, unknown> {
  return gridEvent('Microsoft.Communication.RecordingFileStatusUpdated', `/recording/call/${randomUUID()}/serverCallId/${opts.serverCallId}`, {
    recordingStorageInfo: {
      recordingChunks: [
        {
          documentId: opts.recordingId,
          index: 0,
          endReason: 'SessionEnded',
          contentLocation: opts.contentLocation,
          metadataLocation: `${opts.contentLocation}/metadata`,
          deleteLocation: opts.contentLocation,
        },
      ],
    },
    recordingStartTime: opts.startTime,
    recordingDurationMs: opts.durationMs,
    recordingContentType: 'audio',
    recordingChannelType: 'mixed',
    recordingFormatType: 'wav',
    sessionEndReason: 'CallEnded',
  });
}

/**
 * Checks the HMAC-SHA256 Authorization header the SDK computes from the access key:
 * `VERB\n<path?query>\n<x-ms-date>;<host>;<x-ms-content-sha256>`, and the body hash.
 */
export function hmacValid(accessKey: string, method: string, url: string, headers: IncomingHttpHeaders, body: string): boolean {
  const auth = headers.authorization ?? '';
  const m = /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=(.+)$/.exec(auth);
  const date = headers['x-ms-date'];
  const hash = headers['x-ms-content-sha256'];
  const host = headers.host;
  if (!m || typeof date !== 'string' || typeof hash !== 'string' || !host) return false;
  if (createHash('sha256').update(body, 'utf8').digest('base64') !== hash) return false;
  const parsed = new URL(url, `http://${host}`);
  const query = parsed.searchParams.toString();
  const toSign = `${method.toUpperCase()}\n${query ? `${parsed.pathname}?${query}` : parsed.pathname}\n${date};${host};${hash}`;
  const expected = createHmac('sha256', Buffer.from(accessKey, 'base64')).update(toSign, 'utf8').digest('base64');
  return expected === m[1];
}
