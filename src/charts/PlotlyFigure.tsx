import type { Data, Layout } from 'plotly.js-basic-dist-min';
import { useEffect, useRef } from 'react';
import type { PlotlyFigure as PlotlyFigureSpec } from '@/protocol';
import { PLOTLY_CONFIG } from './plotly-config';
import { usePlotly } from './use-plotly';
import './charts.css';

export interface PlotlyFigureProps {
  figure: PlotlyFigureSpec;
}

/** A static figure built in the kernel by `plot(...)`; re-drawn in place when it is replaced. */
export function PlotlyFigure({ figure }: PlotlyFigureProps) {
  const plotlyState = usePlotly();
  const plotly = plotlyState.status === 'ready' ? plotlyState.module : undefined;
  const elRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = elRef.current;
    if (plotly === undefined || el === null) return;
    // The kernel builds these objects with Plotly's own vocabulary; Plotly validates them itself.
    const data = figure.data as Data[];
    const layout = (figure.layout ?? {}) as Partial<Layout>;
    void plotly.react(el, data, { autosize: true, ...layout }, PLOTLY_CONFIG);
  }, [plotly, figure]);

  useEffect(() => {
    const el = elRef.current;
    return () => {
      if (plotly !== undefined && el !== null) plotly.purge(el);
    };
  }, [plotly]);

  return (
    <div className="chart chart-static" data-testid="plotly-figure">
      {plotlyState.status === 'failed' && <p className="chart-error">{plotlyState.message}</p>}
      {plotlyState.status === 'loading' && <p className="chart-loading">Loading chart…</p>}
      <div ref={elRef} className="chart-plot" />
    </div>
  );
}
