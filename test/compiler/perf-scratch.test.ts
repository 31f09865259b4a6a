import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { compile } from '../../gateway/compiler';
function gen(forms: number): string {
  let s = '<?xml version="1.0"?>\n<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">\n';
  for (let i = 0; i < forms; i++) {
    s += `<form id="f${i}">\n <field name="x${i}" type="digits?minlength=3">\n  <prompt>Please say the number for item ${i}, <value expr="total + ${i}"/> now.</prompt>\n  <nomatch count="2">Sorry. <reprompt/></nomatch>\n  <filled><if cond="x${i} == '123'"><goto next="#f${(i + 1) % forms}"/><else/><assign name="document.last" expr="x${i}"/></if></filled>\n </field>\n</form>\n`;
  }
  return s + '</vxml>\n';
}
const time = (f: () => unknown): string => { const t0 = process.hrtime.bigint(); f(); return (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1); };
test('perf', () => {
  const p = new XMLParser({ preserveOrder: true, captureMetaData: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false, processEntities: false, jPath: false });
  for (const n of [2000, 8000]) {
    const t = gen(n);
    console.log(n, 'validate', time(() => XMLValidator.validate(t)), 'parse', time(() => p.parse(t)), 'compile', time(() => compile(t, 'x.vxml')), 'nocheck', time(() => compile(t, 'x.vxml', { checkScripts: false })));
  }
});
