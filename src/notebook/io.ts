import { z } from 'zod';
import { UserFacingError } from '@/utils/errors';
import type { CellOutput, NotebookCell, NotebookDocument } from './nbformat';

export class NotebookFormatError extends UserFacingError {
  override name = 'NotebookFormatError';
}

const multiline = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v.join('') : v));
const record = z.record(z.string(), z.unknown());

const outputSchema = z.discriminatedUnion('output_type', [
  z.object({
    output_type: z.literal('stream'),
    name: z.enum(['stdout', 'stderr']),
    text: multiline,
  }),
  z.object({ output_type: z.literal('display_data'), data: record, metadata: record.default({}) }),
  z.object({
    output_type: z.literal('execute_result'),
    data: record,
    metadata: record.default({}),
    execution_count: z.number().nullable().default(null),
  }),
  z.object({
    output_type: z.literal('error'),
    ename: z.string(),
    evalue: z.string(),
    traceback: z.array(z.string()).default([]),
    line: z.number().optional(),
    hint: z.string().optional(),
  }),
]);

const cellSchema = z.object({
  id: z.string().optional(),
  cell_type: z.enum(['code', 'markdown', 'raw']),
  source: multiline,
  metadata: record.default({}),
  outputs: z.array(outputSchema).optional(),
  execution_count: z.number().nullable().optional(),
});

const notebookSchema = z.object({
  nbformat: z.literal(4),
  nbformat_minor: z.number().default(5),
  metadata: record.default({}),
  cells: z.array(cellSchema),
});

let idCounter = 0;
export function newCellId(): string {
  idCounter = (idCounter + 1) % 1e6;
  return `c${Date.now().toString(36)}${idCounter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

function kernelLanguage(metadata: Record<string, unknown>): string | undefined {
  const spec = metadata.kernelspec as { language?: unknown } | undefined;
  const info = metadata.language_info as { name?: unknown } | undefined;
  const language = spec?.language ?? info?.name;
  return typeof language === 'string' ? language.toLowerCase() : undefined;
}

/**
 * Reads an .ipynb file. Anything that is not an nbformat 4 notebook in TypeScript/JavaScript is
 * refused with a message saying what the file is, so a wrong pick never replaces a notebook.
 */
export function parseNotebook(text: string, fileName = 'the file'): NotebookDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new NotebookFormatError(
      `${fileName} is not valid JSON, so it is not a notebook (${detail}).`,
      'Pick a .ipynb file exported from this app or from Jupyter.',
    );
  }
  const parsed = notebookSchema.safeParse(json);
  if (!parsed.success) {
    const nbformat = (json as { nbformat?: unknown } | null)?.nbformat;
    const what =
      typeof json !== 'object' || json === null || !('cells' in json)
        ? 'it has no "cells" list'
        : nbformat !== 4
          ? `its nbformat is ${String(nbformat)}, and only version 4 is supported`
          : `it does not follow nbformat 4 (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`;
    throw new NotebookFormatError(
      `${fileName} is not a Jupyter notebook: ${what}.`,
      'Nothing was replaced.',
    );
  }
  const language = kernelLanguage(parsed.data.metadata);
  if (language && !['typescript', 'javascript'].includes(language)) {
    throw new NotebookFormatError(
      `${fileName} is a ${language} notebook; this app runs TypeScript notebooks only.`,
      'Nothing was replaced.',
    );
  }
  const cells: NotebookCell[] = parsed.data.cells.map((cell) => ({
    id: cell.id ?? newCellId(),
    // Raw cells have no runtime meaning here; keeping their text as markdown loses nothing.
    cell_type: cell.cell_type === 'code' ? 'code' : 'markdown',
    source: cell.source,
    metadata: cell.metadata,
    outputs: (cell.outputs ?? []) as CellOutput[],
    execution_count: cell.execution_count ?? null,
  }));
  return {
    cells,
    metadata: parsed.data.metadata,
    nbformat: 4,
    nbformat_minor: parsed.data.nbformat_minor,
  };
}

function toLines(text: string): string[] {
  return text.split(/(?<=\n)/);
}

function exportOutput(output: CellOutput): Record<string, unknown> {
  switch (output.output_type) {
    case 'stream':
      return { output_type: 'stream', name: output.name, text: toLines(output.text) };
    case 'display_data':
      return { output_type: 'display_data', data: output.data, metadata: output.metadata };
    case 'execute_result':
      return { ...output };
    case 'error': {
      const { line, hint, ...rest } = output;
      const traceback = [...rest.traceback];
      if (line !== undefined && traceback.length === 0)
        traceback.push(`${rest.ename}: ${rest.evalue} (line ${line})`);
      return {
        ...rest,
        traceback,
        ...(line !== undefined ? { line } : {}),
        ...(hint ? { hint } : {}),
      };
    }
  }
}

/** Writes nbformat 4.5 JSON; `withOutputs: false` is how shipped notebooks are committed. */
export function serializeNotebook(
  doc: NotebookDocument,
  options: { withOutputs: boolean },
): string {
  const cells = doc.cells.map((cell) =>
    cell.cell_type === 'code'
      ? {
          id: cell.id,
          cell_type: 'code',
          metadata: cell.metadata,
          source: toLines(cell.source),
          execution_count: options.withOutputs ? cell.execution_count : null,
          outputs: options.withOutputs ? cell.outputs.map(exportOutput) : [],
        }
      : {
          id: cell.id,
          cell_type: 'markdown',
          metadata: cell.metadata,
          source: toLines(cell.source),
        },
  );
  return `${JSON.stringify({ cells, metadata: doc.metadata, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}
