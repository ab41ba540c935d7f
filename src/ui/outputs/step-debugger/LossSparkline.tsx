import { formatTick } from '../histograms/format-tick';

const W = 480;
const H = 80;

/** The loss of every step so far, as a line: enough to see a step go the wrong way. */
export function LossSparkline({ losses }: { losses: readonly number[] }) {
  const finite = losses.filter(Number.isFinite);
  if (finite.length < 2) return null;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const span = hi - lo || 1;
  const points = losses
    .map((l, i) =>
      Number.isFinite(l)
        ? `${((i / (losses.length - 1)) * (W - 8) + 4).toFixed(1)},${(H - 4 - ((l - lo) / span) * (H - 8)).toFixed(1)}`
        : null,
    )
    .filter((p) => p !== null)
    .join(' ');
  return (
    <figure className="histo-chart">
      <figcaption className="histo-note">loss per step ({losses.length} steps)</figcaption>
      <svg
        className="stepper-spark"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`loss per step, from ${formatTick(losses[0] ?? 0)} to ${formatTick(losses.at(-1) ?? 0)}`}
      >
        <polyline points={points} fill="none" stroke="var(--accent)" strokeWidth={1.5} />
        <text x={W - 4} y={10} textAnchor="end" className="histo-tick">
          {formatTick(hi)}
        </text>
        <text x={W - 4} y={H - 2} textAnchor="end" className="histo-tick">
          {formatTick(lo)}
        </text>
      </svg>
    </figure>
  );
}
