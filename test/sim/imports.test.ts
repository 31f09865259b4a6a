/** The sim adapter imports only the gateway's public API, contracts and Node built-ins (ARCHITECTURE.md). */
import fs from 'node:fs';
import path from 'node:path';

test('adapters/sim imports only gateway/index, contracts and node:*', () => {
  const dir = path.join(__dirname, '..', '..', 'adapters', 'sim');
  const offending: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/from '([^']+)'/g)) {
      const spec = m[1];
      const ok = spec.startsWith('node:') || spec.startsWith('./') || spec === '../../gateway/index' || spec.startsWith('../../contracts/');
      if (!ok) offending.push(`${file}: ${spec}`);
    }
  }
  expect(offending).toEqual([]);
});
