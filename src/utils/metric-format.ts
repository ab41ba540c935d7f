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

/**
 * The badge's words. A 'learns' band says what it checked (that the model beats the trivial
 * baseline, and by how much), never a bare "pass" beside a book number it cannot be compared
 * with; a 'book' band (or one that does not say) passes or misses.
 */
export function verdictText(report: MetricReport): string | null {
  if (report.pass === undefined) return null;
  if (report.checks === 'learns' && report.baseline !== undefined) {
    const by = formatMetricValue(Math.abs(report.value - report.baseline));
    return report.pass
      ? `learns: beats the baseline by ${by}`
      : `MISS: not clear of the baseline ${formatMetricValue(report.baseline)}`;
  }
  return report.pass ? 'pass' : 'MISS';
}

/** One line: `loss @0: 0.2481 · book 0.2524 · band 0.1–0.3 (quick): pass`. */
export function metricText(report: MetricReport): string {
  const parts = [`${report.name}: ${formatMetricValue(report.value)}`];
  if (report.book !== undefined) parts.push(`book ${formatMetricValue(report.book)}`);
  const band = formatBand(report);
  if (band !== null) parts.push(`band ${band} (${report.preset}): ${verdictText(report)}`);
  if (report.baseline !== undefined && report.checks !== 'learns')
    parts.push(`baseline ${formatMetricValue(report.baseline)}`);
  if (report.note) parts.push(report.note);
  if (report.mutation) parts.push(`under the mutation ${report.mutation}`);
  return parts.join(' · ');
}
