import type { MetricReport } from '@/protocol';

/**
 * How a reported metric reads, wherever it is shown: the cell output, its text/plain copy in the
 * exported .ipynb, and docs/RESULTS.md. Shared so the three never disagree.
 */

/** Four significant digits: enough to compare with the book at a glance. */
export function formatMetricValue(value: number | string): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** `0.1–0.3`, `≥ 0.65`, `≤ 0.3`, or null when the report has no band. */
export function formatBand(report: Pick<MetricReport, 'min' | 'max'>): string | null {
  const { min, max } = report;
  if (min !== undefined && max !== undefined)
    return `${formatMetricValue(min)}–${formatMetricValue(max)}`;
  if (min !== undefined) return `≥ ${formatMetricValue(min)}`;
  if (max !== undefined) return `≤ ${formatMetricValue(max)}`;
  return null;
}

/** One line: `loss @0: 0.2481 · book 0.2524 · band 0.1–0.3 (quick): pass`. */
export function metricText(report: MetricReport): string {
  const parts = [`${report.name}: ${formatMetricValue(report.value)}`];
  if (report.book !== undefined) parts.push(`book ${formatMetricValue(report.book)}`);
  const band = formatBand(report);
  if (band !== null)
    parts.push(`band ${band} (${report.preset}): ${report.pass ? 'pass' : 'MISS'}`);
  if (report.note) parts.push(report.note);
  return parts.join(' · ');
}
