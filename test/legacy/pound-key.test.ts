/**
 * "Press pound" in legacy menus (<choice dtmf="#">, a DTMF grammar item "#"): every VoiceXML platform hands a
 * lone termchar key to the grammars. Twilio reports a Gather ended by its finishOnKey with empty Digits and the
 * key in FinishedOnKey; the adapter must not read that as noinput. (End to end: vxml-samples/legacy/telco.)
 */
import { gatherEvent } from '../../adapters/twilio/events';
import type { GatherParams } from '../../adapters/twilio/params';

const base = { CallSid: 'CA' + '0'.repeat(32), AccountSid: 'AC' + '0'.repeat(32) } as GatherParams;

test('the finish key pressed alone is that key', () => {
  expect(gatherEvent({ ...base, Digits: '', FinishedOnKey: '#' })).toEqual({ kind: 'dtmf', digits: '#' });
  expect(gatherEvent({ ...base, Digits: '', FinishedOnKey: '*' })).toEqual({ kind: 'dtmf', digits: '*' });
});

test('digits ended by the finish key stay the digits; nothing at all is noinput', () => {
  expect(gatherEvent({ ...base, Digits: '1234', FinishedOnKey: '#' })).toEqual({ kind: 'dtmf', digits: '1234' });
  expect(gatherEvent({ ...base, Digits: '', FinishedOnKey: '' })).toEqual({ kind: 'noinput' });
  expect(gatherEvent({ ...base })).toEqual({ kind: 'noinput' });
});
