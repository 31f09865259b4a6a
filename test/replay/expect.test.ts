import { checkExpectation, normalizeText, type ObservedSoFar } from '../../gateway/replay/expect';

const seen = (heard: string[], extra: Partial<ObservedSoFar> = {}): ObservedSoFar => ({ heard, transfers: [], ended: false, ...extra });

test('normalisation ignores case, punctuation and runs of whitespace', () => {
  expect(normalizeText('  Welcome,   to ACME-Air!\n')).toBe('welcome to acme air');
  expect(normalizeText('Bienvenue à Ünïcode')).toBe('bienvenue à ünïcode');
});

test('heard: contains, across prompts', () => {
  const o = seen(['Welcome to Acme Air.', 'For flight status, press 1!']);
  expect(checkExpectation('welcome to acme air for FLIGHT status', o)).toBeUndefined();
  expect(checkExpectation({ heard: 'press   1' }, o)).toBeUndefined();
  expect(checkExpectation('press 2', o)).toEqual({ expected: 'heard "press 2"', heard: 'Welcome to Acme Air. | For flight status, press 1!' });
  expect(checkExpectation('anything', seen([]))).toEqual({ expected: 'heard "anything"', heard: '(nothing)' });
});

test('notHeard and regex', () => {
  const o = seen(['Your balance is $1,234.50.']);
  expect(checkExpectation({ notHeard: 'sorry' }, o)).toBeUndefined();
  expect(checkExpectation({ notHeard: 'BALANCE' }, o)?.expected).toBe('not to hear "BALANCE"');
  expect(checkExpectation({ regex: 'balance is \\$1,234\\.50' }, o)).toBeUndefined();
  expect(checkExpectation({ regex: '^YOUR' }, o)).toBeUndefined();
  expect(checkExpectation({ regex: 'euros' }, o)?.expected).toBe('heard text matching /euros/i');
});

test('transfer and hangup', () => {
  const o = seen(['Connecting you.'], { transfers: [{ dest: 'tel:+1-800-555-0199', type: 'blind' }] });
  expect(checkExpectation({ transfer: '+18005550199' }, o)).toBeUndefined();
  expect(checkExpectation({ transfer: 'tel:+18005550100' }, o)).toEqual({ expected: 'a transfer to tel:+18005550100', heard: 'blind transfer to tel:+1-800-555-0199' });
  expect(checkExpectation({ hangup: true }, o)?.expected).toBe('the call to have ended');
  expect(checkExpectation({ hangup: true, heard: 'connecting' }, { ...o, ended: true })).toBeUndefined();
});
