/**
 * Azure Communication Services Call Automation channel: Event Grid + callback routes, the mapping of
 * VoiceXML actions to Call Automation SDK calls, configuration, and the loopback simulator for replay.
 *
 *   app.use(createAcsRouter({ runtime, config: loadAcsConfig(process.env), logger, defaultApp }));
 */
export { createAcsRouter, createAcsAdapter, createAcsClient, defaultResolveEntry, type AcsAdapter, type AcsAdapterDeps } from './router';
export { loadAcsConfig, parseAcsConfig, acsConfigured, acsConfigSchema, ACS_ENV_BINDINGS, AcsConfigError, voiceFor, type AcsConfig, type AcsConfigInput } from './config';
export { MemoryAcsCallStore, type AcsCallStore, type AcsCallRecord, type AliasKind, type PendingStep, type Versioned } from './state';
export { AcsJwtVerifier, type JwtVerifier } from './security';
export { RealTimers, ManualTimers, type AcsTimers } from './timers';
export type { IncomingCallInfo } from './incoming';
export { createAcsReplayDriver, acsSimulatorEnv, AcsSimulator, FakeAcs, type AcsDriverOptions } from './simulator';
