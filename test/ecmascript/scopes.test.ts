/** VoiceXML 2.0 §5.1: scope chain, prefixes, <var>/<assign>, <script> variable placement. */
import { CLOCK, errorKind, errorOf, freshEnv, realm, roundTrip } from './helpers';

describe('scope chain', () => {
  test('narrower scopes shadow wider ones and each scope is reachable by its name', () => {
    const env = freshEnv();
    env.declare('x', 'app', 'application');
    env.declare('x', 'doc', 'document');
    env.declare('x', 'dlg', 'dialog');
    env.openAnonymous();
    env.declare('x', 'anon');
    expect(env.evaluate('x')).toBe('anon');
    expect(env.evaluate('dialog.x + document.x + application.x')).toBe('dlgdocapp');
    env.closeAnonymous();
    expect(env.evaluate('x')).toBe('dlg');
  });

  test('session variables are visible plainly and as session.*', () => {
    const env = freshEnv({ connection: { protocol: { name: 'sip' }, remote: { uri: 'tel:+1555' } } });
    expect(env.evaluate('session.connection.protocol.name')).toBe('sip');
    expect(env.evaluate('connection.remote.uri')).toBe('tel:+1555');
  });

  test('session variables are read-only for documents (W3C IR 398), the platform may update them', () => {
    const env = freshEnv({ connection: { protocol: { name: 'sip' } } });
    expect(errorKind(() => env.assign('session.connection.protocol.name', 'hibrad'))).toBe('type');
    expect(errorKind(() => env.assign('connection', 'x'))).toBe('type');
    env.run('session.connection.protocol.name = "hibrad"; session.invented = 1; connection = null;', 'document');
    expect(env.evaluate('session.connection.protocol.name + typeof session.invented')).toBe('sipundefined');
    const restored = roundTrip(env);
    restored.run('session.connection.protocol.name = "hibrad";', 'document');
    expect(restored.evaluate('session.connection.protocol.name')).toBe('sip');
    expect(errorKind(() => env.run('var sneaky = 1;', 'session'))).toBe('type');
    env.setShadow('calledid', 'session', '+1800');
    env.declare('session.connection', { protocol: { name: 'h323' } });
    expect(env.evaluate('session.calledid + " " + connection.protocol.name')).toBe('+1800 h323');
  });

  test('declare without a level uses the innermost open scope', () => {
    const env = freshEnv();
    env.declare('a', 1);
    expect(env.evaluate('dialog.a')).toBe(1);
    env.openAnonymous();
    env.declare('b', 2);
    expect(env.evaluate('typeof dialog.b')).toBe('undefined');
    expect(env.evaluate('b')).toBe(2);
  });

  test('a new document drops dialog and anonymous scopes, a new application drops the document', () => {
    const env = freshEnv();
    env.declare('app', 1, 'application');
    env.declare('doc', 2, 'document');
    env.declare('dlg', 3, 'dialog');
    env.resetScope('document');
    expect(env.evaluate('typeof dlg + typeof doc + typeof app')).toBe('undefinedundefinednumber');
    env.resetScope('application');
    expect(env.evaluate('typeof app')).toBe('undefined');
  });

  test('when the document is the application root, document and application are the same scope', () => {
    const env = realm.createEnv({});
    env.beginTurn(CLOCK);
    env.resetScope('application', { sameAsApplication: true });
    env.declare('x', 5, 'document');
    expect(env.evaluate('application.x')).toBe(5);
    expect(env.evaluate('document === application')).toBe(true);
    env.run('var fromScript = 1;', 'document');
    expect(env.evaluate('application.fromScript')).toBe(1);
    // a leaf document of the same application: application survives, document is new
    env.resetScope('document');
    expect(env.evaluate('x')).toBe(5);
    expect(env.evaluate('document === application')).toBe(false);
    expect(env.evaluate('typeof document.x')).toBe('undefined');
    // back to the root document
    env.resetScope('document', { sameAsApplication: true });
    expect(env.evaluate('document.x')).toBe(5);
  });

  test('the scope names cannot be overwritten by document code', () => {
    const env = freshEnv();
    env.declare('x', 1, 'document');
    env.run('document = 5; application = null;', 'dialog');
    expect(env.evaluate('document.x')).toBe(1);
  });
});

