import { type MetricReport, MUTATIONS, type Mutation, type Preset } from '@/protocol';
import { UserFacingError } from '@/utils/errors';

/** The book's number and the band ours must fall in, as a cell passes it to `report()`. */
export interface ReportTarget {
  book?: number | string;
  min?: number;
  max?: number;
  note?: string;
  /** The trivial baseline on the same split: the training mean, the majority class, … */
  baseline?: number;
  /** 'book': the band says ours is comparable with the book; 'learns': only that it beats the baseline. */
  checks?: 'book' | 'learns';
  /** The runner's mutations under which this band must miss (`--mutate`). */
  catches?: readonly Mutation[];
  /** The mutations this band cannot catch, each with the reason, so none is left unsaid. */
  uncaught?: Partial<Record<Mutation, string>>;
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

function mutations(name: string, value: unknown, key: string): Mutation[] {
  const list = Array.isArray(value) ? value : [value];
  for (const m of list)
    if (!(MUTATIONS as readonly unknown[]).includes(m))
      throw new ReportError(
        `report('${name}'): \`${key}\` names "${String(m)}", which is not a mutation.`,
        `The mutations are ${MUTATIONS.join(', ')}.`,
      );
  return list as Mutation[];
}

/** Copies the mutation-check fields of a target onto the report, refusing what is not one. */
function withMutationFields(report: MetricReport, name: string, t: ReportTarget): void {
  if (t.baseline !== undefined) {
    if (typeof t.baseline !== 'number')
      throw new ReportError(`report('${name}'): \`baseline\` must be a number.`, USAGE);
    report.baseline = t.baseline;
  }
  if (t.checks !== undefined) {
    if (t.checks !== 'book' && t.checks !== 'learns')
      throw new ReportError(`report('${name}'): \`checks\` is 'book' or 'learns'.`, USAGE);
    if (t.checks === 'learns' && t.baseline === undefined)
      throw new ReportError(
        `report('${name}'): a 'learns' band needs the \`baseline\` it is judged against.`,
        USAGE,
      );
    report.checks = t.checks;
  }
  if (t.catches !== undefined) report.catches = mutations(name, t.catches, 'catches');
  if (t.uncaught !== undefined) {
    mutations(name, Object.keys(t.uncaught), 'uncaught');
    report.uncaught = Object.fromEntries(
      Object.entries(t.uncaught).map(([k, why]) => [k, String(why)]),
    );
  }
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
  mutation: Mutation | null = null,
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
  withMutationFields(report, name, t);
  if (mutation !== null) report.mutation = mutation;
  if (min !== undefined || max !== undefined) {
    report.pass =
      Number.isFinite(value) &&
      (min === undefined || value >= min) &&
      (max === undefined || value <= max);
  }
  return report;
}
