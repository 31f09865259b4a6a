import { sampleDatasets } from './dataset';
import { evaluate } from './evaluate';
import { gatewayApproach } from './gateway-approach';
(async () => {
  const rows = await evaluate(sampleDatasets('/work/main/vxml-samples'), gatewayApproach(), { splits: ['dev'], overlays: true });
  const slow = rows.filter(r => r.ms !== undefined).sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0)).slice(0, 12);
  for (const r of slow) console.log(r.ms?.toFixed(2), r.u.app, r.u.context, JSON.stringify(r.u.text), r.path);
})();