describe('<script> variable placement (W3C IR 558, 559, 390, 391, 400, 404, 556, 1179)', () => {
  test('var in a script lands in the scope of the element containing it (558)', () => {
    const env = freshEnv();
    env.declare('var1', 10, 'document');
    env.run('var scrvardoc = var1 + 1;', 'document');
    env.run('var scrvardial = var1 + 2;', 'dialog');
    env.openAnonymous();
    env.run('var scrvaranon = var1 + 3;', 'anonymous');
    expect(env.evaluate('[document.scrvardoc, dialog.scrvardial, scrvaranon].join()')).toBe('11,12,13');
    expect(env.evaluate('typeof dialog.scrvaranon')).toBe('undefined');
    env.closeAnonymous();
    expect(env.evaluate('typeof scrvaranon')).toBe('undefined');
  });

  test('script variables are visible to later <var> expressions (559, 391)', () => {
    const env = freshEnv();
    env.run('var var1 = 1;', 'document');
    env.declare('vardoc1', env.evaluate('var1 + 10'), 'document');
    env.declare('x', 2, 'document');
    env.run('var y = 1 + x;', 'document');
    expect(env.evaluate('vardoc1')).toBe(11);
    expect(env.evaluate('y + x')).toBe(5);
  });

  test('objects are shared, not copied, between variables (390)', () => {
    const env = freshEnv();
    env.declare('x', env.evaluate('new Object()'), 'document');
    env.run('var y = x;', 'document');
    expect(env.evaluate('y == x')).toBe(true);
  });

  test('function declarations land in the script scope and are hoisted (400)', () => {
    const env = freshEnv();
    env.run('var early = myFactorial(3);\nfunction myFactorial(n) { return (n <= 1) ? 1 : n * myFactorial(n - 1); }', 'document');
    expect(env.evaluate('typeof document.myFactorial')).toBe('function');
    expect(env.evaluate('early + myFactorial(4)')).toBe(30);
  });

  test('both kinds of function definitions work after the block that defined them (404)', () => {
    const env = freshEnv();
    env.openAnonymous();
    env.run(
      'application.funct = function sum(n) { return (n == 0) ? 0 : n + sum(n - 1); };\n' +
        'function sum2(n) { return (n == 0) ? 0 : n + sum2(n - 1); }\napplication.funct2 = sum2;',
      'anonymous',
    );
    env.closeAnonymous();
    env.openAnonymous();
    expect(env.evaluate('application.funct(4) + application.funct2(4)')).toBe(20);
  });

  test('scripts update the variable found on the scope chain (556)', () => {
    const env = freshEnv();
    env.run('var scriptCount = 1;', 'document');
    env.run('scriptCount++;', 'dialog');
    env.openAnonymous();
    env.run('scriptCount++;', 'anonymous');
    expect(env.evaluate('document.scriptCount')).toBe(3);
    expect(env.evaluate('typeof dialog.scriptCount')).toBe('undefined');
  });

  test('<assign> to a property of a declared object (1179)', () => {
    const env = freshEnv();
    env.run("var obj; obj = new Object(); obj.prop1 = 'Hi';", 'document');
    env.assign('obj.prop1', 'Folks');
    expect(env.evaluate('obj.prop1')).toBe('Folks');
  });

  test('top-level let/const/class, destructuring and for-in heads', () => {
    const env = freshEnv();
    env.run('var a, b = 2; for (var i = 0; i < 3; i++) {} for (var k in {q: 1}) {} var {d, e} = {d: 4, e: 5}; let l = 6; const c = 7; class K {}', 'document');
    expect(env.evaluate('[typeof a, b, i, k, d, e, l, c, typeof K].join()')).toBe('undefined,2,3,q,4,5,6,7,function');
    expect(env.evaluate('Object.keys(document).sort().join()')).toBe('K,a,b,c,d,e,i,k,l');
  });

  test('a function called by its bare name gets the scope object holding it as this (ECMAScript with-semantics)', () => {
    const env = freshEnv();
    env.run('function who() { return this === document; }\nvar fromScript = who();', 'document');
    expect(env.evaluate('fromScript && who()')).toBe(true);
    expect(env.evaluate('(0, who)()')).toBe(false); // a detached call: the realm global, as in plain ECMAScript
  });

  test('var does not reset a variable that already exists in the same scope', () => {
    const env = freshEnv();
    env.declare('n', 4, 'document');
    env.run('var n;', 'document');
    expect(env.evaluate('n')).toBe(4);
  });

  test('HTML comment wrappers of legacy scripts are tolerated', () => {
    const env = freshEnv();
    env.run('<!--\nvar hidden = 1;\n// -->', 'document');
    expect(env.evaluate('hidden')).toBe(1);
  });
});

