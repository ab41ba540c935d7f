import type { MetricReport } from '@/protocol';
import { formatBand, formatMetricValue, verdictText } from '@/utils/metric-format';

/**
 * One "book vs ours" row; the badge appears only when the notebook gave a band, and a band that
 * only checks learning says so instead of a plain "pass" beside the book's number.
 */
export function MetricOutput({ metric }: { metric: MetricReport }) {
  const band = formatBand(metric);
  const verdict = metric.pass === undefined ? null : metric.pass ? 'pass' : 'miss';
  return (
    <div
      className="output-metric"
      data-testid="output-metric"
      data-pass={verdict ?? ''}
      title={metric.note}
    >
      <span className="output-metric-name">{metric.name}</span>
      <span className="output-metric-ours">
        ours <strong className="output-mono">{formatMetricValue(metric.value)}</strong>
      </span>
      {metric.book !== undefined && (
        <span className="output-metric-book">
          book <span className="output-mono">{formatMetricValue(metric.book)}</span>
        </span>
      )}
      {band !== null && (
        <span className="output-metric-band">
          band <span className="output-mono">{band}</span> ({metric.preset})
        </span>
      )}
      {metric.baseline !== undefined && (
        <span className="output-metric-baseline">
          baseline <span className="output-mono">{formatMetricValue(metric.baseline)}</span>
        </span>
      )}
      {verdict && (
        <span
          className={`output-metric-badge badge-${verdict}`}
          data-testid="metric-badge"
          data-checks={metric.checks ?? 'book'}
        >
          {metric.checks === 'learns' ? verdictText(metric) : verdict}
        </span>
      )}
      {metric.mutation && <span className="output-metric-note">mutation: {metric.mutation}</span>}
      {metric.note && <span className="output-metric-note">{metric.note}</span>}
    </div>
  );
}
