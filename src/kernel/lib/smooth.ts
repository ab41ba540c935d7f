import { DEFAULT_SMOOTHING, EMA_START, emaExtend } from '@/charts/smoothing';

/**
 * `smooth(values, 0.9)`: TensorBoard's smoothing slider for a cell's own curves (the book's
 * Activity 2 reads accuracy at 0.9). The same debiased EMA the live charts use, so a plotted
 * curve and a chart's smoothed one agree.
 */
export function smooth(values: readonly number[], weight = DEFAULT_SMOOTHING): number[] {
  return emaExtend(EMA_START, values, weight).values;
}
