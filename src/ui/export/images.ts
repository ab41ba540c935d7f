import type { Data, Layout } from 'plotly.js-basic-dist-min';
import { forBasicBundle } from '@/charts/basic-traces';
import { LiveTrainingPlot } from '@/charts/live-training-plot';
import { normalizeLayout } from '@/charts/plotly-layout';
import { loadPlotly } from '@/charts/plotly-loader';
import { chartPng } from '@/charts/png';
import { loadUPlot } from '@/charts/uplot-loader';
import type { PlotlyFigure, TrainingView } from '@/protocol';

/**
 * PNG pictures of the app's charts for an export, drawn in the page at export time from the
 * output's own data, never from what is on screen: a chart scrolled away, collapsed or not yet
 * drawn exports the same picture. Both return base64 without the `data:` prefix, as nbformat
 * stores `image/png`.
 */

/** Width an exported chart is drawn at: a notebook column in Jupyter and on GitHub. */
export const EXPORT_WIDTH = 720;
const PLOTLY_HEIGHT = 420;

function base64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode under the engine's argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** The live training chart as the app draws it (uPlot, same curves and colors), off screen. */
export async function trainingPng(view: TrainingView): Promise<string | undefined> {
  if (view.points.length === 0) return undefined;
  const uPlot = await loadUPlot();
  const host = document.createElement('div');
  // Laid out (uPlot measures nothing, but the plot reads the width) yet never seen.
  host.style.cssText = `position: fixed; left: -10000px; top: 0; width: ${EXPORT_WIDTH}px;`;
  host.setAttribute('aria-hidden', 'true');
  document.body.append(host);
  const plot = new LiveTrainingPlot();
  try {
    plot.attach(uPlot, host);
    plot.update(view.points, view.xLabel, view.chartId, view.batchThinning?.stride ?? 1);
    // Every plot at once: the page builds one a frame to stay responsive, an export need not.
    plot.drawAll();
    // The plot draws on the next animation frame; a second one lets uPlot paint its canvas.
    await nextFrame();
    await nextFrame();
    const plots = plot.subplots().map((s) => ({ canvas: s.plot.ctx.canvas, plans: s.plans }));
    if (plots.length === 0) return undefined;
    const blob = await chartPng(view.title, plots, window.devicePixelRatio || 1);
    return base64(new Uint8Array(await blob.arrayBuffer()));
  } finally {
    plot.dispose();
    host.remove();
  }
}

function size(layout: Record<string, unknown> | undefined, key: string, fallback: number): number {
  const value = layout?.[key];
  return typeof value === 'number' && value > 0 ? value : fallback;
}

/**
 * A `plot(...)` figure through Plotly's own `toImage`, at the size its layout asks for, with the
 * layout read as the on-screen figure reads it (titles given as plain strings kept).
 */
export async function plotlyPng(figure: PlotlyFigure): Promise<string> {
  const plotly = await loadPlotly();
  const url = await plotly.toImage(
    {
      data: forBasicBundle(figure.data) as Data[],
      layout: normalizeLayout(figure.layout) as Partial<Layout>,
    },
    {
      format: 'png',
      width: size(figure.layout, 'width', EXPORT_WIDTH),
      height: size(figure.layout, 'height', PLOTLY_HEIGHT),
    },
  );
  return url.slice(url.indexOf(',') + 1);
}
