/** SegmentBuilder: plain text stays plain; SSML (escaped, well formed) appears once a segment has markup. */
import { SegmentBuilder, escapeXml } from '../../gateway/interpreter/segments';

test('plain text: one speak segment, whitespace normalised, no ssml', () => {
  const b = new SegmentBuilder();
  b.addText('\n      Main menu.   For ');
  b.addText('Fish & <Chips> "now"');
  b.addText(', press 1.\t\n');
  expect(b.finish()).toEqual([{ kind: 'speak', text: 'Main menu. For Fish & <Chips> "now", press 1.' }]);
});

test('single spaces are left alone; other spaces (tab, no-break space, runs) become one space', () => {
  const b = new SegmentBuilder();
  b.addText(' a b\u00a0c  d\te ');
  expect(b.finish()).toEqual([{ kind: 'speak', text: 'a b c d e' }]);
});

test('markup after plain text: the SSML carries the earlier text, escaped', () => {
  const b = new SegmentBuilder('en-GB');
  b.addText('Fish & chips <today> "A" ');
  b.openTag('emphasis', { level: 'strong' });
  b.addText('now & then');
  b.closeTag();
  b.addText(' ok');
  b.addMarkup('<mark name="m1"/>');
  expect(b.finish()).toEqual([
    {
      kind: 'speak',
      text: 'Fish & chips <today> "A" now & then ok',
      ssml: 'Fish &amp; chips &lt;today&gt; &quot;A&quot; <emphasis level="strong">now &amp; then</emphasis> ok<mark name="m1"/>',
      lang: 'en-GB',
    },
  ]);
});

test('an alias is spoken as its text and written as its markup', () => {
  const b = new SegmentBuilder();
  b.addText('Call ');
  b.addAlias('World Wide Web Consortium', '<sub alias="World Wide Web Consortium">W3C</sub>');
  b.addText(' & friends');
  expect(b.finish()).toEqual([
    { kind: 'speak', text: 'Call World Wide Web Consortium & friends', ssml: 'Call <sub alias="World Wide Web Consortium">W3C</sub> &amp; friends' },
  ]);
});

test('a tag open across a pause or audio is closed before it and reopened after it', () => {
  const b = new SegmentBuilder();
  b.openTag('prosody', { rate: 'slow' });
  b.addText('one');
  b.addPause(500);
  b.addText('two');
  b.addAudio('http://x/a.wav', [{ kind: 'speak', text: 'fallback' }]);
  b.addText('three');
  b.closeTag();
  b.addPause(0);
  b.addText('plain <again>');
  expect(b.finish()).toEqual([
    { kind: 'speak', text: 'one', ssml: '<prosody rate="slow">one</prosody>' },
    { kind: 'pause', ms: 500 },
    { kind: 'speak', text: 'two', ssml: '<prosody rate="slow">two</prosody>' },
    { kind: 'audio', url: 'http://x/a.wav', fallback: [{ kind: 'speak', text: 'fallback' }] },
    { kind: 'speak', text: 'three', ssml: '<prosody rate="slow">three</prosody>' },
    { kind: 'speak', text: 'plain <again>' },
  ]);
});

test('escapeXml escapes the four specials and returns other text unchanged', () => {
  expect(escapeXml('a & b < c > d "e" \'f\'')).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; \'f\'');
  expect(escapeXml('&amp;')).toBe('&amp;amp;');
  expect(escapeXml('nothing special')).toBe('nothing special');
});
