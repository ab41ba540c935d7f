import type { Data, Layout } from 'plotly.js-basic-dist-min';
import { useEffect, useRef } from 'react';
import type { PlotlyFigure as PlotlyFigureSpec } from '@/protocol';
import { forBasicBundle } from './basic-traces';
import { PLOTLY_CONFIG } from './plotly-config';
import { normalizeLayout } from './plotly-layout';
import { usePlotly } from './use-plotly';
import './charts.css';

export interface PlotlyFigureProps {
  figure: PlotlyFigureSpec;
}

/** A height the figure's own layout asks for, if any; otherwise the CSS height applies. */
function layoutHeight(layout: PlotlyFigureSpec['layout']): number | undefined {
  const height = (layout as { height?: unknown } | undefined)?.height;
  return typeof height === 'number' && height > 0 ? height : undefined;
}

/**
 * A static figure built in the kernel by `plot(...)`; re-drawn in place when it is replaced.
 * Plotly's autosize reads its container's size, and an empty block has none: the container gets a
 * height (the layout's, else the stylesheet's) and follows its container's width as it changes
 * (a sidebar folding, a phone turning), not only the window's.
 */
export function PlotlyFigure({ figure }: PlotlyFigureProps) {
  const plotlyState = usePlotly();
  const plotly = plotlyState.status === 'ready' ? plotlyState.module : undefined;
  const elRef = useRef<HTMLDivElement>(null);
  const height = layoutHeight(figure.layout);

  useEffect(() => {
    const el = elRef.current;
    if (plotly === undefined || el === null) return;
    // The kernel builds these objects with Plotly's own vocabulary; Plotly validates them itself.
    const data = forBasicBundle(figure.data) as Data[];
    const layout = normalizeLayout(figure.layout) as Partial<Layout>;
    void plotly.react(el, data, { autosize: true, ...layout }, PLOTLY_CONFIG);
  }, [plotly, figure]);

  useEffect(() => {
    const el = elRef.current;
    if (plotly === undefined || el === null || typeof ResizeObserver === 'undefined') return;
    let width = el.clientWidth;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth === width || el.clientWidth === 0) return;
      width = el.clientWidth;
      void plotly.Plots.resize(el);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plotly.purge(el);
    };
  }, [plotly]);

  return (
    <div className="chart chart-static" data-testid="plotly-figure">
      {plotlyState.status === 'failed' && <p className="chart-error">{plotlyState.message}</p>}
      {plotlyState.status === 'loading' && <p className="chart-loading">Loading chart…</p>}
      <div
        ref={elRef}
        className="chart-plot"
        style={height === undefined ? undefined : { height: `${height}px` }}
      />
    </div>
  );
}
