/**
 * Which Twilio voice speaks a prompt, and which `language` a <Say>/<Gather> names, from the prompt's xml:lang.
 */

/** Region assumed for a bare language subtag (Twilio's <Gather language> wants language-REGION). */
const DEFAULT_REGION: Readonly<Record<string, string>> = {
  en: 'en-US',
  es: 'es-ES',
  fr: 'fr-FR',
  de: 'de-DE',
  it: 'it-IT',
  pt: 'pt-BR',
  nl: 'nl-NL',
  ja: 'ja-JP',
  ko: 'ko-KR',
  da: 'da-DK',
  sv: 'sv-SE',
  nb: 'nb-NO',
  pl: 'pl-PL',
  ru: 'ru-RU',
  tr: 'tr-TR',
};

/** `en-us` → `en-US`, `EN` → `en-US`, `zh-hant-tw` → `zh-Hant-TW` (BCP 47 case conventions). */
export function normalizeLanguage(tag: string): string {
  const parts = tag.trim().replace(/_/g, '-').split('-').filter(Boolean);
  if (parts.length === 0) return tag;
  const primary = parts[0].toLowerCase();
  if (parts.length === 1) return DEFAULT_REGION[primary] ?? primary;
  const rest = parts.slice(1).map((p) => (p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p.toLowerCase()));
  return [primary, ...rest].join('-');
}

export interface SayVoice {
  voice?: string;
  language: string;
}

/** Resolves voices once per language; the table is tiny, the cache saves re-normalising every turn. */
export class VoiceBook {
  private readonly cache = new Map<string, SayVoice>();
  private readonly voices: Map<string, string>;

  constructor(
    private readonly defaultLanguage: string,
    defaultVoice: string,
    voices: Readonly<Record<string, string>>,
    builtin: Readonly<Record<string, string>>,
  ) {
    this.voices = new Map<string, string>();
    for (const [lang, voice] of Object.entries(builtin)) this.voices.set(normalizeLanguage(lang), voice);
    this.voices.set(normalizeLanguage(defaultLanguage), defaultVoice);
    for (const [lang, voice] of Object.entries(voices)) this.voices.set(normalizeLanguage(lang), voice);
  }

  /** Voice and language for text in `lang` (undefined or empty = the default language). */
  forLanguage(lang: string | undefined): SayVoice {
    const key = lang && lang.trim() ? lang : this.defaultLanguage;
    let found = this.cache.get(key);
    if (!found) {
      const language = normalizeLanguage(key);
      const primary = language.split('-')[0];
      const voice = this.voices.get(language) ?? this.voices.get(DEFAULT_REGION[primary] ?? primary);
      found = voice ? { voice, language } : { language };
      this.cache.set(key, found);
    }
    return found;
  }
}
