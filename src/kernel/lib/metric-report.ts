import type { MetricReport, Preset } from '@/protocol';
import { UserFacingError } from '@/utils/errors';

/** The book's number and the band ours must fall in, as a cell passes it to `report()`. */
export interface ReportTarget {
  book?: number | string;
  min?: number;
  max?: number;
  note?: string;
}

export class ReportError extends UserFacingError {
  override name = 'ReportError';
}

const USAGE =
  "Call it as report('name', value, { book: 0.80, min: 0.65, max: 1, note: '…' }); every field of the third argument is optional.";

function bound(target: ReportTarget, key: 'min' | 'max'): number | undefined {
  const value: unknown = target[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new ReportError(`report(): \`${key}\` must be a number, not ${String(value)}.`, USAGE);
  }
  return value;
}

/**
 * Checks what a cell passed to `report()` and judges it against its band. A NaN or infinite
 * value never passes: a diverged run must not count as reproducing the book.
 */
export function metricReport(
  name: unknown,
  value: number,
  target: ReportTarget | undefined,
  preset: Preset,
): MetricReport {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ReportError('report(): the first argument must be the metric’s name.', USAGE);
  }
  const t = target ?? {};
  const min = bound(t, 'min');
  const max = bound(t, 'max');
  if (min !== undefined && max !== undefined && min > max) {
    throw new ReportError(`report('${name}'): min ${min} is above max ${max}.`, USAGE);
  }
  const report: MetricReport = { name, value, preset };
  if (t.book !== undefined) report.book = t.book;
  if (min !== undefined) report.min = min;
  if (max !== undefined) report.max = max;
  if (t.note !== undefined) report.note = String(t.note);
  if (min !== undefined || max !== undefined) {
    report.pass =
      Number.isFinite(value) &&
      (min === undefined || value >= min) &&
      (max === undefined || value <= max);
  }
  return report;
}
