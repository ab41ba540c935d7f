import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { loadUPlot } from '../uplot-loader';
import { useLazyModule } from '../use-lazy-module';
import type { RunCurve } from './run-series';
import { runsPlotOptions, runsTable, tracesOf } from './runs-plot';

export interface RunsChartProps {
  groups: readonly { metric: string; curves: readonly RunCurve[] }[];
  smoothing: number;
  logY: boolean;
  xLabel: string;
}

const HEIGHT = 240;
const FALLBACK_WIDTH = 640;
const Y_AXIS_WIDTH = 56;
let nextSync = 0;

/**
 * One uPlot chart per base metric, runs overlaid. The runs are finished (or grow once a second),
 * so a change of data or settings builds the charts anew (a few thousand points each); a change
 * of width only resizes them.
 */
export function RunsChart({ groups, smoothing, logY, xLabel }: RunsChartProps) {
  const state = useLazyModule(loadUPlot);
  const UPlot = state.status === 'ready' ? state.module : undefined;
  const elRef = useRef<HTMLDivElement>(null);
  const plotsRef = useRef<uPlot[]>([]);
  const [syncKey] = useState(() => `runs-${++nextSync}`);

  // A new width resizes the charts in place: building them anew would change the page's height,
  // which can bring a scrollbar that changes the width again.
  useEffect(() => {
    const el = elRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const width = el.clientWidth;
      for (const plot of plotsRef.current)
        if (width > 0 && plot.width !== width) plot.setSize({ width, height: plot.height });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = elRef.current;
    if (!UPlot || !el) return;
    const width = el.clientWidth || FALLBACK_WIDTH;
    const settings = {
      smoothing,
      logY,
      xLabel,
      buckets: Math.max(50, Math.round(width - Y_AXIS_WIDTH)),
    };
    const plots = groups.map(({ metric, curves }) => {
      const traces = tracesOf(curves, smoothing);
      const options = runsPlotOptions(metric, traces, settings, {
        width,
        height: HEIGHT,
        syncKey,
      });
      const holder = document.createElement('div');
      holder.className = 'runs-plot';
      holder.dataset.metric = metric;
      el.appendChild(holder);
      const plot = new UPlot(options, runsTable(traces, settings), holder);
      // The faint raw curves stay out of the readout: the smoothed value is the one compared.
      const rows = plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
      traces.forEach((trace, i) => {
        const row = rows[i + 1];
        // uPlot's stylesheet sets the rows' display, which would win over `hidden`.
        if (row && trace.faint) row.style.display = 'none';
      });
      return { plot, holder };
    });
    plotsRef.current = plots.map((p) => p.plot);
    return () => {
      plotsRef.current = [];
      for (const { plot, holder } of plots) {
        plot.destroy();
        holder.remove();
      }
    };
  }, [UPlot, groups, smoothing, logY, xLabel, syncKey]);

  return (
    <div
      className="runs-chart"
      data-testid="runs-chart"
      data-smoothing={smoothing}
      data-log-y={logY}
    >
      {state.status === 'failed' && <p className="chart-error">{state.message}</p>}
      <div ref={elRef} className="runs-plots" />
    </div>
  );
}
