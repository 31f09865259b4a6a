/**
 * The only place the ACS adapter names the gateway: its public API (CallRuntime, Logger, Clock, the
 * replay contracts). Adapters depend on gateway/index.ts and contracts/ only; keeping it here makes that
 * rule checkable.
 */
export { UnknownCallError, checkTransferDestination, localNumberRefusal, KeyedMutex, AppSelector } from '../../gateway/index';
export type { CallRuntime, CallStart, TurnResult, Clock, Logger, LogContext, GatewayConfig, AppChoice } from '../../gateway/index';
