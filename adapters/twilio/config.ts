/**
 * The Twilio section of the configuration: one zod schema with defaults, and `loadTwilioConfig(env)` reading it
 * from environment variables (only gateway/cli passes `process.env`). Errors name the variable, the value given
 * and what is expected (the binding machinery is the gateway's, gateway/config/kit.ts).
 */
import { z } from 'zod';
import { bind, envInput, envParsers, envProblems, httpOrigin, InvalidConfigError, languageTag, pathProblems, urlWhere, type EnvBinding } from '../../gateway/index';
import { normalizeLanguage } from './voices';

const httpUrl = urlWhere(
  (u) => (u.protocol === 'http:' || u.protocol === 'https:') && !u.search && !u.hash && !u.username,
  'expected an http(s) URL without query, fragment or credentials, e.g. https://ivr.example.com',
);

const origin = httpOrigin('https://api.twilio.com');

/** E.164 as Twilio sends `To`, or a client:/sip: identity. */
const calledNumber = z.string().regex(/^(\+[1-9]\d{1,14}|client:[\w.-]+|sip:\S+)$/, 'expected an E.164 number such as +15551230000');

const absoluteUri = urlWhere(
  (u) => u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'file:',
  'expected an absolute http(s) or file URI of an entry document',
);

/**
 * Amazon Polly neural voices Twilio offers, one per language: used when a prompt's xml:lang has no voice in
 * TWILIO_VOICES. A language without a voice is spoken with Twilio's default voice for that `language`.
 */
export const DEFAULT_VOICES: Readonly<Record<string, string>> = {
  'en-US': 'Polly.Joanna-Neural',
  'en-GB': 'Polly.Amy-Neural',
  'en-AU': 'Polly.Olivia-Neural',
  'en-IN': 'Polly.Kajal-Neural',
  'es-ES': 'Polly.Lucia-Neural',
  'es-MX': 'Polly.Mia-Neural',
  'es-US': 'Polly.Lupe-Neural',
  'fr-FR': 'Polly.Lea-Neural',
  'fr-CA': 'Polly.Gabrielle-Neural',
  'de-DE': 'Polly.Vicki-Neural',
  'it-IT': 'Polly.Bianca-Neural',
  'pt-BR': 'Polly.Camila-Neural',
  'pt-PT': 'Polly.Ines-Neural',
  'nl-NL': 'Polly.Laura-Neural',
  'ja-JP': 'Polly.Takumi-Neural',
  'ko-KR': 'Polly.Seoyeon-Neural',
};

/** Record keys checked with their own message (zod only says "Invalid key in record"). */
function keysMatch(key: z.ZodString) {
  return (record: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    for (const k of Object.keys(record)) {
      const r = key.safeParse(k);
      if (!r.success) ctx.addIssue({ code: 'custom', path: [k], message: r.error.issues[0]?.message ?? 'invalid key' });
    }
  };
}

export const twilioConfigSchema = z.object({
  /** AC…: checked against each webhook's AccountSid when set, and the user name for recording downloads. */
  accountSid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'expected an Account SID: AC followed by 32 hex digits')
    .optional(),
  /** Signs webhooks (HMAC-SHA1) and is the password for recording downloads. */
  authToken: z.string().min(1).optional(),
  /** Refuse unsigned or badly signed webhooks (403). Only local development turns this off. */
  validateSignatures: z.boolean().default(true),
  /**
   * Public base URL Twilio calls (https://ivr.example.com, or an ngrok URL), with any path prefix a proxy strips.
   * Signatures are computed over the URL Twilio used, which a TLS-terminating proxy hides from the gateway.
   */
  publicBaseUrl: httpUrl.optional(),
  /** Voice of the default language. */
  voice: z.string().min(1).default('Polly.Joanna-Neural'),
  /** Language of prompts and recognition when a document names none. */
  language: languageTag.default('en-US'),
  /** Voice per language (xml:lang), over DEFAULT_VOICES. */
  voices: z.record(z.string(), z.string().min(1)).superRefine(keysMatch(languageTag)).default({}),
  /** <Gather speechModel>, e.g. phone_call or googlev2_telephony; unset = Twilio chooses. */
  speechModel: z.string().min(1).optional(),
  /** Application per called number (To), before the `app` query parameter and the default application. */
  numbers: z.record(z.string(), absoluteUri).superRefine(keysMatch(calledNumber)).default({}),
  /** Origins whose recordings are downloaded with the account credentials (HTTP basic auth). */
  recordingOrigins: z.array(origin).default(['https://api.twilio.com']),
  /** Answer Twilio within this even if the runtime has not (its own turn deadline is shorter). */
  answerDeadlineMs: z.number().int().min(1000).max(14500).default(13000),
  /**
   * `replay --channel twilio --gateway …` only: fixed port of the simulated Twilio media host, so the gateways
   * can list http://127.0.0.1:<port> in TWILIO_RECORDING_ORIGINS and download what simulated callers record.
   */
  simulatorRecordingPort: z.number().int().min(1).max(65535).optional(),
  /** Spoken to a caller whose call the gateway cannot continue (unknown call, internal failure). */
  apology: z.string().min(1).default('We are sorry, this call cannot be continued. Please call again later. Goodbye.'),
});

