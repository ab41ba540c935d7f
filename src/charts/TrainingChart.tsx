import { useEffect, useRef, useState } from 'react';
import type { TrainingView } from '@/protocol';
import { pointsToCsv } from './csv';
import { downloadBlob, downloadText, fileBaseName } from './download';
import { LiveTrainingPlot } from './live-training-plot';
import { chartPng } from './png';
import { lastValuesText } from './series';
import { TrainingStateBanner } from './TrainingStateBanner';
import { loadUPlot } from './uplot-loader';
import { useLazyModule } from './use-lazy-module';
import './charts.css';

export interface TrainingChartProps {
  /** Replaced by a new object (points appended) several times a second while training runs. */
  view: TrainingView;
}

/**
 * The live loss/accuracy chart of a training cell. Props change often; each change only feeds the
 * new points to a buffer, and the canvas is redrawn at most once per animation frame.
 */
export function TrainingChart({ view }: TrainingChartProps) {
  const uPlotState = useLazyModule(loadUPlot);
  const uPlot = uPlotState.status === 'ready' ? uPlotState.module : undefined;
  const elRef = useRef<HTMLDivElement>(null);
  const [plot] = useState(() => new LiveTrainingPlot());
  const [smoothing, setSmoothing] = useState(false);
  const [lastText, setLastText] = useState('');
  const [hasBatches, setHasBatches] = useState(false);

  useEffect(() => {
    const el = elRef.current;
    if (uPlot === undefined || el === null) return;
    plot.attach(uPlot, el);
    return () => plot.dispose();
  }, [plot, uPlot]);

  useEffect(() => {
    plot.update(view.points, view.xLabel, view.chartId, view.batchThinning?.stride ?? 1);
    // Primitive state: React skips the re-render when the text did not change.
    setLastText(lastValuesText(plot.buffer.lastValues()));
    setHasBatches(plot.buffer.list().some((s) => s.kind === 'batch'));
  }, [plot, view.points, view.xLabel, view.chartId, view.batchThinning?.stride]);

  useEffect(() => plot.setSmoothing(smoothing), [plot, smoothing]);

  const baseName = fileBaseName(view.title, 'training');
  const downloadPng = () => {
    const plots = plot.subplots().map((s) => ({ canvas: s.plot.ctx.canvas, plans: s.plans }));
    chartPng(view.title, plots, window.devicePixelRatio || 1).then(
      (blob) => downloadBlob(`${baseName}.png`, blob),
      () => undefined,
    );
  };
  const downloadCsv = () => downloadText(`${baseName}.csv`, pointsToCsv(view.points), 'text/csv');
  const empty = view.points.length === 0;

  return (
    <figure
      className="chart training-chart"
      data-testid="training-chart"
      data-chart-id={view.chartId}
      data-points={view.points.length}
      data-last-step={view.points.at(-1)?.step ?? ''}
      data-state={view.state}
    >
      <figcaption className="chart-header">
        <span className="chart-title">{view.title}</span>
        <span className="chart-tools">
          {hasBatches && (
            <label className="chart-toggle">
              <input
                type="checkbox"
                checked={smoothing}
                onChange={(event) => setSmoothing(event.currentTarget.checked)}
              />
              Smooth
            </label>
          )}
          <button type="button" onClick={downloadCsv} disabled={empty}>
            Download CSV
          </button>
          <button type="button" onClick={downloadPng} disabled={empty || uPlot === undefined}>
            Download PNG
          </button>
        </span>
      </figcaption>
      <TrainingStateBanner state={view.state} message={view.message} />
      {uPlotState.status === 'failed' && <p className="chart-error">{uPlotState.message}</p>}
      {empty && view.state === 'running' && (
        <p className="chart-loading">Waiting for the first metrics…</p>
      )}
      <div ref={elRef} className="chart-plot" hidden={empty} />
      <p className="chart-last" data-testid="training-last">
        {lastText}
      </p>
    </figure>
  );
}
