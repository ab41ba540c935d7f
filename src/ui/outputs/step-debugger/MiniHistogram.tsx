import type { HistogramBins } from '@/protocol';
import { formatTick } from '../histograms/format-tick';

const W = 160;
const H = 36;

/** A tensor's values as bars, small enough for a table cell. */
export function MiniHistogram({ bins, label }: { bins: HistogramBins; label: string }) {
  const peak = Math.max(1, ...bins.counts);
  const w = W / bins.counts.length;
  return (
    <svg
      className="stepper-hist"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={`${label}: histogram from ${formatTick(bins.lo)} to ${formatTick(bins.hi)}`}
    >
      {bins.counts.map((c, i) => (
        <rect
          // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional
          key={i}
          x={i * w + 0.5}
          width={Math.max(0.5, w - 1)}
          y={H - (c / peak) * H}
          height={(c / peak) * H}
          fill="hsl(24 80% 55%)"
        />
      ))}
    </svg>
  );
}
