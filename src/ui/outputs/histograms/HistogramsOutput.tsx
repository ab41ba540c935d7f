import { useMemo, useState } from 'react';
import { PlotlyFigure } from '@/charts/PlotlyFigure';
import type { HistogramsView, KernelMap } from '@/protocol';
import { EpochHeatmap } from './EpochHeatmap';
import { formatTick } from './format-tick';
import { HeatmapCanvas } from './HeatmapCanvas';
import { normsFigure } from './norms-figure';
import { Ridgeline } from './Ridgeline';
import './histograms.css';

type Kind = 'weights' | 'gradients';

function medianMs(xs: readonly number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const v = s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
  return v.toFixed(v < 10 ? 1 : 0);
}
type Mode = 'ridgeline' | 'heatmap';

function Toggle<T extends string>({
  options,
  value,
  onChange,
  label,
}: {
  options: readonly [T, string][];
  value: T;
  onChange: (v: T) => void;
  label: string;
}) {
  return (
    <fieldset className="histo-toggle" aria-label={label}>
      {options.map(([v, text]) => (
        <button
          key={v}
          type="button"
          className="output-button"
          aria-pressed={v === value}
          onClick={() => onChange(v)}
        >
          {text}
        </button>
      ))}
    </fieldset>
  );
}

function KernelView({ kernels }: { kernels: readonly KernelMap[] }) {
  const [picked, setPicked] = useState(kernels[0]?.layer ?? '');
  const kernel = kernels.find((k) => k.layer === picked) ?? kernels[0];
  if (!kernel) return null;
  return (
    <section className="histo-kernels" data-testid="kernel-heatmap">
      <label className="histo-picker">
        Kernel of{' '}
        <select value={kernel.layer} onChange={(e) => setPicked(e.target.value)}>
          {kernels.map((k) => (
            <option key={k.layer} value={k.layer}>
              {k.layer}
            </option>
          ))}
        </select>{' '}
        <span className="histo-note">
          {kernel.shape.join(' × ')}
          {kernel.pooled ? `, shown as ${kernel.rows} × ${kernel.cols} block means` : ''}; rows:
          inputs, columns: units
        </span>
      </label>
      <HeatmapCanvas
        rows={kernel.rows}
        cols={kernel.cols}
        values={kernel.values}
        scale="diverging"
        label={`${kernel.layer} kernel`}
        testId="kernel-canvas"
        readout={(r, c, v) => `row ${r}, column ${c}: ${formatTick(v)}`}
      />
    </section>
  );
}

/**
 * TensorBoard's histogram dashboard for one run: each variable's weights or gradients as
 * ridgelines or an epoch × bin heatmap, the per-layer norms, and a kernel heatmap.
 */
export function HistogramsOutput({ view }: { view: HistogramsView }) {
  const [kind, setKind] = useState<Kind>('weights');
  const [mode, setMode] = useState<Mode>('ridgeline');
  const tracks = view.tracks.filter((t) => t.kind === kind);
  const gradientFigure = useMemo(() => normsFigure(view, 'gradientNorm'), [view]);
  const changeFigure = useMemo(() => normsFigure(view, 'weightChange'), [view]);
  const recorded = view.epochs.length;
  return (
    <div className="histo" data-testid="histograms-output">
      <div className="histo-title">{view.title}</div>
      {view.tracks.length > 0 && (
        <>
          <div className="histo-controls">
            <Toggle
              label="Weights or gradients"
              value={kind}
              onChange={setKind}
              options={[
                ['weights', 'Weights'],
                ['gradients', 'Gradients'],
              ]}
            />
            <Toggle
              label="Chart"
              value={mode}
              onChange={setMode}
              options={[
                ['ridgeline', 'Ridgeline'],
                ['heatmap', 'Heatmap'],
              ]}
            />
            <span className="histo-note" data-testid="histograms-status">
              {recorded === 0
                ? 'waiting for the first epoch'
                : `${recorded} epoch${recorded === 1 ? '' : 's'} recorded`}
              {view.state === 'running' ? '' : ` · ${view.state}`}
              {recorded > 0 ? ` · recording ${medianMs(view.recordMs)} ms per epoch` : ''}
              {kind === 'gradients' ? ` · gradients on ${view.gradientBatch}` : ''}
            </span>
          </div>
          {recorded > 0 && (
            <div className="histo-grid">
              {tracks.map((t) =>
                mode === 'ridgeline' ? (
                  <Ridgeline key={t.name} name={t.name} bins={t.bins} epochs={view.epochs} />
                ) : (
                  <EpochHeatmap key={t.name} name={t.name} bins={t.bins} epochs={view.epochs} />
                ),
              )}
            </div>
          )}
          {recorded > 0 && (
            <div className="histo-norms">
              <PlotlyFigure figure={gradientFigure} />
              <PlotlyFigure figure={changeFigure} />
            </div>
          )}
        </>
      )}
      {view.kernels.length > 0 && <KernelView kernels={view.kernels} />}
    </div>
  );
}
