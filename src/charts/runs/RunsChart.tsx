import { useEffect, useRef, useState } from 'react';
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
 * so every change of data or settings builds the charts anew: a few thousand points each.
 */
export function RunsChart({ groups, smoothing, logY, xLabel }: RunsChartProps) {
  const state = useLazyModule(loadUPlot);
  const uPlot = state.status === 'ready' ? state.module : undefined;
  const elRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  const [syncKey] = useState(() => `runs-${++nextSync}`);

  useEffect(() => {
    const el = elRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (el.clientWidth > 0) setWidth(el.clientWidth);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = elRef.current;
    if (!uPlot || !el) return;
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
      const plot = new uPlot(options, runsTable(traces, settings), holder);
      // The faint raw curves stay out of the readout: the smoothed value is the one compared.
      const rows = plot.root.querySelectorAll<HTMLElement>('.u-legend .u-series');
      traces.forEach((trace, i) => {
        const row = rows[i + 1];
        if (row && trace.faint) row.hidden = true;
      });
      return { plot, holder };
    });
    return () => {
      for (const { plot, holder } of plots) {
        plot.destroy();
        holder.remove();
      }
    };
  }, [uPlot, groups, smoothing, logY, xLabel, width, syncKey]);

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
