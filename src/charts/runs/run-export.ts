import type { RunPoint, RunSummary } from '@/protocol';
import { fileBaseName } from '../download';

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * One row per logged point: step, epoch, wall time in seconds, batch or epoch, then one column
 * per metric in the order the run logged them (empty where a point does not log it), as
 * TensorBoard's "download CSV" gives step, wall time and value.
 */
export function runToCsv(summary: RunSummary, points: readonly RunPoint[]): string {
  const metrics = [...summary.metrics];
  for (const p of points)
    for (const key of Object.keys(p.logs)) if (!metrics.includes(key)) metrics.push(key);
  const header = ['step', 'epoch', 'wall_time_s', 'kind', ...metrics].map(csvField).join(',');
  const rows = points.map((p) =>
    [
      String(p.step),
      String(Number(p.epoch.toFixed(6))),
      String(Number((p.wallMs / 1000).toFixed(3))),
      p.kind,
      ...metrics.map((m) => (p.logs[m] === undefined ? '' : String(p.logs[m]))),
    ].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

/** The whole run: its summary (name, hyperparameters, timing) and every point. */
export function runToJson(summary: RunSummary, points: readonly RunPoint[]): string {
  return `${JSON.stringify({ ...summary, points }, null, 2)}\n`;
}

export function runFileName(summary: RunSummary, extension: 'csv' | 'json'): string {
  return `${fileBaseName(summary.name, 'run')}.${extension}`;
}
