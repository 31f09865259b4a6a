/**
 * Event Grid `Microsoft.Communication.IncomingCall` → answerCall with a per-call callback URI
 * `${PUBLIC_BASE_URL}/acs/callbacks/<id>?secret=<random>`. The call state is created before answering,
 * because CallConnected may reach the callback route before answerCall returns.
 */
import { randomUUID } from 'node:crypto';
import type { CallAutomationClient } from '@azure/communication-call-automation';
import type { AcsConfig } from './config';
import type { Clock, Logger } from './deps';
import { addressOf, rawIdOf, type GridEvent } from './events';
import { restFailure } from './operations';
import { newSecret } from './security';
import type { AcsCallRecord, AcsCallStore } from './state';
import type { AcsCallController } from './controller';

export interface IncomingDeps {
  client: CallAutomationClient;
  config: AcsConfig;
  store: AcsCallStore;
  controller: AcsCallController;
  logger: Logger;
  clock: Clock;
  /** Entry document (absolute URI) for this call, or undefined when none is configured. */
  resolveApp(call: IncomingCallInfo): string | undefined;
}

/** What the gateway knows of a call when it picks the application. */
export interface IncomingCallInfo {
  /** The number called (E.164) or the rawId of the ACS identity called. */
  to?: string;
  from?: string;
  serverCallId?: string;
}

export function callbackUri(config: Pick<AcsConfig, 'publicBaseUrl'>, rec: Pick<AcsCallRecord, 'id' | 'secret'>): string {
  const base = config.publicBaseUrl.replace(/\/+$/, '');
  return `${base}/acs/callbacks/${encodeURIComponent(rec.id)}?secret=${encodeURIComponent(rec.secret)}`;
}

export async function answerIncoming(deps: IncomingDeps, ev: Extract<GridEvent, { type: 'IncomingCall' }>): Promise<void> {
  const to = addressOf(ev.to);
  const from = addressOf(ev.from);
  const log = deps.logger.child({ serverCallId: ev.serverCallId, to, from });
  const id = randomUUID();
  // Event Grid delivers at least once (and two subscriptions may deliver the same call under different event
  // ids): a call, known by its incomingCallContext, is answered once.
  const owner = await deps.store.link('incoming', ev.key, id, deps.config.callTtlS);
  if (owner !== id) return log.info('acs: duplicate IncomingCall delivery ignored');

  const entry = deps.resolveApp({ to, from, serverCallId: ev.serverCallId });
  if (!entry) {
    log.error('acs: no application for the number called (ACS_NUMBER_APPS) and no default app; rejecting the call');
    await deps.client.rejectCall(ev.incomingCallContext).catch((err: unknown) => log.warn('acs: rejectCall failed', { error: restFailure(err).message }));
    return;
  }
  const now = deps.clock.now();
  const rec: AcsCallRecord = {
    id,
    secret: newSecret(),
    entry,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(rawIdOf(ev.from) ? { callerRawId: rawIdOf(ev.from) } : {}),
    ...(ev.serverCallId ? { serverCallId: ev.serverCallId } : {}),
    ...(ev.correlationId ? { correlationId: ev.correlationId } : {}),
    status: 'answering',
    started: false,
    sessionEnded: false,
    turn: 0,
    seen: [],
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.create(rec, deps.config.callTtlS);
  const cognitive = deps.config.cognitiveServicesEndpoint;
  try {
    const answered = await deps.client.answerCall(ev.incomingCallContext, callbackUri(deps.config, rec), {
      operationContext: 'answer',
      ...(cognitive ? { callIntelligenceOptions: { cognitiveServicesEndpoint: cognitive } } : {}),
    });
    const props = answered.callConnectionProperties;
    if (props.callConnectionId) await deps.store.link('connection', props.callConnectionId, id, deps.config.callTtlS);
    await deps.controller.withCall(id, async (tx) => {
      tx.rec.callConnectionId ??= props.callConnectionId;
      tx.rec.serverCallId ??= props.serverCallId;
      tx.rec.correlationId ??= props.correlationId;
      await tx.save();
    });
    log.info('acs: call answered', { callId: props.callConnectionId, acsCall: id, app: entry });
  } catch (err) {
    const f = restFailure(err);
    log.error('acs: answerCall failed', { acsCall: id, status: f.status, error: f.message });
    await deps.controller.withCall(id, async (tx) => {
      tx.rec.status = 'ended';
      tx.rec.sessionEnded = true;
      await tx.save();
    });
  }
}
