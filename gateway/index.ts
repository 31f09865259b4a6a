/**
 * The gateway's public API: what channel adapters (Twilio, ACS, sim) and the CLI import.
 * Adapters import only this module, contracts/ and their own SDK.
 *
 *   const runtime = createRuntime(loadConfig(env));            // memory sessions, HTTP/file loader, grammar recognizer
 *   const first = await runtime.start({ callId, channel: 'twilio', entry });
 *   const next = await runtime.handle(callId, { kind: 'dtmf', digits: '1' }, { turn: first.seq });
 */
import { compile as compileDocument } from './compiler/index';
import { createRealm } from './ecmascript/index';
import { step } from './interpreter/index';
import { DEFAULT_COUNTRY_CODE_KEY } from './interpreter/destination';
import type { CallRuntime } from './runtime/api';
import { DefaultCallRuntime, type StepFunction } from './runtime/call-runtime';
import { LoopSlices } from './runtime/loop-slices';
export { afterSlice, LoopSlices, type SliceGate } from './runtime/loop-slices';
import { systemClock } from './runtime/clock';
import { HttpDocumentLoader, type CompileDocument, type DocumentLoader } from './runtime/document-loader';
import { GrammarRecognizer } from './runtime/grammar-recognizer';
import { createLogger } from './runtime/logger';
import { MemoryResponseDocumentStore, MemorySessionStore } from './runtime/memory-stores';
import type { Clock, Logger, RecordingFetcher, ResponseDocumentStore, SessionStore, TurnObserver } from './runtime/ports';
import { RealmCache } from './runtime/realm-cache';
import type { Recognizer, Understanding } from './runtime/recognizer';
import { defaultRecordingFetcher } from './runtime/recordings';
import { ResourceFetcher } from './runtime/resource-fetcher';
import { Redactor } from './runtime/redaction';
import type { Realm } from './ecmascript/api';
import type { GatewayConfig } from './config';
import fs from 'node:fs';
import { NluUnderstanding, parseOverlay } from './nlu/index';
import { createOpenAiLlm } from './runtime/llm-client';
import { NluHook } from './runtime/nlu-hook';

// ---------------------------------------------------------------- types adapters and tools use
export type * from '../contracts/index';
export { SESSION_VERSION, GRAPH_VERSION, awaitingAfter } from '../contracts/index';
export { UnknownCallError, type CallRuntime, type CallStart, type TurnResult } from './runtime/api';
export type {
  Clock,
  CommitOutcome,
  LogContext,
  Logger,
  RecordingFetcher,
  ResponseDocument,
  ResponseDocumentStore,
  SessionStore,
  StoredAnswer,
  StoredCall,
  TurnObserver,
  TurnReport,
} from './runtime/ports';
export type { DocumentLoader, LoadContext, TextResource, CompileDocument } from './runtime/document-loader';
export type { Recognizer, RecognizeContext, RecognitionInput, Understanding, UnderstandingRequest } from './runtime/recognizer';
export { NluUnderstanding, parseOverlay, OverlayError, type NluOptions, type LlmClient, type LlmPort, type LlmSettings } from './nlu/index';
export { NluHook } from './runtime/nlu-hook';
export { createOpenAiLlm, withDeadline, type OpenAiLlmOptions } from './runtime/llm-client';
export { ConcurrentTurnError, type StepFunction, type RuntimeLimits } from './runtime/call-runtime';

// ---------------------------------------------------------------- configuration
export { configSchema, loadConfig, parseConfig, ConfigError, ENV_BINDINGS, vxmlTimeToMs, type GatewayConfig, type GatewayConfigInput } from './config';
export {
  bind,
  envInput,
  envParsers,
  envProblems,
  httpOrigin,
  InvalidConfigError,
  issueMessage,
  languageTag,
  pathProblems,
  urlWhere,
  type EnvBinding,
  type EnvParse,
  type EnvProblemStyle,
} from './config/kit';

// ---------------------------------------------------------------- default implementations of the ports
export { systemClock, FakeClock } from './runtime/clock';
export { createLogger, MemoryLogger, silentLogger, type LogLine, type LoggerOptions } from './runtime/logger';
export { MemorySessionStore, MemoryResponseDocumentStore } from './runtime/memory-stores';
export { defaultRecordingFetcher, silentWav } from './runtime/recordings';
export { OriginPolicy } from './runtime/origin-policy';
export { KeyedMutex } from './runtime/keyed-mutex';
export { detached } from './runtime/shared-texts';
export { AudioProber, createAudioProbe, policyGate, type AudioProbe, type AudioProbeOptions, type ProbeGate } from './runtime/audio-probe';

