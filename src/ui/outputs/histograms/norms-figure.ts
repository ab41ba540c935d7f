import type { HistogramsView, PlotlyFigure } from '@/protocol';

/** Per-layer lines over the recorded epochs, one chart for ‖∇‖ and one for ‖W_e − W_prev‖. */
export function normsFigure(
  view: HistogramsView,
  which: 'gradientNorm' | 'weightChange',
): PlotlyFigure {
  const title = which === 'gradientNorm' ? 'Gradient norm per layer' : 'Weight change per layer';
  return {
    data: view.norms.map((layer) => ({
      type: 'scatter',
      mode: 'lines+markers',
      name: layer.layer,
      x: view.epochs,
      y: layer[which],
    })),
    layout: {
      title,
      height: 260,
      xaxis: { title: 'epoch', dtick: 1 },
      yaxis: {
        title: which === 'gradientNorm' ? '‖∇‖' : '‖W<sub>e</sub> − W<sub>e−1</sub>‖',
        type: 'log',
      },
      legend: { orientation: 'h', y: -0.3 },
      margin: { t: 40, r: 16, b: 72, l: 64 },
    },
  };
}
