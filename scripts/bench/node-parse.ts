/**
 * `TSX_TSCONFIG_PATH=tsconfig.app.json npx tsx scripts/bench/node-parse.ts <file.csv> [repeats]`:
 * the app's parseFile on one file in Node, wall and CPU time per repeat. CPU time is the figure
 * that survives a shared machine's load; the browser figures are `npm run bench`'s.
 */
import { readFileSync } from 'node:fs';
import { parseFile } from '../../src/data/parse';

const path = process.argv[2] ?? 'bench-results/data/generated-100MB-numeric.csv';
const repeats = Number(process.argv[3] ?? 3);
const buffer = readFileSync(path);
const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
for (let i = 0; i < repeats; i++) {
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await parseFile(path, bytes);
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  const line = {
    ms: Math.round(ms),
    cpuMs: Math.round((used.user + used.system) / 1000),
    mbPerSec: Number((bytes.byteLength / 2 ** 20 / (ms / 1000)).toFixed(1)),
    rows: result.table.rowCount,
    rssGrowthMB: Math.round((process.memoryUsage().rss - rss) / 2 ** 20),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