// ---------------------------------------------------------------- production hardening (issue 8)
export { Redactor, REDACTED, DEFAULT_SENSITIVE_WORDS, luhnValid, type RedactionOptions } from './runtime/redaction';
export { connectRedis, redactRedisUrl, LuaScript, type RedisConnection, type RedisConnectionOptions } from './runtime/redis-connection';
export { RedisSessionStore, RedisResponseDocumentStore, type LiveCallCounter, type RedisSessionStoreOptions } from './runtime/redis-stores';
export { Admission, CountingSessionStore, withAdmission, type AdmissionOptions, type AdmissionVerdict } from './runtime/admission';
export { GatewayMetrics, errorEventLabel, type StoreCounts } from './runtime/metrics';

// ---------------------------------------------------------------- which application a call runs (Twilio, ACS)
export { AppSelector, originOf, type AppChoice, type AppSelectionOptions } from './app-selection';

// ---------------------------------------------------------------- interpreter rules adapters share
export { checkTransferDestination, localNumberRefusal, type DestinationVerdict } from './interpreter/index';
export { nationalToGlobal, type DialPlan, type GlobalNumber } from './interpreter/destination';

// ---------------------------------------------------------------- compiler and replay
export { compile, hasErrors, formatDiagnostic } from './compiler/index';
export { parseScript, loadScript, replayScriptSchema, ScriptError, type LoadedScript } from './replay/script';
export { checkExpectation, normalizeText, type ObservedSoFar } from './replay/expect';
export {
  runReplay,
  runScript,
  expandInputs,
  formatOutcome,
  type DriverContext,
  type DriverFactory,
  type DriverRegistry,
  type ReplayOptions,
  type ReplaySummary,
  type ScriptOutcome,
} from './replay/runner';
export { AppResolver, type StartAppServer } from './replay/apps';

/** Replaces any part of the default wiring (tests, Redis store, Twilio recording credentials, the NLU). */
export interface RuntimeOverrides {
  sessions?: SessionStore;
  responses?: ResponseDocumentStore;
  clock?: Clock;
  logger?: Logger;
  recordings?: RecordingFetcher;
  /** Consulted when no grammar matches a voice utterance (issue 7). */
  understanding?: Understanding;
  recognizer?: Recognizer;
  loader?: DocumentLoader;
  compile?: CompileDocument;
  step?: StepFunction;
  createRealm?: () => Realm;
  /** Metrics hook called after every turn. */
  observer?: TurnObserver;
  /** Hides input to sensitive fields (default: from config.redaction). */
  redactor?: Redactor;
  /** Wraps the document loader (fetch metrics). */
  decorateLoader?: (loader: DocumentLoader) => DocumentLoader;
}

/** A CallRuntime plus what its owner needs to run and stop it. */
export interface GatewayRuntime extends CallRuntime {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly sessions: SessionStore;
  /** Releases stores (a Redis connection); in-flight turns finish first. */
  close(): Promise<void>;
  /** Adds a turn observer (the web console's live view) beside the configured one; returns its removal. */
  observe(observer: TurnObserver): () => void;
  /** The event-loop time slices turn work runs in (LOOP_SLICE_MS): webhook routes pass them before parsing. */
  readonly slices?: LoopSlices;
}

/** Platform property defaults (VoiceXML property names, plus the transfer dial plan) from the configuration. */
export function platformDefaults(config: GatewayConfig): Record<string, string> {
  const out: Record<string, string> = {
    timeout: config.platform.timeout,
    interdigittimeout: config.platform.interdigittimeout,
    termchar: config.platform.termchar,
    'xml:lang': config.platform.language,
    fetchtimeout: `${config.fetch.timeoutMs}ms`,
  };
  if (config.platform.voice) out.voice = config.platform.voice;
  // Not a VoiceXML property: the interpreter reads it from these configured defaults only (national transfer numbers).
  if (config.transfer.defaultCountryCode) out[DEFAULT_COUNTRY_CODE_KEY] = config.transfer.defaultCountryCode;
  return out;
}

