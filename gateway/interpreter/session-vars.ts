/**
 * The read-only `session.*` variables (VoiceXML 2.0 §5.1.4) built from the call's start event.
 * Platform facts from the adapter (`extra`) appear under session.<channel>.* and may refine
 * session.connection.* (keys such as `connection.protocol.version`).
 */
import type { InterpreterEvent } from '../../contracts/interpreter';

type Start = InterpreterEvent & { kind: 'start' };

function telUri(n: string | undefined): string | undefined {
  if (n === undefined || n === '') return undefined;
  return /^[a-z][a-z0-9+.-]*:/i.test(n) ? n : `tel:${n}`;
}

function number(n: string | undefined): string | undefined {
  if (n === undefined || n === '') return undefined;
  return n.replace(/^(tel|sip|sips):/i, '').replace(/@.*$/, '');
}

export function sessionVariables(ev: Start): Record<string, unknown> {
  const extra = ev.extra ?? {};
  const protocolName = extra['connection.protocol.name'] ?? (ev.channel === 'sim' ? 'sim' : 'sip');
  const connection: Record<string, unknown> = {
    local: { uri: telUri(ev.to) },
    remote: { uri: telUri(ev.from) },
    protocol: { name: protocolName, version: extra['connection.protocol.version'] ?? '2.0' },
    redirect: [],
    aai: extra['connection.aai'],
    originator: telUri(ev.from),
  };
  const protocolFacts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(extra)) if (!k.startsWith('connection.')) protocolFacts[k] = v;
  (connection.protocol as Record<string, unknown>)[protocolName] = protocolFacts;
  return {
    connection,
    telephone: { ani: number(ev.from), dnis: number(ev.to) },
    // Voxeo's (and other 2.0-era platforms') names for the same numbers, still read by legacy documents.
    callerid: number(ev.from),
    calledid: number(ev.to),
    [ev.channel]: { ...protocolFacts, callId: ev.callId },
    callId: ev.callId,
  };
}
