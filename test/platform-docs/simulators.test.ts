/**
 * The replay simulators must not accept what the real platforms refuse (or they would hide the gateway's
 * mistakes): ACS refuses text-to-speech and speech recognition on a call answered without a Cognitive Services
 * endpoint; Amazon Polly (behind Twilio's <Say>) refuses markup a neural voice does not support.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallAutomationClient } from '@azure/communication-call-automation';
import { FakeAcs } from '../../adapters/acs/simulator/fake-acs';
import { readTwiml } from '../../adapters/twilio/simulator/twiml-reader';

describe('ACS simulator', () => {
  let sink: http.Server;
  let sinkUrl: string;
  let fake: FakeAcs;
  beforeAll(async () => {
    sink = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    fake = await FakeAcs.start();
    fake.eventGridUrl = `${sinkUrl}/grid`;
  });
  afterAll(async () => {
    await fake.close();
    sink.closeAllConnections();
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  });

  async function answered(cognitive: boolean) {
    const call = fake.newCall({ from: '+14255550123', to: '+18005550100' });
    await fake.ring(call);
    const client = new CallAutomationClient(fake.connectionString, { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } });
    const result = await client.answerCall(call.incomingCallContext, `${sinkUrl}/callback`, cognitive ? { callIntelligenceOptions: { cognitiveServicesEndpoint: 'https://x.cognitiveservices.azure.com/' } } : {});
    return result.callConnection.getCallMedia();
  }

  test('without Cognitive Services: text prompts and speech recognition are refused (400), DTMF recognition is not', async () => {
    const media = await answered(false);
    const caller = { phoneNumber: '+14255550123' };
    await expect(media.playToAll([{ kind: 'textSource', text: 'Hello.' }])).rejects.toMatchObject({ statusCode: 400 });
    await expect(media.startRecognizing(caller, { kind: 'callMediaRecognizeSpeechOptions', speechLanguage: 'en-US' })).rejects.toMatchObject({ statusCode: 400 });
    await expect(media.startRecognizing(caller, { kind: 'callMediaRecognizeDtmfOptions', maxTonesToCollect: 1 })).resolves.toBeDefined();
  });

  test('with Cognitive Services: text prompts are played', async () => {
    const media = await answered(true);
    await expect(media.playToAll([{ kind: 'textSource', text: 'Hello.' }])).resolves.not.toThrow();
  });
});

describe('Twilio simulator', () => {
  test.each([
    ['<emphasis> with a Polly neural voice', '<Say voice="Polly.Joanna-Neural"><emphasis>Hi</emphasis></Say>', /emphasis/],
    ['<prosody pitch> with a Polly neural voice', '<Say voice="Polly.Joanna-Neural"><prosody pitch="high">Hi</prosody></Say>', /pitch/],
    ['a break over 10 s', '<Say voice="Polly.Joanna"><break time="12s"/></Say>', /10 s/],
    ['SSML with a basic voice', '<Say voice="alice"><break time="1s"/>Hi</Say>', /no SSML/],
  ])('refuses %s, as the voice engine does', (_what, say, message) => {
    expect(() => readTwiml(`<?xml version="1.0" encoding="UTF-8"?><Response>${say}</Response>`)).toThrow(message);
  });

  test('accepts the markup a voice supports', () => {
    expect(readTwiml('<Response><Say voice="Polly.Joanna"><emphasis>Hi</emphasis> <prosody pitch="high" rate="90%">there</prosody></Say></Response>')).toEqual([
      { kind: 'say', text: 'Hi there', voice: 'Polly.Joanna', language: undefined },
    ]);
  });
});
