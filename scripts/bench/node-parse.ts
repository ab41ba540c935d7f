import { readFileSync } from 'node:fs';
import { parseFile } from '../../src/data/parse';
const path = process.argv[2] ?? '/tmp/sb/base/bench-results/data/generated-100MB-numeric.csv';
const n = Number(process.argv[3] ?? 3);
const buf = readFileSync(path);
const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
for (let i = 0; i < n; i++) {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now(); const c0 = process.cpuUsage();
  const r = await parseFile('x.csv', bytes);
  const c = process.cpuUsage(c0);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms: Math.round(ms), cpuMs: Math.round((c.user + c.system) / 1000), mbps: (bytes.byteLength / 2 ** 20 / (ms / 1000)).toFixed(1), rows: r.table.rowCount, rssGrowthMB: Math.round((process.memoryUsage().rss - rss0) / 2 ** 20) }));
}
