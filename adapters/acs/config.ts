/**
 * ACS adapter configuration: one zod schema and `loadAcsConfig(env)`. Only the CLI passes `process.env`.
 *
 * Security stance: every endpoint must be https; the single exception is a loopback http endpoint
 * (127.0.0.1, ::1, localhost) so the real SDK can talk to the replay simulator offline.
 */
import { z } from 'zod';
import { bind, envInput, envParsers, envProblems, InvalidConfigError, languageTag, pathProblems, urlWhere, type EnvBinding } from '../../gateway/index';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(u: URL): boolean {
  return LOOPBACK_HOSTS.has(u.hostname);
}

/** https://…, or http:// on a loopback host only. */
const secureUrl = urlWhere(
  (u) => u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackUrl(u)),
  'expected an https:// URL (http:// is accepted only for 127.0.0.1/localhost, for local testing)',
);

export interface ParsedConnectionString {
  endpoint: URL;
  accessKey: string;
  /** The endpoint is plain http on loopback: the simulator. The SDK then needs allowInsecureConnection. */
  insecureLoopback: boolean;
}

/** `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64>` → its parts, or a reason. */
export function parseConnectionString(raw: string): ParsedConnectionString | string {
  const parts = new Map<string, string>();
  for (const piece of raw.split(';')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    parts.set(piece.slice(0, eq).trim().toLowerCase(), piece.slice(eq + 1).trim());
  }
  const endpoint = parts.get('endpoint');
  const accessKey = parts.get('accesskey');
  if (!endpoint || !accessKey) return 'expected "endpoint=https://<resource>.communication.azure.com/;accesskey=<key>"';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `endpoint ${JSON.stringify(endpoint)} is not a URL`;
  }
  if (url.protocol === 'https:') return { endpoint: url, accessKey, insecureLoopback: false };
  if (url.protocol === 'http:' && isLoopbackUrl(url)) return { endpoint: url, accessKey, insecureLoopback: true };
  return `endpoint ${JSON.stringify(endpoint)} must be https (http is accepted only for 127.0.0.1/localhost, for local testing)`;
}

const e164 = z.string().regex(/^\+[1-9]\d{4,14}$/, 'expected an E.164 phone number such as +14255550123');

/** Neural voices used when the configuration names none for a language (ACS picks one per locale otherwise). */
export const DEFAULT_VOICES: Record<string, string> = {
  'en-US': 'en-US-JennyNeural',
  'en-GB': 'en-GB-SoniaNeural',
  'fr-FR': 'fr-FR-DeniseNeural',
  'de-DE': 'de-DE-KatjaNeural',
  'es-ES': 'es-ES-ElviraNeural',
  'it-IT': 'it-IT-ElsaNeural',
};

export const acsConfigSchema = z.object({
  connectionString: z.string().min(1).superRefine((s, ctx) => {
    const parsed = parseConnectionString(s);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  }),
  /** The gateway's public origin (as ACS reaches it); callback URIs are built from it. */
  publicBaseUrl: secureUrl,
  /** Azure AI services endpoint, passed at answer time: TTS and speech recognition need it. */
  cognitiveServicesEndpoint: secureUrl.optional(),
  /** xml:lang → neural voice name. Looked up exactly, then by language prefix, then DEFAULT_VOICES. */
  voices: z.record(languageTag, z.string().min(1)).default({}),
  /** Caller id presented on transfers (must be a number the ACS resource owns); default: the number called. */
  callerId: e164.optional(),
  /** Called number → application entry (URL or path). Other numbers run the default app of `serve`. */
  numberApps: z.record(e164, z.string().min(1)).default({}),
  /**
   * Event Grid webhook secret: the subscription's endpoint URL carries `?secret=<this>`. Required unless
   * `eventGridAuth` is 'none' (an explicit, logged opt-out for experiments).
   */
  eventGridSecret: z.string().min(16, 'use at least 16 random characters').optional(),
  eventGridAuth: z.enum(['secret', 'none']).default('secret'),
  /** Optional JWT check of callbacks' Authorization header (OIDC keys of ACS Call Automation). */
  jwt: z
    .object({
      audience: z.string().min(1),
      issuer: z.string().min(1).default('https://acscallautomation.communication.azure.com'),
      jwksUrl: secureUrl.default('https://acscallautomation.communication.azure.com/calling/keys'),
      /** Inline JWKS JSON (air-gapped deployments, tests); when set the URL is not fetched. */
      jwks: z.string().optional(),
    })
    .optional(),
  /** Use ACS `choices` recognition when the runtime offers a small closed set (off: free speech + gateway NLU). */
  useChoices: z.boolean().default(false),
  /** `<record>`: ACS call recording around the record window, or honestly unsupported. */
  recordMode: z.enum(['call-recording', 'unsupported']).default('call-recording'),
  /** How long to wait for RecordingFileStatusUpdated after a record window before error.noresource. */
  recordFileWaitMs: z.number().int().min(1000).max(600000).default(120000),
  /** A short WAV played before a recording when `<record beep="true">` (TTS cannot beep). */
  beepUrl: secureUrl.optional(),
  /** maxTonesToCollect when the active DTMF grammars do not bound the length. */
  defaultMaxTones: z.number().int().min(1).max(100).default(20),
  speechModelEndpointId: z.string().min(1).optional(),
  /** Adapter call state expires this long after the last event. */
  callTtlS: z.number().int().min(60).default(7200),
}).superRefine((c, ctx) => {
  if (c.eventGridAuth === 'secret' && !c.eventGridSecret) {
    ctx.addIssue({ code: 'custom', path: ['eventGridSecret'], message: 'required (or set ACS_EVENTGRID_AUTH=none to accept unauthenticated Event Grid posts)' });
  }
});