/**
 * The NLU of the configuration (issue 7): undefined when disabled; overlay files are read and checked now,
 * so a bad one stops start-up with its name. No network client exists unless `nlu.llm` is configured: then the
 * NLU (pure) is given the OpenAI-compatible port, which does the I/O and keeps the deadline.
 */
export function createUnderstanding(config: GatewayConfig): Understanding | undefined {
  const c = config.nlu;
  if (!c.enabled) return undefined;
  const overlays = c.overlays.map((file) => parseOverlay(fs.readFileSync(file, 'utf8'), file));
  const llm = c.llm
    ? { port: createOpenAiLlm({ baseURL: c.llm.baseURL, model: c.llm.model, apiKey: c.llm.apiKey, timeoutMs: c.llm.timeoutMs }), consultBelow: c.llm.consultBelow }
    : undefined;
  const nlu = new NluUnderstanding({ minScore: c.minScore, minMargin: c.minMargin, recognizersText: c.recognizersText, overlays, cacheEntries: config.fetch.cacheEntries, llm });
  if (c.warmUp) nlu.warmUp();
  return new NluHook(nlu);
}

/** Wires the runtime from configuration: memory stores, file/http loader, grammar recognizer, winston logs. */
export function createRuntime(config: GatewayConfig, overrides: RuntimeOverrides = {}): GatewayRuntime {
  const clock = overrides.clock ?? systemClock;
  const redactor = overrides.redactor ?? new Redactor({ words: config.redaction.words, fields: config.redaction.fields });
  const logger = overrides.logger ?? createLogger({ level: config.log.level, redactor });
  const sessions: SessionStore = overrides.sessions ?? new MemorySessionStore(clock, config.session.ttlS);
  const responses = overrides.responses ?? new MemoryResponseDocumentStore(clock, config.session.ttlS);
  const recordings = overrides.recordings ?? defaultRecordingFetcher;
  const undecorated =
    overrides.loader ??
    new HttpDocumentLoader({
      fetcher: new ResourceFetcher({ clock, logger, maxBytes: config.fetch.maxDocumentBytes, maxRedirects: config.fetch.maxRedirects, cacheEntries: config.fetch.cacheEntries }),
      compile: overrides.compile ?? ((text, uri) => compileDocument(text, uri)),
      responses,
      recordings,
      defaultTimeoutMs: config.fetch.timeoutMs,
      maxBytes: config.fetch.maxDocumentBytes,
      cacheEntries: config.fetch.cacheEntries,
    });
  const loader = overrides.decorateLoader ? overrides.decorateLoader(undecorated) : undecorated;
  // Observers are told after the turn is saved: one that throws must not fail the caller's turn.
  const observers = new Set<TurnObserver>(overrides.observer ? [overrides.observer] : []);
  const observer: TurnObserver = {
    turn: (report) => {
      for (const o of observers) {
        try {
          o.turn(report);
        } catch (e) {
          logger.error(`turn observer failed: ${e instanceof Error ? e.message : String(e)}`, { callId: report.callId });
        }
      }
    },
  };
  const understanding = 'understanding' in overrides ? overrides.understanding : createUnderstanding(config);
  const recognizer = overrides.recognizer ?? new GrammarRecognizer({ loader, understanding, cacheEntries: config.fetch.cacheEntries });
  const slices = new LoopSlices(config.limits.loopSliceMs);
  const runtime = new DefaultCallRuntime({
    step: overrides.step ?? step,
    sessions,
    responses,
    loader,
    recognizer,
    realms: new RealmCache(overrides.createRealm ?? createRealm, config.limits.realmCacheSize),
    clock,
    logger,
    limits: {
      turnTimeoutMs: config.limits.turnTimeoutMs,
      maxTransitionsPerTurn: config.limits.maxTransitionsPerTurn,
      scriptTimeoutMs: config.limits.scriptTimeoutMs,
      maxFetchesPerTurn: config.fetch.maxFetchesPerTurn,
    },
    allowedOrigins: config.app.allowedOrigins,
    defaults: platformDefaults(config),
    observer,
    redactor,
    slices,
  });
  return {
    config,
    logger,
    sessions,
    slices,
    start: (call) => runtime.start(call),
    handle: (callId, event, opts) => runtime.handle(callId, event, opts),
    has: (callId) => runtime.has(callId),
    observe: (o) => {
      observers.add(o);
      return () => {
        observers.delete(o);
      };
    },
    close: async () => {
      await runtime.drain();
      await sessions.close?.();
    },
  };
}
