/** ACS configuration from the environment, and validation of what ACS and Event Grid post. */
import { loadAcsConfig, parseConnectionString, voiceFor, acsConfigured } from '../../adapters/acs/config';
import { BadPayloadError, parseCallbackEvents, parseGridEvents } from '../../adapters/acs/events';
import { operationContext, parseOperationContext } from '../../adapters/acs/state';

const key = Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
const env = {
  ACS_CONNECTION_STRING: `endpoint=https://contoso.communication.azure.com/;accesskey=${key}`,
  PUBLIC_BASE_URL: 'https://ivr.contoso.com',
  ACS_EVENTGRID_SECRET: 'a-long-event-grid-secret',
};

describe('loadAcsConfig', () => {
  test('a complete environment', () => {
    const c = loadAcsConfig({
      ...env,
      ACS_COGNITIVE_SERVICES_ENDPOINT: 'https://contoso-ai.cognitiveservices.azure.com/',
      ACS_VOICES: 'en-US=en-US-AvaNeural,es-ES=es-ES-AlvaroNeural',
      ACS_NUMBER_APPS: '+18005550100=https://apps.contoso.com/airline/main.vxml,+18005550111=vxml-samples/railway/index.vxml',
      ACS_CALLER_ID: '+18005550100',
      ACS_USE_CHOICES: 'true',
      ACS_JWT_AUDIENCE: 'resource-id',
    });
    expect(c.numberApps).toEqual({ '+18005550100': 'https://apps.contoso.com/airline/main.vxml', '+18005550111': 'vxml-samples/railway/index.vxml' });
    expect(c.voices['es-ES']).toBe('es-ES-AlvaroNeural');
    expect(c.useChoices).toBe(true);
    expect(c.jwt).toEqual({ audience: 'resource-id', issuer: 'https://acscallautomation.communication.azure.com', jwksUrl: 'https://acscallautomation.communication.azure.com/calling/keys' });
    expect(c.recordMode).toBe('call-recording');
    expect(acsConfigured(env)).toBe(true);
    expect(acsConfigured({})).toBe(false);
  });
  test('http is accepted only on loopback, for the simulator', () => {
    expect(parseConnectionString(`endpoint=http://127.0.0.1:4010/;accesskey=${key}`)).toMatchObject({ insecureLoopback: true });
    expect(parseConnectionString(`endpoint=http://acs.example.com/;accesskey=${key}`)).toMatch(/must be https/);
    expect(() => loadAcsConfig({ ...env, PUBLIC_BASE_URL: 'http://ivr.contoso.com' })).toThrow(/PUBLIC_BASE_URL="http:\/\/ivr.contoso.com" .*expected an https:\/\/ URL/);
    expect(loadAcsConfig({ ...env, PUBLIC_BASE_URL: 'http://127.0.0.1:3000' }).publicBaseUrl).toBe('http://127.0.0.1:3000');
  });
  test('errors name the variable, never echo secrets, and say what to do', () => {
    expect(() => loadAcsConfig({ ...env, ACS_CONNECTION_STRING: 'endpoint=http://acs.example.com/;accesskey=SECRETKEY' })).toThrow(/ACS_CONNECTION_STRING=\(hidden\)/);
    try {
      loadAcsConfig({ ...env, ACS_CONNECTION_STRING: 'endpoint=http://acs.example.com/;accesskey=SECRETKEY' });
    } catch (e) {
      expect(String(e)).not.toContain('SECRETKEY');
    }
    expect(() => loadAcsConfig({ ...env, ACS_EVENTGRID_SECRET: '' })).toThrow(/ACS_EVENTGRID_SECRET=.*: required \(or set ACS_EVENTGRID_AUTH=none/);
    expect(loadAcsConfig({ ...env, ACS_EVENTGRID_SECRET: '', ACS_EVENTGRID_AUTH: 'none' }).eventGridAuth).toBe('none');
    expect(() => loadAcsConfig({ ...env, ACS_NUMBER_APPS: '8005550100=app.vxml' })).toThrow(/ACS_NUMBER_APPS=.*E\.164/);
    expect(() => loadAcsConfig({ ...env, ACS_RECORD_MODE: 'sometimes' })).toThrow(/ACS_RECORD_MODE/);
  });
  test('voices: exact language, then same primary language, then the defaults', () => {
    const c = loadAcsConfig({ ...env, ACS_VOICES: '{"en-GB":"en-GB-RyanNeural"}' });
    expect(voiceFor(c, 'en-GB')).toBe('en-GB-RyanNeural');
    expect(voiceFor(c, 'en-AU')).toBe('en-GB-RyanNeural');
    expect(voiceFor(c, 'fr-FR')).toBe('fr-FR-DeniseNeural');
    expect(voiceFor(c, 'nl-NL')).toBeUndefined();
  });
});

describe('callback CloudEvents', () => {
  const ev = (type: string, data: Record<string, unknown>) => ({ id: `id-${type}`, source: 'calling/callConnections/c1', type: `Microsoft.Communication.${type}`, specversion: '1.0', time: '2024-01-01T00:00:00Z', data: { callConnectionId: 'c1', ...data } });
  test('every event of a batch is parsed (the SDK parser would return only the first)', () => {
    const events = parseCallbackEvents([
      ev('PlayCompleted', { operationContext: '1:play', resultInformation: { code: 200, subCode: 0, message: 'ok' } }),
      ev('RecognizeCompleted', { operationContext: '2:recognize', recognitionType: 'dtmf', dtmfResult: { tones: ['one', 'pound'] } }),
      ev('RecognizeFailed', { operationContext: '3:recognize', resultInformation: { code: 400, subCode: 8510 }, failedPlaySourceIndex: null }),
      ev('AddParticipantFailed', { participant: { rawId: '4:+18005550142' }, resultInformation: { code: 486, subCode: 8539, sipDetails: { code: 486 } } }),
      ev('ParticipantsUpdated', { participants: [{ identifier: { rawId: '4:+1' } }, { identifier: { phoneNumber: { value: '+2' } } }], sequenceNumber: 3 }),
      ev('TranscriptionStarted', {}),
    ]);
    expect(events.map((e) => e.type)).toEqual(['PlayCompleted', 'RecognizeCompleted', 'RecognizeFailed', 'AddParticipantFailed', 'ParticipantsUpdated', 'Other']);
    expect(events[1]).toMatchObject({ tones: ['one', 'pound'], operationContext: '2:recognize' });
    expect(events[2]).toMatchObject({ result: { code: 400, subCode: 8510 } });
    expect(events[3]).toMatchObject({ participant: '4:+18005550142', result: { sipCode: 486 } });
    expect(events[4]).toMatchObject({ participants: ['4:+1', '4:+2'], sequenceNumber: 3 });
  });
  test('malformed batches are refused with the position of the problem', () => {
    expect(() => parseCallbackEvents([])).toThrow(BadPayloadError);
    expect(() => parseCallbackEvents([ev('PlayCompleted', {}), { id: 'x', type: 'Microsoft.Communication.PlayCompleted' }])).toThrow(/\[1\]\.data: /);
    expect(() => parseCallbackEvents([{ ...ev('PlayCompleted', {}), data: { callConnectionId: 7 } }])).toThrow(/\[0\]\.data\.callConnectionId/);
  });
});

describe('Event Grid events', () => {
  test('Event Grid schema and CloudEvents schema; the recording file names its server call', () => {
    const events = parseGridEvents([
      { id: 'v', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', subject: '', data: { validationCode: 'CODE-1' }, eventTime: 't' },
      { id: 'i', type: 'Microsoft.Communication.IncomingCall', specversion: '1.0', data: { to: { rawId: '4:+18005550100' }, from: { phoneNumber: { value: '+14255550123' } }, incomingCallContext: 'ctx' } },
      {
        id: 'r',
        eventType: 'Microsoft.Communication.RecordingFileStatusUpdated',
        subject: '/recording/call/abc/serverCallId/SC%2B1',
        data: { recordingStorageInfo: { recordingChunks: [{ contentLocation: 'https://storage/doc/content' }] }, recordingDurationMs: 4200 },
      },
    ]);
    expect(events).toEqual([
      { type: 'SubscriptionValidation', id: 'v', validationCode: 'CODE-1', validationUrl: undefined },
      expect.objectContaining({ type: 'IncomingCall', incomingCallContext: 'ctx' }),
      expect.objectContaining({ type: 'RecordingFileStatusUpdated', serverCallId: 'SC+1', contentLocation: 'https://storage/doc/content', durationMs: 4200 }),
    ]);
  });
  test('an IncomingCall without its context is refused', () => {
    expect(() => parseGridEvents([{ id: 'i', eventType: 'Microsoft.Communication.IncomingCall', data: { to: {}, from: {} } }])).toThrow(/\[0\]\.data\.incomingCallContext/);
  });
});

test('operationContext round trip; foreign contexts are not ours', () => {
  expect(operationContext(12, 'recognize', 0)).toBe('12:recognize');
  expect(parseOperationContext(operationContext(12, 'play', 2))).toEqual({ turn: 12, op: 'play' });
  expect(parseOperationContext('answer')).toBeUndefined();
  expect(parseOperationContext(undefined)).toBeUndefined();
});
