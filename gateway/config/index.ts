/**
 * The gateway's configuration: one zod schema with defaults, and `loadConfig(env)` that reads it from
 * environment variables. Only gateway/cli passes `process.env`; everything else receives a GatewayConfig.
 *
 * Adding a section (Twilio, ACS, Redis …): add its object to `configSchema` and one `bind()` per variable
 * to `ENV_BINDINGS`; errors then name the variable automatically. The binding machinery is ./kit.ts,
 * shared with the adapters' own sections (Twilio, ACS, web console).
 */
import { z } from 'zod';
import { bind, envInput, envParsers, envProblems, httpOrigin, InvalidConfigError, languageTag, pathProblems, urlWhere, type EnvBinding } from './kit';

const origin = httpOrigin('https://apps.example.com or http://127.0.0.1:8080');

/** redis:// or rediss:// (TLS) URL of the shared session store. */
const redisUrl = urlWhere(
  (u) => (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '',
  'expected redis://[user:password@]host[:port][/db] or rediss://… (TLS)',
);

/** Word parts that make a field's input sensitive (redacted in logs, traces, live views and transcripts). */
export const DEFAULT_SENSITIVE_WORDS: readonly string[] = ['pin', 'card', 'cvv', 'cvc', 'ssn', 'password', 'passcode', 'passwd', 'account', 'secret'];

/** A VoiceXML time designation: "5s", "500ms" or a bare number of milliseconds. */
const vxmlTime = z.string().regex(/^\s*\d+(\.\d+)?\s*(ms|s)?\s*$/, 'expected a VoiceXML time such as "5s" or "500ms"');

export const configSchema = z.object({
  server: z
    .object({
      port: z.number().int().min(0).max(65535).default(3000),
      host: z.string().min(1).default('0.0.0.0'),
    })
    .prefault({}),
  app: z
    .object({
      /** Entry document of calls that name no application (URL or file path). */
      defaultApp: z.string().min(1).optional(),
      /** Spoken to a new caller refused because the instance is at MAX_SESSIONS or shutting down. */
      busyMessage: z.string().min(1).max(500).default('All our lines are busy right now. Please call again in a few minutes. Goodbye.'),
      /** Origins documents may be fetched from in addition to the entry application's own origin. */
      allowedOrigins: z.array(origin).default([]),
    })
    .prefault({}),
  fetch: z
    .object({
      timeoutMs: z.number().int().min(1).max(60000).default(5000),
      maxDocumentBytes: z.number().int().min(1024).default(1024 * 1024),
      maxRedirects: z.number().int().min(0).max(20).default(5),
      /** Fetches serviced for the interpreter in one turn (documents, scripts, data, submits). */
      maxFetchesPerTurn: z.number().int().min(1).max(1000).default(32),
      /** Compiled documents and HTTP cache entries kept in memory. */
      cacheEntries: z.number().int().min(1).default(500),
    })
    .prefault({}),
  limits: z
    .object({
      /** A whole turn (fetches, scripts, recognition) must finish well under Twilio's 15 s webhook limit. */
      turnTimeoutMs: z.number().int().min(100).max(14000).default(10000),
      maxTransitionsPerTurn: z.number().int().min(1).max(10000).default(200),
      scriptTimeoutMs: z.number().int().min(1).max(10000).default(1000),
      /** ECMAScript realms (one per application entry) kept alive. */
      realmCacheSize: z.number().int().min(1).default(64),
      /**
       * Calls in progress beyond which new calls are refused politely (0 = no cap). Counted in the session
       * store: this instance's calls with memory sessions, the deployment's calls with Redis.
       */
      maxSessions: z.number().int().min(0).default(1000),
      /** On SIGTERM: how long in-flight turns may take to finish before the process exits anyway. */
      shutdownGraceMs: z.number().int().min(0).max(120000).default(20000),
      /**
       * Turn work one event-loop iteration may run before the rest waits for later iterations, so new
       * connections and health checks are served under load (gateway/runtime/loop-slices.ts); 0 = no slicing.
       */
      loopSliceMs: z.number().int().min(0).max(1000).default(5),
    })
    .prefault({}),
  session: z
    .object({
      /** Abandoned calls (no turn for this long) expire. */
      ttlS: z.number().int().min(1).default(3600),
    })
    .prefault({}),
  /** Shared session store (several instances behind a load balancer); unset = in-memory sessions. */
  redis: z
    .object({
      url: redisUrl.optional(),
      /** Prefix of every key (several deployments may share one Redis). */
      keyPrefix: z.string().regex(/^[A-Za-z0-9:._-]{0,64}$/, 'letters, digits and : . _ - only (at most 64)').default('vxml:'),
      connectTimeoutMs: z.number().int().min(100).max(60000).default(5000),
      /** A Redis command slower than this fails the turn instead of hanging it. */
      commandTimeoutMs: z.number().int().min(50).max(10000).default(2000),
    })
    .prefault({}),
  /** Input to sensitive fields is redacted everywhere outside the interpreter (gateway/runtime/redaction.ts). */
  redaction: z
    .object({
      /** A field is sensitive when a part of its name is (or starts/ends with) one of these words. */
      words: z.array(z.string().regex(/^[a-z0-9]+$/i, 'one word of letters or digits')).default([...DEFAULT_SENSITIVE_WORDS]),
      /** Field names marked sensitive whatever they are called. */
      fields: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
  metrics: z
    .object({
      /** Serve Prometheus metrics on GET /metrics. */
      enabled: z.boolean().default(true),
    })
    .prefault({}),
  log: z
    .object({
      level: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
    })
    .prefault({}),
  /** Platform defaults applied below document properties (VoiceXML 2.0 §6.3). */
  platform: z
    .object({
      timeout: vxmlTime.default('5s'),
      interdigittimeout: vxmlTime.default('3s'),
      termchar: z.string().regex(/^[0-9*#]?$/, 'expected one DTMF key (0-9, *, #) or empty').default('#'),
      language: languageTag.default('en-US'),
      /** Platform TTS voice name (e.g. Polly.Joanna on Twilio); empty = the platform's default. */
      voice: z.string().default(''),
    })
    .prefault({}),
  /** Transfers (VoiceXML <transfer>). */
  transfer: z
    .object({
      /**
       * ITU-T country calling code ("1", "44"; a leading "+" is accepted) that completes national tel: numbers
       * (`tel:8005551212`) to E.164, as the legacy carrier's dial plan did. Unset: such numbers are refused
       * (error.connection.baddestination), RFC 3966's strict rule.
       */
      defaultCountryCode: z
        .string()
        .trim()
        .regex(/^\+?[1-9]\d{0,2}$/, 'expected a country calling code of 1 to 3 digits, such as 1 or 44')
        .transform((code) => code.replace(/^\+/, ''))
        .optional(),
    })
    .prefault({}),
  /** The conversational layer (issue 7): offline by default; the LLM only when configured. */
  nlu: z
    .object({
      /** Map free speech no grammar matched onto the grammars' results (off: plain nomatch, as before). */
      enabled: z.boolean().default(true),
      /** Lowest share of the caller's request a label must explain (more than half), and its lead over the runner-up. */
      minScore: z.number().min(0).max(1).default(0.55),
      minMargin: z.number().min(0).max(1).default(0.15),
      /** Ask Microsoft Recognizers-Text for builtin values our readers miss (loaded on first need). */
      recognizersText: z.boolean().default(true),
      /** Load Recognizers-Text at start-up instead of during the first caller's turn that needs it (~5 s CPU). */
      warmUp: z.boolean().default(false),
      /** Per-application overlay files (YAML/JSON, contracts/nlu.ts). */
      overlays: z.array(z.string().min(1)).default([]),
      /** OpenAI-compatible LLM consulted only when the offline classifier is unsure. */
      llm: z
        .object({
          baseURL: z.string().url(),
          model: z.string().min(1),
          apiKey: z.string().default(''),
          timeoutMs: z.number().int().min(50).max(10000).default(1500),
          /** Consulted when nothing was accepted offline, or the classifier's score is below this. */
          consultBelow: z.number().min(0).max(1).default(0.75),
        })
        .optional(),
    })
    .prefault({}),
});

export type GatewayConfig = z.infer<typeof configSchema>;
/** What callers may pass: every field optional, defaults fill the rest. */
export type GatewayConfigInput = z.input<typeof configSchema>;

const { str, int, num, bool, list } = envParsers;

export const ENV_BINDINGS: readonly EnvBinding[] = [
  bind('PORT', 'server.port', int, 'TCP port of `serve`'),
  bind('HOST', 'server.host', str, 'interface `serve` listens on'),
  bind('DEFAULT_APP', 'app.defaultApp', str, 'entry document (URL or path) of calls that name no application'),
  bind('ALLOWED_ORIGINS', 'app.allowedOrigins', list, 'comma-separated origins documents may also be fetched from'),
  bind('FETCH_TIMEOUT_MS', 'fetch.timeoutMs', int, 'default fetchtimeout of document/data fetches'),
  bind('MAX_DOCUMENT_BYTES', 'fetch.maxDocumentBytes', int, 'largest document, script, grammar or data answer accepted'),
  bind('MAX_REDIRECTS', 'fetch.maxRedirects', int, 'HTTP redirects followed per fetch'),
  bind('MAX_FETCHES_PER_TURN', 'fetch.maxFetchesPerTurn', int, 'fetches one turn may make'),
  bind('FETCH_CACHE_ENTRIES', 'fetch.cacheEntries', int, 'documents kept in the HTTP and compiled-graph caches'),
  bind('TURN_TIMEOUT_MS', 'limits.turnTimeoutMs', int, 'deadline of one caller turn'),
  bind('MAX_TRANSITIONS_PER_TURN', 'limits.maxTransitionsPerTurn', int, 'dialog transitions allowed without waiting for input'),
  bind('SCRIPT_TIMEOUT_MS', 'limits.scriptTimeoutMs', int, 'ECMAScript time budget per turn'),
  bind('REALM_CACHE_SIZE', 'limits.realmCacheSize', int, 'ECMAScript realms kept (one per application)'),
  bind('SESSION_TTL_S', 'session.ttlS', int, 'seconds after which an abandoned call expires'),
  bind('MAX_SESSIONS', 'limits.maxSessions', int, 'calls in progress beyond which new calls hear BUSY_MESSAGE and are hung up (0 = no cap; with Redis: the whole deployment)'),
  bind('SHUTDOWN_GRACE_MS', 'limits.shutdownGraceMs', int, 'on SIGTERM, longest wait for in-flight turns before exiting'),
  bind('LOOP_SLICE_MS', 'limits.loopSliceMs', int, 'turn work per event-loop iteration before the rest waits, so new connections and health checks are served under load (0 = off)'),
  bind('BUSY_MESSAGE', 'app.busyMessage', str, 'what a new caller refused at MAX_SESSIONS or during shutdown hears'),
  bind('REDIS_URL', 'redis.url', str, 'redis:// or rediss:// URL: sessions, POST-answer documents and ACS call state shared by every instance (unset = in memory)'),
  bind('REDIS_KEY_PREFIX', 'redis.keyPrefix', str, 'prefix of every Redis key'),
  bind('REDIS_CONNECT_TIMEOUT_MS', 'redis.connectTimeoutMs', int, 'Redis connection timeout'),
  bind('REDIS_COMMAND_TIMEOUT_MS', 'redis.commandTimeoutMs', int, 'a Redis command slower than this fails the turn'),
  bind('SENSITIVE_WORDS', 'redaction.words', list, 'comma-separated word parts that make a field sensitive (default pin,card,cvv,cvc,ssn,password,passcode,passwd,account,secret)'),
  bind('SENSITIVE_FIELDS', 'redaction.fields', list, 'comma-separated field names whose input is always redacted'),
  bind('METRICS_ENABLED', 'metrics.enabled', bool, 'serve Prometheus metrics on GET /metrics (true by default)'),
  bind('LOG_LEVEL', 'log.level', str, 'winston log level'),
  bind('DEFAULT_TIMEOUT', 'platform.timeout', str, 'VoiceXML timeout property default'),
  bind('DEFAULT_INTERDIGITTIMEOUT', 'platform.interdigittimeout', str, 'VoiceXML interdigittimeout property default'),
  bind('DEFAULT_TERMCHAR', 'platform.termchar', str, 'VoiceXML termchar property default'),
  bind('DEFAULT_LANGUAGE', 'platform.language', str, 'xml:lang default of prompts and recognition'),
  bind('DEFAULT_VOICE', 'platform.voice', str, 'TTS voice name'),
  bind('TRANSFER_DEFAULT_COUNTRY_CODE', 'transfer.defaultCountryCode', str, 'country calling code (1, 44…) completing national transfer numbers such as tel:8005551212 to E.164 (unset = refused)'),
  bind('NLU_ENABLED', 'nlu.enabled', bool, 'map free speech onto the grammars (true/false)'),
  bind('NLU_MIN_SCORE', 'nlu.minScore', num, 'lowest classifier score accepted (0..1)'),
  bind('NLU_MIN_MARGIN', 'nlu.minMargin', num, 'lowest lead of the best label over the runner-up (0..1)'),
  bind('NLU_RECOGNIZERS_TEXT', 'nlu.recognizersText', bool, 'use Microsoft Recognizers-Text for builtin values (true/false)'),
  bind('NLU_WARM_UP', 'nlu.warmUp', bool, 'load Recognizers-Text at start-up (true/false)'),
  bind('NLU_OVERLAYS', 'nlu.overlays', list, 'comma-separated NLU overlay files'),
  bind('NLU_LLM_BASE_URL', 'nlu.llm.baseURL', str, 'OpenAI-compatible API base URL (enables the LLM)'),
  bind('NLU_LLM_MODEL', 'nlu.llm.model', str, 'LLM model name'),
  bind('NLU_LLM_API_KEY', 'nlu.llm.apiKey', str, 'LLM API key'),
  bind('NLU_LLM_TIMEOUT_MS', 'nlu.llm.timeoutMs', int, 'LLM deadline per consultation'),
  bind('NLU_LLM_CONSULT_BELOW', 'nlu.llm.consultBelow', num, 'classifier score below which the LLM is asked'),
];

export class ConfigError extends InvalidConfigError {
  constructor(problems: string[]) {
    super('ConfigError', 'configuration', problems);
  }
}

/** Validates a configuration object (defaults filled). Throws ConfigError naming each bad field. */
export function parseConfig(input: GatewayConfigInput = {}): GatewayConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(pathProblems(result.error));
}

/**
 * Reads the configuration from environment variables (empty values count as unset). Errors name the
 * variable, the value given and what is expected, e.g. `PORT="abc": Invalid input: expected number`.
 */
export function loadConfig(env: Record<string, string | undefined>, overrides: GatewayConfigInput = {}): GatewayConfig {
  const result = configSchema.safeParse(envInput(ENV_BINDINGS, env, overrides));
  if (result.success) return result.data;
  throw new ConfigError(envProblems(result.error, ENV_BINDINGS, env));
}

/** VoiceXML time designation → milliseconds ("5s" → 5000, "250ms" → 250, "3" → 3). */
export function vxmlTimeToMs(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(value);
  if (!m) throw new Error(`not a VoiceXML time: ${JSON.stringify(value)}`);
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : n);
}