describe('<assign>, undeclared names and implicit globals', () => {
  test('assign requires a declared variable', () => {
    const env = freshEnv();
    expect(errorKind(() => env.assign('nope', 1))).toBe('undeclared');
    expect(errorKind(() => env.assign('document.nope', 1))).toBe('undeclared');
    env.declare('yes', 0, 'document');
    env.assign('document.yes', 1);
    env.assign('yes', 2);
    expect(env.evaluate('yes')).toBe(2);
  });

  test('assign updates the innermost scope declaring the name', () => {
    const env = freshEnv();
    env.declare('v', 'doc', 'document');
    env.declare('v', 'dlg', 'dialog');
    env.assign('v', 'new');
    expect(env.evaluate('dialog.v + document.v')).toBe('newdoc');
    env.assign('document.v', 'D');
    expect(env.evaluate('document.v')).toBe('D');
  });

  test('assigning a property of a non-object is a type error', () => {
    const env = freshEnv();
    env.declare('n', 1, 'document');
    expect(errorKind(() => env.assign('n.a.b', 1))).toBe('type');
  });

  test('reading an undeclared variable is a reference error; typeof is undefined', () => {
    const env = freshEnv();
    expect(errorKind(() => env.evaluate('undeclaredThing + 1'))).toBe('reference');
    expect(env.evaluate('typeof undeclaredThing')).toBe('undefined');
    expect(env.evalCond("typeof undeclaredThing == 'undefined'")).toBe(true);
  });

  test('implicit globals land in the application scope and never reach another call', () => {
    const env = freshEnv();
    env.openAnonymous();
    env.run('implicitCounter = 41; implicitCounter++;', 'anonymous');
    env.run('function bump() { laterGlobal = 1; }', 'document');
    env.evaluate('bump()');
    expect(env.evaluate('application.implicitCounter + application.laterGlobal')).toBe(43);
    const other = freshEnv();
    expect(other.evaluate('typeof implicitCounter + typeof laterGlobal')).toBe('undefinedundefined');
    expect(errorKind(() => other.evaluate('implicitCounter'))).toBe('reference');
  });

  test('properties written on the global object are refused instead of shared', () => {
    const env = freshEnv();
    expect(errorKind(() => env.run('this.leak = 1;', 'document'))).toBe('type');
    expect(errorKind(() => env.run('(function () { this.leak2 = 1; })();', 'document'))).toBe('type');
    const other = freshEnv();
    expect(other.evaluate('typeof leak + typeof leak2')).toBe('undefinedundefined');
  });

  test('has / get / setShadow', () => {
    const env = freshEnv();
    env.setShadow('field$', 'dialog', { utterance: 'one two', confidence: 0.9 });
    expect(env.has('field$')).toBe(true);
    expect(env.has('dialog.field$')).toBe(true);
    expect(env.has('field$.utterance')).toBe(true);
    expect(env.has('field$.nothing')).toBe(false);
    expect(env.has('nothing')).toBe(false);
    expect(env.get('field$.utterance')).toBe('one two');
    expect(env.get('nothing')).toBeUndefined();
    expect(env.evaluate('field$.confidence')).toBe(0.9);
    env.setShadow('lastresult$', 'application', [{ utterance: 'yes' }]);
    expect(env.evaluate('application.lastresult$[0].utterance')).toBe('yes');
  });

  test('run into a scope that is not open is refused', () => {
    const env = realm.createEnv({});
    expect(errorOf(() => env.run('var x;', 'dialog')).message).toMatch(/no dialog scope/);
    expect(errorKind(() => env.run('var x;', 'anonymous'))).toBe('other');
  });
});
