import { z } from 'zod';
import { UserFacingError } from '@/utils/errors';
import type { CellOutput, NotebookCell, NotebookDocument } from './nbformat';
import { upgradeV3, v3Language } from './nbformat-v3';

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

/** How to turn an older notebook into one this app reads: Jupyter's own converter. */
function convertAdvice(fileName: string): string {
  return `Convert it to version 4 with Jupyter: jupyter nbconvert --to notebook --nbformat 4 --output converted.ipynb "${fileName}", then import converted.ipynb.`;
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown shape';
}

/**
 * nbformat 3 (cells in `worksheets`) is converted as Jupyter converts it; a file that cannot be
 * is refused with a message that names the version and the command that converts it, never as
 * "not a notebook". Versions 1 and 2 predate the cell shapes we read, so they are refused alike.
 */
function olderNotebook(json: unknown, version: number, fileName: string): unknown {
  const nb = json as Record<string, unknown>;
  if (version !== 3) {
    throw new NotebookFormatError(
      `${fileName} is a version ${version} Jupyter notebook (nbformat ${version}); this app reads version 4 and converts version 3 itself. ${convertAdvice(fileName)}`,
      'Nothing was replaced.',
    );
  }
  const language = v3Language(nb);
  if (language && !['typescript', 'javascript'].includes(language)) {
    throw new NotebookFormatError(
      `${fileName} is a ${language} notebook (nbformat 3); this app runs TypeScript notebooks only.`,
      'Nothing was replaced.',
    );
  }
  const upgraded = upgradeV3(nb);
  const checked = upgraded === undefined ? undefined : notebookSchema.safeParse(upgraded);
  if (checked?.success) return upgraded;
  const why =
    checked === undefined
      ? 'it has no "worksheets" list'
      : `its cells do not follow the format (${issueText(checked.error)})`;
  throw new NotebookFormatError(
    `${fileName} is a version 3 Jupyter notebook (nbformat 3) that could not be converted: ${why}. ${convertAdvice(fileName)}`,
    'Nothing was replaced.',
  );
}

/** Where an export keeps what nbformat's error output has no field for (see `cellMetadata`). */
const APP_METADATA = 'tfnb';
interface ErrorDetail {
  /** Index of the error output in the cell's outputs. */
  output: number;
  line?: number;
  hint?: string;
}

function isMimeJson(mime: string): boolean {
  return /^application\/(.*\+)?json$/.test(mime);
}

/**
 * Outputs as the app holds them: text MIME values joined from nbformat's line arrays, and each
 * error's source line and hint read back from the cell's metadata, where the export put them.
 */
function withErrorDetails(
  metadata: Record<string, unknown>,
  outputs: CellOutput[],
): { metadata: Record<string, unknown>; outputs: CellOutput[] } {
  const joined = outputs.map((output): CellOutput => {
    if (output.output_type !== 'display_data' && output.output_type !== 'execute_result')
      return output;
    const data = Object.fromEntries(
      Object.entries(output.data).map(([mime, value]) => [
        mime,
        !isMimeJson(mime) && Array.isArray(value) ? value.join('') : value,
      ]),
    );
    return { ...output, data };
  });
  const app = metadata[APP_METADATA];
  if (typeof app !== 'object' || app === null || !('errors' in app)) {
    return { metadata, outputs: joined };
  }
  const { errors, ...restApp } = app as { errors: unknown };
  // The file may come from anywhere: only well-formed entries are read.
  const details = Array.isArray(errors)
    ? errors.filter((d): d is ErrorDetail => typeof d === 'object' && d !== null)
    : [];
  const restored = joined.map((output, index) => {
    const detail = details.find((d) => d.output === index);
    if (output.output_type !== 'error' || detail === undefined) return output;
    return {
      ...output,
      ...(typeof detail.line === 'number' ? { line: detail.line } : {}),
      ...(typeof detail.hint === 'string' ? { hint: detail.hint } : {}),
    };
  });
  const { [APP_METADATA]: _app, ...rest } = metadata;
  const nextMetadata =
    Object.keys(restApp).length > 0 ? { ...rest, [APP_METADATA]: restApp } : rest;
  return { metadata: nextMetadata, outputs: restored };
}

/** nbformat 4.5's cell id: 1–64 letters, digits, '-' or '_', unique in the notebook. */
const CELL_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** The cell's own id when nbformat would accept it, else a new one, so the export validates. */
function cellId(given: string | undefined, seen: Set<string>): string {
  const id = given !== undefined && CELL_ID.test(given) && !seen.has(given) ? given : newCellId();
  seen.add(id);
  return id;
}

