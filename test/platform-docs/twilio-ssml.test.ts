/**
 * <Say> markup per voice, as the voices' engines document it (Twilio passes SSML through to them):
 * Amazon Polly neural voices have no <emphasis> and no <prosody pitch> and Polly fails the request on an
 * unsupported tag (docs.aws.amazon.com/polly/latest/dg/supportedtags.html, prosody-tag.html); a <break> lasts
 * at most 10 s and a <prosody rate> percentage is 20–200 % (break-tag.html, prosody-tag.html); Polly standard
 * voices take the full set; Twilio's basic voices take no SSML.
 */
import type { PlatformAction } from '../../contracts/platform';
import { renderTurn } from '../../adapters/twilio/twiml';
import { VoiceBook } from '../../adapters/twilio/voices';
import { readTwiml } from '../../adapters/twilio/simulator/twiml-reader';
import { spokenText, twimlProblems } from './twiml-rules';

const markup = 'Your flight <emphasis level="strong">departs</emphasis> at <prosody rate="300%" pitch="+10%" volume="loud">nine</prosody>.<break time="25s"/>Bye.';

function render(voice: string): string {
  const actions: PlatformAction[] = [
    { kind: 'play', bargein: true, prompts: [{ segments: [{ kind: 'speak', text: 'Your flight departs at nine. Bye.', ssml: markup }, { kind: 'pause', ms: 12_000 }, { kind: 'speak', text: 'Really.' }], bargein: true, bargeintype: 'speech', lang: 'en-US' }] },
    { kind: 'hangup', reason: 'exit' },
  ] as PlatformAction[];
  return renderTurn(actions, { turn: 1, voices: new VoiceBook('en-US', voice, {}, {}), playable: () => true }).twiml;
}

test.each(['Polly.Joanna-Neural', 'Polly.Joanna', 'Polly.Ruth-Generative', 'alice', 'Google.en-US-Neural2-F'])('%s: the markup is what the voice accepts, the words are all there', (voice) => {
  const twiml = render(voice);
  expect(twimlProblems(twiml)).toEqual([]);
  expect(() => readTwiml(twiml)).not.toThrow();
  expect(spokenText(twiml)).toMatch(/Your flight departs at nine\.\s*Bye\.\s*Really\./);
});

test('Polly neural: <emphasis> unwrapped, pitch dropped, rate clamped to 200 %, long pauses split into ≤ 10 s breaks', () => {
  const twiml = render('Polly.Joanna-Neural');
  expect(twiml).not.toContain('emphasis');
  expect(twiml).toContain('<prosody rate="200%" volume="loud">nine</prosody>');
  expect(twiml).toContain('<break time="10000ms"/><break time="10000ms"/><break time="5000ms"/>');
  expect(twiml).toContain('<break time="10000ms"/><break time="2000ms"/>');
});

test('Polly standard keeps <emphasis> and pitch; a basic voice gets plain text', () => {
  expect(render('Polly.Joanna')).toContain('<emphasis level="strong">departs</emphasis>');
  expect(render('Polly.Joanna')).toContain('pitch="+10%"');
  expect(render('alice')).not.toMatch(/<(emphasis|prosody|break)/);
});
