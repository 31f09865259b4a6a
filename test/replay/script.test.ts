import { parseScript, ScriptError } from '../../gateway/replay/script';

function problems(text: string, file = 'calls/x.yaml'): string[] {
  try {
    parseScript(text, file);
  } catch (e) {
    if (e instanceof ScriptError) return e.problems;
    throw e;
  }
  throw new Error('expected the script to be refused');
}

test('a valid YAML script with every step kind', () => {
  const { script, stepLines } = parseScript(
    `name: balance by keypad
app: ../airline/main.vxml
caller: { from: "+15551230000", to: "+18005550100" }
steps:
  - expect: Welcome to Acme Air
  - expect: { heard: "main menu", notHeard: "sorry", regex: "press \\\\d", transfer: "tel:+18005550199", hangup: true }
  - dtmf: "1234#"
  - dtmf: 42
  - say: i lost my card
  - say: { text: "yes", confidence: 0.4 }
  - silence: true
  - transferResult: busy
  - record: { seconds: 4 }
  - hangup: true
`,
    'x.yaml',
  );
  expect(script.steps).toHaveLength(10);
  expect(script.steps[3]).toEqual({ dtmf: '42' });
  expect(script.steps[5]).toEqual({ say: { text: 'yes', confidence: 0.4 } });
  expect(stepLines[0]).toBe(5);
  expect(stepLines[9]).toBe(14);
});

test('JSON scripts are read too, with positions', () => {
  const p = problems('{\n  "name": "j",\n  "app": "a.vxml",\n  "steps": [\n    {"dtmf": "12x"}\n  ]\n}\n', 'j.json');
  expect(p).toEqual(['j.json:5:14: steps[0].dtmf: DTMF keys are 0-9, *, # and A-D (quote it: dtmf: "1234#")']);
});

test('every problem is reported with file:line:col and what to do', () => {
  const p = problems(`name: x
app: main.vxml
colour: blue
steps:
  - expect: hi
    dtmf: "1"
  - press: 1
  - silence: yes please
  - transferResult: maybe
  - record: { seconds: -1 }
  - expect: { heard: "", bogus: 1 }
`);
  expect(p).toEqual([
    'calls/x.yaml:3:9: colour: unknown key "colour"; allowed here: name, app, caller, steps',
    expect.stringMatching(/^calls\/x\.yaml:5:5: steps\[0\]: a step has exactly one key, this one has expect, dtmf; split it/),
    expect.stringMatching(/^calls\/x\.yaml:7:5: steps\[1\]: unknown step "press"; use one of expect, dtmf, say/),
    'calls/x.yaml:8:14: steps[2].silence: write `silence: true`',
    expect.stringMatching(/^calls\/x\.yaml:9:21: steps\[3\].transferResult: transferResult is one of busy, noanswer/),
    'calls/x.yaml:10:24: steps[4].record.seconds: seconds must be more than 0',
    'calls/x.yaml:11:22: steps[5].expect.heard: must not be empty',
    'calls/x.yaml:11:33: steps[5].expect.bogus: unknown key "bogus"; allowed here: heard, notHeard, regex, transfer, hangup',
  ]);
});

test('missing fields and YAML syntax errors', () => {
  expect(problems('name: x\nsteps: []\n')).toEqual([
    expect.stringMatching(/^calls\/x\.yaml:1:1: app: /),
    'calls/x.yaml:2:8: steps: a script needs at least one step',
  ]);
  expect(problems('name: [x\napp: y\n')[0]).toMatch(/^calls\/x\.yaml:\d+:\d+: not valid YAML: /);
  expect(problems('steps:\n  - expect: { regex: "(" }\nname: n\napp: a\n')).toEqual(['calls/x.yaml:2:22: steps[0].expect.regex: is not a valid regular expression']);
});
