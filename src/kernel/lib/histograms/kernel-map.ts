import type { KernelMap } from '@/protocol';

/** A heatmap wider than this shows blocks, not single weights: a screen has no more to give. */
export const KERNEL_MAP_MAX = 64;

/**
 * A kernel as a matrix (all axes but the last × the last: inputs × units for Dense, the
 * receptive field × filters for a convolution), averaged in blocks down to at most 64 × 64.
 */
export function kernelMap(layer: string, shape: number[], values: ArrayLike<number>): KernelMap {
  const cols = shape.at(-1) ?? 1;
  const rows = shape.length < 2 ? 1 : shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const rowStep = Math.ceil(rows / KERNEL_MAP_MAX);
  const colStep = Math.ceil(cols / KERNEL_MAP_MAX);
  const outRows = Math.ceil(rows / rowStep);
  const outCols = Math.ceil(cols / colStep);
  const out = new Array<number>(outRows * outCols).fill(0);
  const seen = new Array<number>(outRows * outCols).fill(0);
  for (let r = 0; r < rows; r++) {
    const base = Math.floor(r / rowStep) * outCols;
    for (let c = 0; c < cols; c++) {
      const k = base + Math.floor(c / colStep);
      out[k] = (out[k] ?? 0) + (values[r * cols + c] as number);
      seen[k] = (seen[k] ?? 0) + 1;
    }
  }
  return {
    layer,
    shape: [...shape],
    rows: outRows,
    cols: outCols,
    values: out.map((v, i) => v / (seen[i] || 1)),
    pooled: rowStep > 1 || colStep > 1,
  };
}
