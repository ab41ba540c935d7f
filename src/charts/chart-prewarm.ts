import type { MetricPoint } from '@/protocol';
import { LiveTrainingPlot, type UPlotConstructor } from './live-training-plot';
import { loadUPlot } from './uplot-loader';

let started = false;

/** The points of a short fit: per-batch and per-epoch curves, validation, two metrics. */
function samplePoints(): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (let epoch = 0; epoch < 3; epoch++) {
    for (let b = 1; b <= 4; b++) {
      const loss = 1 / (1 + epoch + b / 4);
      points.push({ kind: 'batch', step: epoch + b / 4, epoch, logs: { loss, acc: 1 - loss } });
    }
    const loss = 1 / (2 + epoch);
    points.push({
      kind: 'epoch',
      step: epoch + 1,
      epoch,
      logs: { loss, acc: 1 - loss, val_loss: loss * 1.1, val_acc: 0.9 - loss },
    });
  }
  return points;
}

/**
 * Loads uPlot and draws one throwaway chart off screen while the page is idle after a notebook
 * opens. A page's first chart costs about four times a later one (V8 compiles uPlot's code and
 * the chart's, and their inline caches start cold: 13 ms against 3 ms on an idle machine here,
 * 25–52 ms with a model training beside it), and without this that first chart is drawn in the
 * first second of training, where the page has to answer within 50 ms.
 */
export function prewarmChart(): void {
  if (started || typeof document === 'undefined') return;
  started = true;
  const idle = (run: () => void) =>
    typeof requestIdleCallback === 'function'
      ? requestIdleCallback(run, { timeout: 5000 })
      : setTimeout(run, 1000);
  idle(() => {
    loadUPlot().then(
      (uPlot) => idle(() => drawOnce(uPlot)),
      // Nothing is lost: the first real chart loads uPlot again and says so if it fails.
      () => undefined,
    );
  });
}

function drawOnce(uPlot: UPlotConstructor): void {
  const el = document.createElement('div');
  el.setAttribute('aria-hidden', 'true');
  // Laid out like a chart (uPlot measures itself) but off screen.
  el.style.cssText = 'position:fixed;left:-10000px;top:0;width:640px;pointer-events:none';
  document.body.append(el);
  const plot = new LiveTrainingPlot();
  try {
    plot.attach(uPlot, el);
    plot.update(samplePoints(), 'epoch');
    plot.drawAll();
  } finally {
    plot.dispose();
    el.remove();
  }
}