export type TwilioConfig = z.infer<typeof twilioConfigSchema>;
export type TwilioConfigInput = z.input<typeof twilioConfigSchema>;

/** Twilio's text values are read without surrounding white space. */
const { trimmed: str, int, bool, list, pairs } = envParsers;

export const TWILIO_ENV_BINDINGS: readonly EnvBinding[] = [
  bind('TWILIO_ACCOUNT_SID', 'accountSid', str, 'Twilio Account SID (AC…)'),
  bind('TWILIO_AUTH_TOKEN', 'authToken', str, 'Twilio auth token: validates webhook signatures, downloads recordings'),
  bind('TWILIO_VALIDATE', 'validateSignatures', bool, 'true (default) or false: check X-Twilio-Signature (false only for local development)'),
  bind('PUBLIC_BASE_URL', 'publicBaseUrl', str, 'the URL Twilio reaches the gateway at, when behind a proxy or tunnel'),
  bind('TWILIO_VOICE', 'voice', str, 'TTS voice of the default language, e.g. Polly.Joanna-Neural'),
  bind('TWILIO_LANGUAGE', 'language', str, 'default language of prompts and recognition'),
  bind('TWILIO_VOICES', 'voices', pairs, 'voices per language: fr-FR=Polly.Lea-Neural,de-DE=Polly.Vicki-Neural'),
  bind('TWILIO_SPEECH_MODEL', 'speechModel', str, '<Gather speechModel>'),
  bind('TWILIO_NUMBERS', 'numbers', pairs, 'application per called number: +15551230000=https://apps.example.com/main.vxml,…'),
  bind('TWILIO_RECORDING_ORIGINS', 'recordingOrigins', list, 'origins recordings are downloaded from with the account credentials'),
  bind('TWILIO_ANSWER_DEADLINE_MS', 'answerDeadlineMs', int, 'longest the gateway lets Twilio wait for an answer'),
  bind('TWILIO_APOLOGY', 'apology', str, 'what a caller hears when the call cannot be continued'),
  bind('TWILIO_SIM_RECORDING_PORT', 'simulatorRecordingPort', int, 'replay --gateway: port of the simulated Twilio media host'),
];

export class TwilioConfigError extends InvalidConfigError {
  constructor(problems: string[]) {
    super('TwilioConfigError', 'Twilio configuration', problems);
  }
}

/** Validates a configuration object (defaults filled), normalising language tags. */
export function parseTwilioConfig(input: TwilioConfigInput = {}): TwilioConfig {
  const result = twilioConfigSchema.safeParse(input);
  if (!result.success) throw new TwilioConfigError(pathProblems(result.error));
  return normalize(result.data);
}

/**
 * Reads the Twilio section from environment variables (empty values count as unset). Errors name the variable
 * when it is set, and the entry below it: `TWILIO_NUMBERS="…" (…) [5551234]: expected an E.164 number …`.
 */
export function loadTwilioConfig(env: Record<string, string | undefined>, overrides: TwilioConfigInput = {}): TwilioConfig {
  const result = twilioConfigSchema.safeParse(envInput(TWILIO_ENV_BINDINGS, env, overrides));
  if (!result.success) throw new TwilioConfigError(envProblems(result.error, TWILIO_ENV_BINDINGS, env, { setOnlyWithSubPath: true }));
  return normalize(result.data);
}

function normalize(config: TwilioConfig): TwilioConfig {
  const voices: Record<string, string> = {};
  for (const [lang, voice] of Object.entries(config.voices)) voices[normalizeLanguage(lang)] = voice;
  return {
    ...config,
    language: normalizeLanguage(config.language),
    voices,
    publicBaseUrl: config.publicBaseUrl?.replace(/\/+$/, ''),
    recordingOrigins: config.recordingOrigins.map((o) => new URL(o).origin),
  };
}

/** Problems worth a loud warning at start-up (the server still starts). */
export function twilioConfigWarnings(config: TwilioConfig): string[] {
  const warnings: string[] = [];
  if (!config.validateSignatures) {
    warnings.push(
      'TWILIO_VALIDATE=false: Twilio webhook signatures are NOT checked. Anyone who can reach this server can drive calls. Use this only for local development.',
    );
  } else if (!config.authToken) {
    warnings.push('TWILIO_AUTH_TOKEN is not set: every Twilio webhook will be refused with 403 until it is configured.');
  }
  if (!config.accountSid) warnings.push('TWILIO_ACCOUNT_SID is not set: recordings cannot be downloaded for <submit>.');
  return warnings;
}
