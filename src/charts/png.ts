import type { TracePlan } from './training-figure';

/** One stacked plot as drawn: its canvas (axes and curves) and the curves' names and colors. */
export interface DrawnPlot {
  readonly canvas: HTMLCanvasElement;
  readonly plans: readonly TracePlan[];
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const TITLE_HEIGHT = 28;
const LEGEND_HEIGHT = 22;
const PAD = 12;

/**
 * The chart as one PNG: title, then per plot a legend row and its canvas, on white. uPlot draws
 * axes and curves on its canvas but the legend in HTML, so the legend is painted here.
 */
export function chartPng(title: string, plots: readonly DrawnPlot[], ratio: number): Promise<Blob> {
  const width = Math.max(1, ...plots.map((p) => p.canvas.width));
  const height =
    Math.round((TITLE_HEIGHT + PAD) * ratio) +
    plots.reduce((sum, p) => sum + Math.round(LEGEND_HEIGHT * ratio) + p.canvas.height, 0);
  const out = document.createElement('canvas');
  out.width = width;
  out.height = height;
  const ctx = out.getContext('2d');
  if (ctx === null) return Promise.reject(new Error('this browser cannot draw a PNG'));
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.scale(ratio, ratio);
  ctx.fillStyle = '#1f2328';
  ctx.textBaseline = 'middle';
  ctx.font = `600 14px ${FONT}`;
  ctx.fillText(title, PAD, PAD + TITLE_HEIGHT / 2);
  let y = PAD + TITLE_HEIGHT;
  for (const plot of plots) {
    drawLegend(ctx, plot.plans, y + LEGEND_HEIGHT / 2);
    y += LEGEND_HEIGHT;
    ctx.drawImage(plot.canvas, 0, y, plot.canvas.width / ratio, plot.canvas.height / ratio);
    y += plot.canvas.height / ratio;
  }
  return new Promise((resolve, reject) => {
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))));
  });
}

function drawLegend(ctx: CanvasRenderingContext2D, plans: readonly TracePlan[], middle: number) {
  ctx.font = `12px ${FONT}`;
  let x = PAD + 56;
  for (const plan of plans) {
    ctx.strokeStyle = plan.color;
    ctx.globalAlpha = plan.style === 'batch' && plan.faded ? 0.35 : 1;
    ctx.lineWidth = plan.style === 'batch' ? 1.5 : 2.5;
    ctx.beginPath();
    ctx.moveTo(x, middle);
    ctx.lineTo(x + 18, middle);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillStyle = '#1f2328';
    ctx.fillText(plan.name, x + 24, middle);
    x += 24 + ctx.measureText(plan.name).width + 18;
  }
}
