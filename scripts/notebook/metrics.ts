import { z } from 'zod';
import { type MetricReport, MUTATIONS, type Mutation, type Preset } from '../../src/protocol';
import type { CellTiming } from './drive';

/** One `report()` as `<name>.metrics.json` lists it: absent fields are null, never missing. */
export interface MetricRow {
  name: string;
  value: number | null;
  book: number | string | null;
  min: number | null;
  max: number | null;
  /** null when the report gave no band. */
  pass: boolean | null;
  note: string | null;
  cellIndex: number;
  cellMs: number | null;
  /** The trivial baseline on the same split, when the notebook reports one beside the model. */
  baseline?: number;
  /** 'learns': the band checks only that the model beats the baseline, not the book's number. */
  checks?: 'book' | 'learns';
  catches?: Mutation[];
  uncaught?: Partial<Record<Mutation, string>>;
  /** The mutation the kernel ran under (a `--mutate` run only). */
  mutation?: Mutation;
}

export interface CellFailure {
  cellIndex: number;
  cellId: string | null;
  line: number | null;
  sourceLine: string | null;
  name: string;
  message: string;
  hint: string | null;
}

export interface MetricsFile {
  notebook: string;
  title: string;
  preset: Preset;
  backendRequested: string;
  backend: string | null;
  ok: boolean;
  failure: CellFailure | null;
  timedOutInCell: number | null;
  metrics: MetricRow[];
  cells: CellTiming[];
  /** A `--mutate` run: the breakage, and how the bands judged it. */
  mutate?: Mutation;
  /** With a kept profile, every runner session of this run (totalMs is their sum). */
  sessions?: { ms: number; resumedFromEpoch: number | null }[];
  totalMs: number;
  date: string;
  chromium: string;
}

const METRIC_MIME = 'application/vnd.tfnb.metric+json';
const text = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v.join('') : v));
/** Where the export keeps an error's line and hint: nbformat's error output has no field for them. */
const errorDetails = z
  .object({
    tfnb: z
      .object({
        errors: z
          .array(
            z.object({
              output: z.number(),
              line: z.number().optional(),
              hint: z.string().optional(),
            }),
          )
          .optional(),
      })
      .optional(),
  })
  .optional()
  .catch(undefined);
const exportedSchema = z.object({
  cells: z.array(
    z.object({
      id: z.string().optional(),
      cell_type: z.string(),
      source: text,
      metadata: errorDetails,
      outputs: z
        .array(
          z.object({
            output_type: z.string(),
            data: z.record(z.string(), z.unknown()).optional(),
            ename: z.string().optional(),
            evalue: z.string().optional(),
            line: z.number().optional(),
            hint: z.string().optional(),
          }),
        )
        .optional(),
    }),
  ),
});
const metricSchema = z.object({
  name: z.string(),
  // JSON has no NaN: a diverged value comes back as null.
  value: z.number().nullable(),
  book: z.union([z.number(), z.string()]).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  note: z.string().optional(),
  pass: z.boolean().optional(),
  baseline: z.number().optional(),
  checks: z.enum(['book', 'learns']).optional(),
  catches: z.array(z.enum(MUTATIONS)).optional(),
  uncaught: z.partialRecord(z.enum(MUTATIONS), z.string()).optional(),
  mutation: z.enum(MUTATIONS).optional(),
});

export type ExportedNotebook = z.infer<typeof exportedSchema>;

export function parseExported(ipynb: string): ExportedNotebook {
  return exportedSchema.parse(JSON.parse(ipynb));
}

/** Every `report()` in the executed notebook, in cell order. */
export function collectMetrics(nb: ExportedNotebook, cells: readonly CellTiming[]): MetricRow[] {
  return nb.cells.flatMap((cell, cellIndex) =>
    (cell.outputs ?? []).flatMap((output) => {
      const parsed = metricSchema.safeParse(output.data?.[METRIC_MIME]);
      if (!parsed.success) return [];
      const m: Omit<MetricReport, 'preset' | 'value'> & { value: number | null } = parsed.data;
      const optional = {
        ...(m.baseline !== undefined ? { baseline: m.baseline } : {}),
        ...(m.checks !== undefined ? { checks: m.checks } : {}),
        ...(m.catches !== undefined ? { catches: m.catches } : {}),
        ...(m.uncaught !== undefined ? { uncaught: m.uncaught } : {}),
        ...(m.mutation !== undefined ? { mutation: m.mutation } : {}),
      };
      return [
        {
          name: m.name,
          value: m.value,
          book: m.book ?? null,
          min: m.min ?? null,
          max: m.max ?? null,
          pass: m.pass ?? null,
          note: m.note ?? null,
          cellIndex,
          cellMs: cells.find((c) => c.index === cellIndex)?.durationMs ?? null,
          ...optional,
        },
      ];
    }),
  );
}

/** The first cell that ended in an error, with the line of its source the error points at. */
export function firstFailure(nb: ExportedNotebook): CellFailure | null {
  for (const [cellIndex, cell] of nb.cells.entries()) {
    const outputs = cell.outputs ?? [];
    const index = outputs.findIndex((o) => o.output_type === 'error');
    const error = outputs[index];
    if (!error) continue;
    // Exports since nbformat validation keep these in the cell's metadata; older ones on the output.
    const detail = cell.metadata?.tfnb?.errors?.find((d) => d.output === index);
    const line = detail?.line ?? error.line ?? null;
    return {
      cellIndex,
      cellId: cell.id ?? null,
      line,
      sourceLine: line === null ? null : (cell.source.split('\n')[line - 1] ?? null),
      name: error.ename ?? 'Error',
      message: error.evalue ?? '',
      hint: detail?.hint ?? error.hint ?? null,
    };
  }
  return null;
}

/** What the terminal shows for a failed cell: where, the line itself, and the message. */
export function describeFailure(failure: CellFailure): string {
  const where = `Cell ${failure.cellIndex}${failure.cellId ? ` (id ${failure.cellId})` : ''} failed${failure.line !== null ? ` at line ${failure.line}` : ''}:`;
  const lines = [where];
  if (failure.sourceLine !== null) lines.push(`  ${failure.line} | ${failure.sourceLine}`);
  lines.push(`  ${failure.name}: ${failure.message}`);
  if (failure.hint) lines.push(`  Hint: ${failure.hint}`);
  return lines.join('\n');
}

export function missedBands(metrics: readonly MetricRow[]): MetricRow[] {
  return metrics.filter((m) => m.pass === false);
}