/**
 * Reads an .ipynb file (nbformat 4, or 3 converted). Anything that is not a notebook in
 * TypeScript/JavaScript is refused with a message saying what the file is, so a wrong pick never
 * replaces a notebook.
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
  const version = (json as { nbformat?: unknown } | null)?.nbformat;
  if (typeof version === 'number' && version !== 4) json = olderNotebook(json, version, fileName);
  const parsed = notebookSchema.safeParse(json);
  if (!parsed.success) {
    const what =
      typeof json !== 'object' || json === null || !('cells' in json)
        ? 'it has no "cells" list'
        : version !== 4
          ? `its nbformat is ${String(version)}, and only version 4 is supported`
          : `it does not follow nbformat 4 (${issueText(parsed.error)})`;
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
  const seen = new Set<string>();
  const cells: NotebookCell[] = parsed.data.cells.map((cell) => ({
    id: cellId(cell.id, seen),
    // Raw cells have no runtime meaning here; keeping their text as markdown loses nothing.
    cell_type: cell.cell_type === 'code' ? 'code' : 'markdown',
    source: cell.source,
    ...withErrorDetails(cell.metadata, (cell.outputs ?? []) as CellOutput[]),
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

/** One output as nbformat 4.5 has it: no field the schema does not list. */
function exportOutput(output: CellOutput): Record<string, unknown> {
  switch (output.output_type) {
    case 'stream':
      return { output_type: 'stream', name: output.name, text: toLines(output.text) };
    case 'display_data':
      return { output_type: 'display_data', data: output.data, metadata: output.metadata };
    case 'execute_result':
      return {
        output_type: 'execute_result',
        data: output.data,
        metadata: output.metadata,
        execution_count: output.execution_count,
      };
    case 'error': {
      const traceback = [...output.traceback];
      if (output.line !== undefined && traceback.length === 0)
        traceback.push(`${output.ename}: ${output.evalue} (line ${output.line})`);
      return { output_type: 'error', ename: output.ename, evalue: output.evalue, traceback };
    }
  }
}

/**
 * nbformat's error output allows no extra field, so an error's source line and hint travel in
 * the cell's metadata (`tfnb.errors`), which the schema leaves open; import puts them back.
 */
function cellMetadata(cell: NotebookCell, withOutputs: boolean): Record<string, unknown> {
  const details: ErrorDetail[] = [];
  if (withOutputs) {
    cell.outputs.forEach((output, index) => {
      if (output.output_type !== 'error' || (output.line === undefined && !output.hint)) return;
      details.push({
        output: index,
        ...(output.line !== undefined ? { line: output.line } : {}),
        ...(output.hint ? { hint: output.hint } : {}),
      });
    });
  }
  if (details.length === 0) return cell.metadata;
  const app = cell.metadata[APP_METADATA];
  const appObject = typeof app === 'object' && app !== null ? app : {};
  return { ...cell.metadata, [APP_METADATA]: { ...appObject, errors: details } };
}

const KERNELSPEC = { name: 'tfjs-ts', display_name: 'TypeScript (TensorFlow.js)' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The schema requires `name` and `display_name` in a kernelspec and `name` in language_info; a
 * notebook imported without them (other tools write `{ "language": … }` alone) gets this app's.
 */
function notebookMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const out = { ...metadata };
  const spec = metadata.kernelspec;
  if (spec !== undefined) {
    const given = isRecord(spec) ? spec : {};
    out.kernelspec = {
      ...given,
      name: typeof given.name === 'string' ? given.name : KERNELSPEC.name,
      display_name:
        typeof given.display_name === 'string' ? given.display_name : KERNELSPEC.display_name,
    };
  }
  const info = metadata.language_info;
  if (info !== undefined) {
    const given = isRecord(info) ? info : {};
    out.language_info = {
      ...given,
      name: typeof given.name === 'string' ? given.name : 'typescript',
    };
  }
  return out;
}

function cellJson(cell: NotebookCell, withOutputs: boolean): Record<string, unknown> {
  return cell.cell_type === 'code'
    ? {
        id: cell.id,
        cell_type: 'code',
        metadata: cellMetadata(cell, withOutputs),
        source: toLines(cell.source),
        execution_count: withOutputs ? cell.execution_count : null,
        outputs: withOutputs ? cell.outputs.map(exportOutput) : [],
      }
    : {
        id: cell.id,
        cell_type: 'markdown',
        metadata: cell.metadata,
        source: toLines(cell.source),
      };
}

/**
 * Each cell's compact JSON, by the cell object. The notebook's state never changes a cell in
 * place (model.ts makes a new object), so an autosave during training writes the running cell
 * anew and reuses every other cell's text: charts, images and tables of earlier cells are not
 * serialised again every few hundred milliseconds on the page's main thread.
 */
const compactCells = new WeakMap<NotebookCell, string>();

function compactCell(cell: NotebookCell): string {
  let json = compactCells.get(cell);
  if (json === undefined) {
    json = JSON.stringify(cellJson(cell, true));
    compactCells.set(cell, json);
  }
  return json;
}

/**
 * Writes nbformat 4.5 JSON; `withOutputs: false` is how shipped notebooks are committed.
 * `compact`: no indentation, for the browser's own copy (autosave), which no one reads as text.
 */
export function serializeNotebook(
  doc: NotebookDocument,
  options: { withOutputs: boolean; compact?: boolean },
): string {
  const metadata = notebookMetadata(doc.metadata);
  if (options.compact && options.withOutputs) {
    const cells = doc.cells.map(compactCell).join(',');
    return `{"cells":[${cells}],"metadata":${JSON.stringify(metadata)},"nbformat":4,"nbformat_minor":5}\n`;
  }
  const cells = doc.cells.map((cell) => cellJson(cell, options.withOutputs));
  return `${JSON.stringify({ cells, metadata, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}
