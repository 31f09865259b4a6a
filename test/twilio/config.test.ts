/** The Twilio configuration section: environment variables, defaults, and errors that name the variable. */
import { loadTwilioConfig, TwilioConfigError } from '../../adapters/twilio/index';
import { normalizeLanguage, VoiceBook } from '../../adapters/twilio/voices';
import { DEFAULT_VOICES } from '../../adapters/twilio/config';

describe('loadTwilioConfig', () => {
  test('defaults', () => {
    const c = loadTwilioConfig({});
    expect(c).toMatchObject({ validateSignatures: true, voice: 'Polly.Joanna-Neural', language: 'en-US', numbers: {}, recordingOrigins: ['https://api.twilio.com'] });
    expect(c.authToken).toBeUndefined();
  });

  test('reads every variable', () => {
    const c = loadTwilioConfig({
      TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
      TWILIO_AUTH_TOKEN: 'secret',
      TWILIO_VALIDATE: 'no',
      PUBLIC_BASE_URL: 'https://abc.ngrok.app/',
      TWILIO_VOICE: 'Polly.Matthew-Neural',
      TWILIO_LANGUAGE: 'en-us',
      TWILIO_VOICES: 'fr-fr=Polly.Remi-Neural, de-DE=Polly.Daniel-Neural',
      TWILIO_SPEECH_MODEL: 'phone_call',
      TWILIO_NUMBERS: '+18005550100=https://apps.example.com/a.vxml?x=1,+18005550101=file:///srv/ivr/b.vxml',
      TWILIO_RECORDING_ORIGINS: 'https://api.twilio.com, http://127.0.0.1:9999',
      TWILIO_ANSWER_DEADLINE_MS: '12000',
      TWILIO_SIM_RECORDING_PORT: '3918',
    });
    expect(c).toMatchObject({
      accountSid: 'AC' + '0'.repeat(32),
      authToken: 'secret',
      validateSignatures: false,
      publicBaseUrl: 'https://abc.ngrok.app',
      voice: 'Polly.Matthew-Neural',
      language: 'en-US',
      voices: { 'fr-FR': 'Polly.Remi-Neural', 'de-DE': 'Polly.Daniel-Neural' },
      speechModel: 'phone_call',
      numbers: { '+18005550100': 'https://apps.example.com/a.vxml?x=1', '+18005550101': 'file:///srv/ivr/b.vxml' },
      recordingOrigins: ['https://api.twilio.com', 'http://127.0.0.1:9999'],
      answerDeadlineMs: 12000,
      simulatorRecordingPort: 3918,
    });
  });

  test('TWILIO_NUMBERS may be JSON', () => {
    expect(loadTwilioConfig({ TWILIO_NUMBERS: '{"+15551230000": "https://a.example.com/m.vxml"}' }).numbers).toEqual({ '+15551230000': 'https://a.example.com/m.vxml' });
  });

  test('errors name the variable, the value and what is expected', () => {
    const attempt = (env: Record<string, string>) => {
      try {
        loadTwilioConfig(env);
      } catch (e) {
        expect(e).toBeInstanceOf(TwilioConfigError);
        return (e as Error).message;
      }
      throw new Error('expected a configuration error');
    };
    expect(attempt({ TWILIO_VALIDATE: 'maybe' })).toMatch(/TWILIO_VALIDATE="maybe" \(true \(default\) or false/);
    expect(attempt({ TWILIO_ACCOUNT_SID: 'AB12' })).toMatch(/TWILIO_ACCOUNT_SID="AB12".*AC followed by 32 hex digits/);
    expect(attempt({ PUBLIC_BASE_URL: 'ftp://x' })).toMatch(/PUBLIC_BASE_URL="ftp:\/\/x".*http\(s\) URL/);
    expect(attempt({ TWILIO_NUMBERS: '5551234=https://a.example.com/x.vxml' })).toMatch(/TWILIO_NUMBERS=.*\[5551234\].*E\.164/);
    expect(attempt({ TWILIO_NUMBERS: '+15551234567=relative.vxml' })).toMatch(/absolute http\(s\) or file URI/);
    expect(attempt({ TWILIO_ANSWER_DEADLINE_MS: '20000' })).toMatch(/TWILIO_ANSWER_DEADLINE_MS="20000"/);
  });
});

describe('voices', () => {
  test('language tags are normalised', () => {
    expect(normalizeLanguage('en-us')).toBe('en-US');
    expect(normalizeLanguage('EN')).toBe('en-US');
    expect(normalizeLanguage('fr')).toBe('fr-FR');
    expect(normalizeLanguage('zh-hant-tw')).toBe('zh-Hant-TW');
  });

  test('a voice per language: configured, built in, by primary language, else none', () => {
    const book = new VoiceBook('en-US', 'Polly.Matthew-Neural', { 'es-MX': 'Polly.Andres-Neural' }, DEFAULT_VOICES);
    expect(book.forLanguage(undefined)).toEqual({ voice: 'Polly.Matthew-Neural', language: 'en-US' });
    expect(book.forLanguage('es-mx')).toEqual({ voice: 'Polly.Andres-Neural', language: 'es-MX' });
    expect(book.forLanguage('fr-CA')).toEqual({ voice: 'Polly.Gabrielle-Neural', language: 'fr-CA' });
    expect(book.forLanguage('en-ZA')).toEqual({ voice: 'Polly.Matthew-Neural', language: 'en-ZA' });
    expect(book.forLanguage('sw-KE')).toEqual({ language: 'sw-KE' });
  });
});
