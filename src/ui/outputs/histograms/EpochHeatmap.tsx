import type { HistogramBins } from '@/protocol';
import { formatTick } from './format-tick';
import { HeatmapCanvas } from './HeatmapCanvas';
import { commonRange, resample } from './resample';

const GRID = 40;

/** One variable as an epoch × bin image: rows are epochs (first at the top), on one value grid. */
export function EpochHeatmap({
  name,
  bins,
  epochs,
}: {
  name: string;
  bins: readonly HistogramBins[];
  epochs: readonly number[];
}) {
  const { lo, hi } = commonRange(bins);
  const width = (hi - lo) / GRID;
  const rows = bins.map((h) => {
    const row = resample(h, lo, hi, GRID);
    const total = row.reduce((a, b) => a + b, 0) || 1;
    return row.map((c) => c / total);
  });
  return (
    <figure className="histo-chart" data-epochs={bins.length}>
      <figcaption className="histo-name">{name}</figcaption>
      <HeatmapCanvas
        rows={rows.length}
        cols={GRID}
        values={rows.flat()}
        scale="sequential"
        label={`${name}: epochs × values`}
        testId="histogram-heatmap"
        readout={(r, c, v) =>
          `epoch ${epochs[r] ?? r + 1}, ${formatTick(lo + c * width)} to ${formatTick(lo + (c + 1) * width)}: ${(v * 100).toFixed(1)} %`
        }
      />
      <div className="histo-axis">
        <span>{formatTick(lo)}</span>
        <span>
          epochs {epochs[0]}–{epochs.at(-1)} ↓
        </span>
        <span>{formatTick(hi)}</span>
      </div>
    </figure>
  );
}
