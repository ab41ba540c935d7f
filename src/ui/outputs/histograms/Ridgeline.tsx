import type { HistogramBins } from '@/protocol';
import { formatTick } from './format-tick';
import { commonRange } from './resample';

const WIDTH = 320;
const LEFT = 8;
const RIGHT = 28;
const TOP = 46;
const BOTTOM = 18;

/** From a faint to a strong orange, older epochs fainter, as TensorBoard draws them. */
function ridgeColor(i: number, n: number): string {
  const t = n <= 1 ? 1 : i / (n - 1);
  return `hsl(24 ${55 + 35 * t}% ${72 - 30 * t}%)`;
}

/**
 * TensorBoard's "offset" histogram: one ridge per epoch, the oldest at the back (top), each
 * scaled to its own tallest bin, so shapes stay comparable as counts do not change.
 */
export function Ridgeline({
  name,
  bins,
  epochs,
}: {
  name: string;
  bins: readonly HistogramBins[];
  epochs: readonly number[];
}) {
  const n = bins.length;
  const step = n <= 1 ? 0 : Math.min(16, 160 / (n - 1));
  const height = TOP + step * Math.max(0, n - 1) + BOTTOM;
  const { lo, hi } = commonRange(bins);
  const span = hi - lo || 1;
  const x = (v: number) => LEFT + ((v - lo) / span) * (WIDTH - LEFT - RIGHT);
  const amp = 42;
  return (
    <figure className="histo-chart" data-testid="ridgeline" data-epochs={n}>
      <figcaption className="histo-name">{name}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={`${name}, ${n} epochs`}>
        {bins.map((h, i) => {
          const base = TOP + step * i;
          const peak = Math.max(1, ...h.counts);
          const w = (h.hi - h.lo) / h.counts.length;
          const pts = h.counts.map(
            (c, k) =>
              `${x(h.lo + (k + 0.5) * w).toFixed(1)},${(base - (c / peak) * amp).toFixed(1)}`,
          );
          const d = `M${x(h.lo).toFixed(1)},${base} L${pts.join(' L')} L${x(h.hi).toFixed(1)},${base} Z`;
          const epoch = epochs[i] ?? i + 1;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: one ridge per epoch, in epoch order
            <g key={i} data-testid="ridge">
              <title>{`epoch ${epoch}: ${h.counts.reduce((a, b) => a + b, 0)} values from ${formatTick(h.lo)} to ${formatTick(h.hi)}`}</title>
              <path d={d} fill={ridgeColor(i, n)} stroke="hsl(24 70% 35%)" strokeWidth={0.6} />
              <text x={WIDTH - RIGHT + 4} y={base} className="histo-tick">
                {epoch}
              </text>
            </g>
          );
        })}
        <text x={LEFT} y={height - 4} className="histo-tick">
          {formatTick(lo)}
        </text>
        <text x={WIDTH - RIGHT} y={height - 4} className="histo-tick" textAnchor="end">
          {formatTick(hi)}
        </text>
      </svg>
    </figure>
  );
}
