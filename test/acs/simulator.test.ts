/**
 * The simulator is faithful where the SDK can tell: its CloudEvents parse with the SDK's own
 * `parseCallAutomationEvent`, its REST service checks the SDK's HMAC signature and answers each operation
 * with the status the generated client accepts.
 */
import { CallAutomationClient, parseCallAutomationEvent } from '@azure/communication-call-automation';
import { FakeAcs } from '../../adapters/acs/simulator/fake-acs';
import { cloudEvent, incomingCallEvent, OK, recordingFileEvent } from '../../adapters/acs/simulator/wire';
import { parseGridEvents } from '../../adapters/acs/events';

const ids = { callConnectionId: 'cc-1', serverCallId: 'sc-1', correlationId: 'corr-1' };

test('simulated callbacks are what the SDK parses (one event at a time)', () => {
  const recognized = parseCallAutomationEvent(JSON.stringify(cloudEvent('RecognizeCompleted', ids, { recognitionType: 'dtmf', dtmfResult: { tones: ['one', 'pound'] }, resultInformation: { code: 200, subCode: 8514, message: 'stop tone' } }, '3:recognize')));
  expect(recognized).toMatchObject({ kind: 'RecognizeCompleted', callConnectionId: 'cc-1', serverCallId: 'sc-1', correlationId: 'corr-1', operationContext: '3:recognize', recognitionType: 'dtmf', dtmfResult: { tones: ['one', 'pound'] }, resultInformation: { subCode: 8514 } });
  const failed = parseCallAutomationEvent(cloudEvent('RecognizeFailed', ids, { resultInformation: { code: 400, subCode: 8510, message: 'silence' } }, '4:recognize'));
  expect(failed).toMatchObject({ kind: 'RecognizeFailed', resultInformation: { code: 400, subCode: 8510 } });
  const added = parseCallAutomationEvent(cloudEvent('AddParticipantSucceeded', ids, { resultInformation: OK, participant: { rawId: '4:+18005550142', kind: 'phoneNumber', phoneNumber: { value: '+18005550142' } } }, '5:add'));
  expect(added).toMatchObject({ kind: 'AddParticipantSucceeded', participant: { phoneNumber: '+18005550142' } });
  const speech = parseCallAutomationEvent(cloudEvent('RecognizeCompleted', ids, { recognitionType: 'speech', speechResult: { speech: 'balance', confidence: 0.8 }, resultInformation: OK }, '6:recognize'));
  expect(speech).toMatchObject({ speechResult: { speech: 'balance', confidence: 0.8 } });
  // Given a batch, the SDK returns only the first event: the adapter must loop itself.
  const batch = [cloudEvent('PlayCompleted', ids, { resultInformation: OK }, '1:play'), cloudEvent('CallDisconnected', ids, { resultInformation: OK })];
  expect(parseCallAutomationEvent(JSON.stringify(batch)).kind).toBe('PlayCompleted');
});

test('simulated Event Grid notifications carry what the gateway needs', () => {
  const [incoming, file] = parseGridEvents([
    incomingCallEvent({ from: undefined, to: '+18005550100', serverCallId: 'sc-1', correlationId: 'corr-1', incomingCallContext: 'ctx' }),
    recordingFileEvent({ serverCallId: 'sc-1', recordingId: 'r-1', contentLocation: 'http://127.0.0.1/recordings/r-1', durationMs: 3000, startTime: '2024-01-01T00:00:00Z' }),
  ]);
  expect(incoming).toMatchObject({ type: 'IncomingCall', incomingCallContext: 'ctx', from: { rawId: '4:anonymous', phoneNumber: { isAnonymous: true } } });
  expect(file).toMatchObject({ type: 'RecordingFileStatusUpdated', serverCallId: 'sc-1', durationMs: 3000 });
});

describe('the fake Call Automation service', () => {
  let fake: FakeAcs;
  beforeAll(async () => {
    fake = await FakeAcs.start();
  });
  afterAll(() => fake.close());

  test('requests signed with another access key are refused 401, as ACS does', async () => {
    const wrong = new CallAutomationClient(`endpoint=${fake.endpoint};accesskey=${Buffer.from('not the key').toString('base64')}`, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    await expect(wrong.answerCall('ctx', 'https://gw.example/acs/callbacks/x?secret=y')).rejects.toMatchObject({ statusCode: 401 });
  });

  test('operations on an unknown call are 404 with an ACS error body the SDK surfaces', async () => {
    const client = new CallAutomationClient(fake.connectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    await expect(client.getCallConnection('nope').getCallMedia().playToAll([{ kind: 'textSource', text: 'hi' }])).rejects.toMatchObject({ statusCode: 404, message: 'Call not found.' });
    await expect(client.answerCall('unknown-context', 'https://gw.example/acs/callbacks/x?secret=y')).rejects.toMatchObject({ statusCode: 404 });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /calling/callConnections/nope:play', 'POST /calling/callConnections:answer']);
  });
});
