import type { MetricPoint } from '@/protocol';

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * One row per received point, one column per metric (in order of appearance); a metric that a
 * point does not log is an empty field, so batch and epoch rows line up in a spreadsheet.
 */
export function pointsToCsv(points: readonly MetricPoint[]): string {
  const metrics: string[] = [];
  const seen = new Set<string>();
  for (const point of points) {
    for (const metric of Object.keys(point.logs)) {
      if (!seen.has(metric)) {
        seen.add(metric);
        metrics.push(metric);
      }
    }
  }
  const lines = [['step', 'epoch', 'kind', ...metrics].map(csvField).join(',')];
  for (const point of points) {
    const values = metrics.map((metric) => {
      const value = point.logs[metric];
      return value === undefined ? '' : String(value);
    });
    lines.push([String(point.step), String(point.epoch), point.kind, ...values].join(','));
  }
  return `${lines.join('\n')}\n`;
}