export type AcsConfig = z.infer<typeof acsConfigSchema>;
export type AcsConfigInput = z.input<typeof acsConfigSchema>;

const { str, int, bool, pairs } = envParsers;

export const ACS_ENV_BINDINGS: readonly EnvBinding[] = [
  bind('ACS_CONNECTION_STRING', 'connectionString', str, 'ACS resource connection string (endpoint=https://…;accesskey=…)'),
  bind('PUBLIC_BASE_URL', 'publicBaseUrl', str, "the gateway's public https origin, used in callback URIs"),
  bind('ACS_COGNITIVE_SERVICES_ENDPOINT', 'cognitiveServicesEndpoint', str, 'Azure AI services endpoint for TTS and speech'),
  bind('ACS_VOICES', 'voices', pairs, 'xml:lang=voice pairs, e.g. en-US=en-US-JennyNeural,fr-FR=fr-FR-DeniseNeural'),
  bind('ACS_CALLER_ID', 'callerId', str, 'E.164 caller id presented on transfers'),
  bind('ACS_NUMBER_APPS', 'numberApps', pairs, 'called number=application entry pairs (or a JSON object)'),
  bind('ACS_EVENTGRID_SECRET', 'eventGridSecret', str, 'secret expected as ?secret= on /acs/incoming'),
  bind('ACS_EVENTGRID_AUTH', 'eventGridAuth', str, '"secret" (default) or "none"'),
  bind('ACS_JWT_AUDIENCE', 'jwt.audience', str, 'ACS resource id: enables JWT validation of callbacks'),
  bind('ACS_JWT_ISSUER', 'jwt.issuer', str, 'expected JWT issuer'),
  bind('ACS_JWKS_URL', 'jwt.jwksUrl', str, 'JWKS URL of the Call Automation signing keys'),
  bind('ACS_JWKS', 'jwt.jwks', str, 'inline JWKS JSON instead of fetching ACS_JWKS_URL'),
  bind('ACS_USE_CHOICES', 'useChoices', bool, 'use ACS choices recognition for small closed grammars'),
  bind('ACS_RECORD_MODE', 'recordMode', str, '"call-recording" (default) or "unsupported"'),
  bind('ACS_RECORD_FILE_WAIT_MS', 'recordFileWaitMs', int, 'wait for the recording file after a record window'),
  bind('ACS_BEEP_URL', 'beepUrl', str, 'WAV played before <record beep="true">'),
  bind('ACS_DEFAULT_MAX_TONES', 'defaultMaxTones', int, 'maxTonesToCollect when grammars do not bound the length'),
  bind('ACS_SPEECH_MODEL_ENDPOINT_ID', 'speechModelEndpointId', str, 'custom speech model endpoint id'),
  bind('ACS_CALL_TTL_S', 'callTtlS', int, 'seconds adapter call state is kept after the last event'),
];

export class AcsConfigError extends InvalidConfigError {
  constructor(problems: string[]) {
    super('AcsConfigError', 'ACS configuration', problems);
  }
}

/** Whether the environment asks for the ACS channel at all. */
export function acsConfigured(env: Record<string, string | undefined>): boolean {
  return (env.ACS_CONNECTION_STRING ?? '').trim() !== '';
}

/** Validates a configuration object (tests, simulator). Throws AcsConfigError naming each bad field. */
export function parseAcsConfig(input: AcsConfigInput): AcsConfig {
  const result = acsConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new AcsConfigError(pathProblems(result.error));
}

/** Reads the ACS configuration from environment variables; errors name the variable and what is expected. */
export function loadAcsConfig(env: Record<string, string | undefined>, overrides: Partial<AcsConfigInput> = {}): AcsConfig {
  const result = acsConfigSchema.safeParse(envInput(ACS_ENV_BINDINGS, env, overrides));
  if (result.success) return result.data;
  // Never echo secrets back into logs.
  throw new AcsConfigError(envProblems(result.error, ACS_ENV_BINDINGS, env, { secret: /SECRET|CONNECTION_STRING/ }));
}

/** The voice for a language: configured exact, configured by primary language, default exact, none. */
export function voiceFor(config: Pick<AcsConfig, 'voices'>, language: string): string | undefined {
  const exact = Object.entries(config.voices).find(([k]) => k.toLowerCase() === language.toLowerCase());
  if (exact) return exact[1];
  const primary = language.split('-')[0].toLowerCase();
  const byPrimary = Object.entries(config.voices).find(([k]) => k.split('-')[0].toLowerCase() === primary);
  if (byPrimary) return byPrimary[1];
  const dflt = Object.entries(DEFAULT_VOICES).find(([k]) => k.toLowerCase() === language.toLowerCase());
  return dflt?.[1];
}
