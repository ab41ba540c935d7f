import { type MouseEvent, useEffect, useRef, useState } from 'react';
import { formatTick } from './format-tick';

export type ColorScale = 'sequential' | 'diverging';

/** White to dark orange for counts; blue, white, red around 0 for signed weights. */
function color(v: number, scale: ColorScale, max: number): [number, number, number] {
  if (scale === 'sequential') {
    const t = max > 0 ? Math.min(1, v / max) : 0;
    return [255 - 55 * t, 255 - 170 * t, 255 - 235 * t];
  }
  const t = max > 0 ? Math.max(-1, Math.min(1, v / max)) : 0;
  return t >= 0 ? [255, 255 - 200 * t, 255 - 200 * t] : [255 + 200 * t, 255 + 200 * t, 255];
}

/**
 * A matrix drawn one pixel per cell and scaled up without smoothing, so a 64 × 64 kernel or an
 * epoch × bin grid costs one small image, not thousands of DOM nodes. Hovering reads a cell out.
 */
export function HeatmapCanvas({
  rows,
  cols,
  values,
  scale,
  readout,
  label,
  testId,
}: {
  rows: number;
  cols: number;
  /** Row-major, rows × cols. */
  values: readonly number[];
  scale: ColorScale;
  readout: (row: number, col: number, value: number) => string;
  label: string;
  testId: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<string | null>(null);
  const max =
    scale === 'diverging' ? Math.max(0, ...values.map((v) => Math.abs(v))) : Math.max(0, ...values);

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || rows === 0 || cols === 0) return;
    const image = ctx.createImageData(cols, rows);
    values.forEach((v, i) => {
      const [r, g, b] = color(v, scale, max);
      image.data.set([r, g, b, 255], i * 4);
    });
    ctx.putImageData(image, 0, 0);
  }, [rows, cols, values, scale, max]);

  const onMove = (event: MouseEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * cols);
    const row = Math.floor(((event.clientY - box.top) / box.height) * rows);
    const v = values[row * cols + col];
    setHover(v === undefined ? null : readout(row, col, v));
  };

  return (
    <div className="histo-heatmap" data-testid={testId}>
      <canvas
        ref={ref}
        width={cols}
        height={rows}
        className="histo-heatmap-canvas"
        style={{ aspectRatio: `${cols} / ${Math.max(rows, cols / 8)}` }}
        role="img"
        aria-label={label}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      />
      <div className="histo-readout">
        {hover ??
          (scale === 'diverging'
            ? `blue −${formatTick(max)} · white 0 · red +${formatTick(max)}`
            : 'darker: more values')}
      </div>
    </div>
  );
}
