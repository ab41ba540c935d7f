import * as tf from '@tensorflow/tfjs';
import type { ParseOptions, ParseResult, Table } from '@/data';
import * as D from '@/data';
import { sizeOf } from '@/data/byte-source';
import { toCsv } from '@/data/write-csv';
import { MIME, type RereadOptions } from '@/protocol';
import {
  type FileToStore,
  getArtifact,
  getStoredFile,
  listArtifacts,
  putArtifact,
  putFile,
} from '@/storage/data-files';
import { UserFacingError } from '@/utils/errors';
import { displayBundle, Rich, tableBundle } from '../display';
import { post } from '../post';
import { currentRun, type RunContext, setCurrentRun } from '../run-context';
import { requestPicked } from '../uploads';
import { type Cifar10Dataset, type Cifar10LoadOptions, loadCifar10 } from './cifar-api';
import { isTable, previewOf, previewText } from './data-preview';
import { cacheKey, extension, type FoundFile, findDatasetFile } from './dataset-source';
import { loadMnist, type MnistDataset, type MnistLoadOptions } from './mnist-api';
import { mutateLoaded, roleOfColumns } from './mutations';
import {
  loadNewsgroups,
  type NewsgroupsDataset,
  type NewsgroupsLoadOptions,
} from './newsgroups-api';
import { progress } from './progress';

const TABLE_FILES = ['.csv', '.tsv', '.txt', '.xls', '.xlsx', '.gz'];
/** Below this a parse is instant; above it the user sees a progress bar. */
const PROGRESS_FROM_BYTES = 2 * 1024 * 1024;

export interface LoadOptions extends ParseOptions {
  /** Target column: its class balance is shown first in the preview. */
  target?: string;
  /** Show the preview (default true). */
  preview?: boolean;
  /** data.load: one file of the data set by name, e.g. the full file instead of a shipped sample. */
  file?: string;
}

export interface UploadOptions extends LoadOptions {
  accept?: string[];
  prompt?: string;
}

function requireTable(value: unknown, what: string): Table {
  if (!isTable(value))
    throw new UserFacingError(
      `${what} expects a table (from data.upload, data.load or data.file).`,
    );
  return value;
}

/** A file as the kernel may hold it: bytes, or a Blob (picked or stored) read in slices. */
type TableFile = { name: string; bytes: ArrayBuffer | Blob };

async function parseWithProgress(
  name: string,
  bytes: ArrayBuffer | Blob,
  options: ParseOptions,
): Promise<ParseResult> {
  const size = sizeOf(bytes);
  const bar =
    size >= PROGRESS_FROM_BYTES
      ? progress(size, { label: `Reading ${name}`, unit: 'bytes' })
      : null;
  try {
    const parsed = await D.parseFile(name, bytes, options, (p) => bar?.update(p.bytesProcessed));
    bar?.finish();
    return parsed;
  } catch (error) {
    bar?.stop();
    throw error;
  }
}

/** Files the user may still re-read from their preview; the last few only, some hold bytes. */
interface Rereadable {
  file: TableFile;
  options: ParseOptions;
  table: Table;
  source: string;
  target: string | undefined;
  run: RunContext;
}
const REREAD_KEEP = 4;
const rereadable = new Map<string, Rereadable>();
let nextPreview = 0;

function previewBundle(table: Table, source: string, parsed?: ParseResult, target?: string) {
  const view = previewOf(table, {
    source,
    ...(parsed ? { parsed } : {}),
    ...(target ? { target } : {}),
  });
  return { view, bundle: { [MIME.dataPreview]: view, 'text/plain': previewText(view) } };
}

function showPreview(table: Table, source: string, parsed?: ParseResult, target?: string): void {
  displayBundle(previewBundle(table, source, parsed, target).bundle);
}

function showRereadablePreview(
  file: TableFile,
  options: ParseOptions,
  parsed: ParseResult,
  source: string,
  target: string | undefined,
): void {
  const run = currentRun();
  if (!run) return;
  const previewId = `preview-${++nextPreview}`;
  rereadable.set(previewId, { file, options, table: parsed.table, source, target, run });
  for (const key of [...rereadable.keys()].slice(0, -REREAD_KEEP)) rereadable.delete(key);
  displayBundle(rereadBundle(previewId, options, parsed, source, target), previewId);
}

function rereadBundle(
  previewId: string,
  options: ParseOptions,
  parsed: ParseResult,
  source: string,
  target: string | undefined,
) {
  const { view, bundle } = previewBundle(parsed.table, source, parsed, target);
  const d = parsed.detected;
  const current: RereadOptions = { headerRows: d.headerRows };
  if (d.sheet) current.sheet = d.sheet;
  if (d.delimiter) current.delimiter = d.delimiter;
  if (d.encoding) current.encoding = d.encoding;
  const decimal = options.decimal ?? d.decimal;
  if (decimal) current.decimal = decimal;
  if (options.missing) current.missing = [...options.missing];
  const offer = parsed.readAsText.filter((t) => t.tokens);
  view.reread = {
    previewId,
    options: current,
    ...(d.sheets ? { sheets: d.sheets } : {}),
    ...(offer.length > 0
      ? {
          missingOffer: {
            columns: offer.map((t) => t.column),
            tokens: [...new Set(offer.flatMap((t) => t.tokens ?? []))],
          },
        }
      : {}),
  };
  return bundle;
}

/**
 * The page asks to read a previewed file again with corrected options (header rows, sheet…).
 * The cell's table object is updated in place, so the variable that holds it sees the new rows.
 */
export async function reread(previewId: string, changes: RereadOptions): Promise<void> {
  const entry = rereadable.get(previewId);
  if (!entry) return;
  const before = currentRun();
  setCurrentRun(entry.run);
  try {
    const options: ParseOptions = { ...entry.options, ...changes };
    if (changes.headerRows !== undefined) delete options.namesRow;
    const parsed = await D.parseFile(entry.file.name, entry.file.bytes, options);
    Object.assign(entry.table, parsed.table);
    entry.options = options;
    displayBundle(rereadBundle(previewId, options, parsed, entry.source, entry.target), previewId);
    const hint = Object.entries(changes)
      .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
      .join(', ');
    displayBundle(
      {
        'text/plain': `Re-read ${entry.file.name} with { ${hint} }: ${parsed.table.rowCount} rows × ${parsed.table.columns.length} columns. The variable now holds this table; add { ${hint} } to the cell's call to keep it when the cell runs again.`,
      },
      `${previewId}-note`,
    );
  } catch (error) {
    displayBundle(
      {
        'text/plain': `Could not re-read ${entry.file.name}: ${error instanceof Error ? error.message : String(error)}. The table is unchanged.`,
      },
      `${previewId}-note`,
    );
  } finally {
    if (before) setCurrentRun(before);
  }
}

async function keep(file: FileToStore): Promise<void> {
  try {
    await putFile(file);
  } catch (error) {
    // Not keeping a copy is no reason to fail the load: say so and go on.
    displayBundle({ 'text/plain': error instanceof Error ? error.message : String(error) });
  }
}

async function fromTableFile(
  file: TableFile,
  source: string,
  options: LoadOptions,
): Promise<Table> {
  const { target, preview, ...parseOptions } = options;
  const parsed = await parseWithProgress(file.name, file.bytes, parseOptions);
  if (preview !== false) showRereadablePreview(file, parseOptions, parsed, source, target);
  return parsed.table;
}

// ── Book data sets by id ──────────────────────────────────────────────────────────────────────

/** Keeps a data set file found outside the browser's cache in it, so the next load is local. */
async function keepFound(entry: D.DatasetEntry, found: FoundFile): Promise<void> {
  if (found.fromCache) return;
  await keep({
    name: cacheKey(entry, found.file),
    bytes: found.bytes,
    size: found.bytes.byteLength,
    source: 'cache',
    datasetId: entry.id,
    addedAt: Date.now(),
  });
}

async function loadDataset(id: string, options: LoadOptions = {}): Promise<Table> {
  const stored = await getArtifact(id).catch(() => undefined);
  const known = D.DATASETS.some((d) => d.id === id);
  if (stored && !known) {
    const table = requireTable(stored.table, 'data.load');
    if (options.preview !== false)
      showPreview(table, `saved table, ${new Date(stored.savedAt).toLocaleString()}`);
    return table;
  }
  if (!known) {
    const saved = (await listArtifacts().catch(() => [])).map((a) => a.name);
    throw new UserFacingError(
      `There is no data set or saved table called "${id}".`,
      `Data sets: ${D.DATASETS.map((d) => d.id).join(', ')}.${saved.length ? ` Saved tables: ${saved.join(', ')}.` : ''}`,
    );
  }
  const entry = D.dataset(id);
  if (entry.kind !== 'table') {
    throw new UserFacingError(
      `${entry.title} is not a table, so data.load cannot read it.`,
      `Get its files' bytes with data.bytes('${entry.id}', name): ${entry.files.map((f) => f.name).join(', ')}.`,
    );
  }
  const { target = entry.target, preview, file, ...rest } = options;
  const found = await findDatasetFile(entry, { accept: TABLE_FILES, ...(file ? { file } : {}) });
  const parseOptions = { ...entry.parse, ...rest };
  const parsed = await parseWithProgress(found.name, found.bytes, parseOptions);
  const check = D.assertDataset(entry, parsed.table, { headerRows: parsed.detected.headerRows });
  parsed.warnings.push(...check.notes.map((n) => `${found.name}: ${n}.`));
  await keepFound(entry, found);
  if (preview !== false) showRereadablePreview(found, parseOptions, parsed, found.source, target);
  return parsed.table;
}

/** "1.6 MB download" for a shipped data set, "a sample (0.4 MB)" when only a sample ships. */
function shippedSummary(entry: D.DatasetEntry): string {
  const shipped = entry.files.filter((f) => f.shipped);
  if (shipped.length === 0) return 'no: upload it';
  const mb = shipped.reduce((n, f) => n + (f.shipped?.bytes ?? 0), 0) / 1024 / 1024;
  return entry.files[0]?.shipped ? `${mb.toFixed(1)} MB` : `a sample (${mb.toFixed(1)} MB)`;
}

async function datasetBytes(id: string, name?: string): Promise<Uint8Array> {
  const entry = D.dataset(id);
  const only = entry.files.length === 1 ? entry.files[0]?.name : undefined;
  const fileName = name ?? only;
  if (!fileName) {
    throw new UserFacingError(
      `${entry.title} has ${entry.files.length} files: say which one.`,
      `data.bytes('${id}', name) with name one of ${entry.files.map((f) => f.name).join(', ')}.`,
    );
  }
  const found = await findDatasetFile(entry, { file: fileName, accept: [extension(fileName)] });
  await keepFound(entry, found);
  displayBundle({
    'text/plain': `${found.name}: ${found.bytes.byteLength.toLocaleString('en-US')} bytes, from ${found.source}.`,
  });
  return new Uint8Array(found.bytes);
}

/** `data.load`: CIFAR-10 and MNIST are images, not tables, so each has its own reader. */
function load(id: 'cifar-10', options?: Cifar10LoadOptions): Promise<Cifar10Dataset>;
function load(id: 'mnist', options?: MnistLoadOptions): Promise<MnistDataset>;
function load(id: '20-newsgroups', options?: NewsgroupsLoadOptions): Promise<NewsgroupsDataset>;
function load(id: string, options?: LoadOptions): Promise<Table>;
function load(
  id: string,
  options: LoadOptions & Cifar10LoadOptions & MnistLoadOptions & NewsgroupsLoadOptions = {},
): Promise<Table | Cifar10Dataset | MnistDataset | NewsgroupsDataset> {
  const entry = D.DATASETS.find((d) => d.id === id);
  if (entry?.kind === 'cifar10') return loadCifar10(entry, options);
  if (entry?.kind === 'idx') return loadMnist(entry, (found) => keepFound(entry, found), options);
  if (entry?.id === '20-newsgroups')
    return loadNewsgroups(entry, (found) => keepFound(entry, found), options);
  return loadDataset(id, options);
}

// ── Saving and downloading ────────────────────────────────────────────────────────────────────

function tableBytes(table: Table): number {
  return table.columns.reduce(
    (n, c) => n + (c.kind === 'number' ? c.values.byteLength : c.values.length * 16),
    0,
  );
}

function download(fileName: string, text: string, mime: string): void {
  const bytes = new TextEncoder().encode(text).buffer as ArrayBuffer;
  post({ type: 'download', fileName, mime, bytes }, [bytes]);
}

// ── The `data` global ─────────────────────────────────────────────────────────────────────────

/** Everything cells do with data: read files, look, prepare, save, and make tensors. */
export const data = {
  /** Shows an upload prompt in the cell and reads the chosen CSV/TSV/XLS/XLSX (or .gz) file. */
  async upload(options: UploadOptions = {}): Promise<Table> {
    const {
      accept = TABLE_FILES,
      prompt = 'Choose a data file (CSV, TSV, XLS, XLSX)',
      ...rest
    } = options;
    const file = await requestPicked({ accept, prompt });
    const table = await fromTableFile(file, 'uploaded', rest);
    // A Blob is copied into the database by the browser, off this thread and out of its memory.
    await keep({ ...file, size: sizeOf(file.bytes), source: 'upload', addedAt: Date.now() });
    return table;
  },

  /** A file uploaded or dropped on the page before (kept in this browser), by its name. */
  async file(name: string, options: LoadOptions = {}): Promise<Table> {
    const stored = await getStoredFile(name);
    if (!stored) {
      throw new UserFacingError(
        `No file called "${name}" is stored in this browser.`,
        'Drop the file on the page again, or use data.upload() to pick it.',
      );
    }
    return fromTableFile(
      stored,
      stored.source === 'drop' ? 'dropped on the page' : 'uploaded',
      options,
    );
  },

  /** A book data set by id (see data.datasets()), or a table saved with data.save(). */
  load,

  /**
   * The bytes of one file of a book data set (MNIST's IDX .gz, the CIFAR-10 or 20 Newsgroups
   * tarball), found as data.load finds a table: cache, data/, the shipped copy, upload.
   */
  bytes: datasetBytes,

  /** Reads text or bytes already in the kernel, e.g. a CSV string, as a table. */
  async parse(
    name: string,
    content: string | ArrayBuffer | Uint8Array,
    options: LoadOptions = {},
  ): Promise<Table> {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const buffer = bytes instanceof Uint8Array ? bytes.slice().buffer : bytes;
    return fromTableFile({ name, bytes: buffer }, 'parsed in the kernel', {
      preview: false,
      ...options,
    });
  },

  /** The registry of the books' data sets: id, title, rows, licence. */
  datasets(): Rich {
    return new Rich(
      tableBundle({
        columns: ['id', 'title', 'rows', 'columns', 'shipped', 'licence', 'source'],
        rows: D.DATASETS.map((d) => [
          d.id,
          d.title,
          d.expected?.rows ?? null,
          d.expected?.columns?.length ?? d.expected?.columnCount ?? null,
          shippedSummary(d),
          d.licence,
          d.url,
        ]),
        totalRows: D.DATASETS.length,
      }),
    );
  },

  preview(table: Table, options: { target?: string } = {}): void {
    showPreview(requireTable(table, 'data.preview'), 'in the kernel', undefined, options.target);
  },

  describe(table: Table): Rich {
    return new Rich(tableBundle(D.describeView(D.describe(requireTable(table, 'data.describe')))));
  },

  /** The first rows as a table output. */
  head(table: Table, n = 5): Rich {
    return new Rich(tableBundle(D.head(requireTable(table, 'data.head'), n)));
  },

  columns: (table: Table) => D.columnNames(requireTable(table, 'data.columns')),
  column: (table: Table, name: string) => D.column(table, name).values,
  select: D.select,
  drop: D.drop,
  filter: D.filter,
  slice: D.slice,
  take: D.take,
  concat: D.concatRows,
  withColumn: D.withColumn,
  numberColumn: D.numberColumn,
  dropMissing: D.dropMissing,
  stats: D.describe,
  classBalance: D.classBalance,
  outlierShares: D.outlierShares,
  shuffle: D.shuffle,
  split: D.splitByFractions,
  splitSizes: D.splitSizes,
  oversample: D.oversample,
  undersample: D.undersample,
  minMaxScale: D.minMaxScale,
  standardScale: D.standardScale,
  fitMinMax: D.fitMinMax,
  fitStandard: D.fitStandard,
  applyScaler: D.applyScaler,
  oneHot: D.oneHot,
  rows: (table: Table) => Array.from({ length: table.rowCount }, (_, i) => D.rowAt(table, i)),
  /**
   * The table in date order, oldest first, its date column rewritten as ISO YYYY-MM-DD (ISO,
   * day-first, month-first and named-month dates are detected), with how the dates were read.
   */
  sortByDate: (table: Table, column = 'date', options: { order?: D.DateOrder } = {}) =>
    D.sortByDate(requireTable(table, 'data.sortByDate'), column, options),
  readDates: D.readDates,

  /** Numeric columns → a float32 [rows, columns] tensor (missing cells are refused). */
  toTensor(table: Table, columns?: readonly string[]): tf.Tensor2D {
    const m = D.toMatrix(requireTable(table, 'data.toTensor'), columns);
    return mutateLoaded(tf.tensor2d(m.values, [m.rows, m.cols]), roleOfColumns(m.cols));
  },

  /** Features and target as tensors: x [rows, features], y [rows, 1]. */
  toTensors(table: Table, target: string): { x: tf.Tensor2D; y: tf.Tensor2D } {
    const t = requireTable(table, 'data.toTensors');
    const features = D.columnNames(t).filter((c) => c !== target);
    const y = D.toVector(t, target);
    const m = D.toMatrix(t, features);
    return {
      x: mutateLoaded(tf.tensor2d(m.values, [m.rows, m.cols]), 'features'),
      y: mutateLoaded(tf.tensor2d(y, [y.length, 1]), 'target'),
    };
  },

  /** Keeps a prepared table in this browser under a name; data.load(name) reads it back. */
  async save(name: string, table: Table): Promise<void> {
    const t = requireTable(table, 'data.save');
    if (D.DATASETS.some((d) => d.id === name))
      throw new UserFacingError(`"${name}" is a book data set's id; save under another name.`);
    await putArtifact({
      name,
      table: t,
      rows: t.rowCount,
      columns: t.columns.length,
      size: tableBytes(t),
      savedAt: Date.now(),
    });
    displayBundle({
      'text/plain': `Saved "${name}" (${t.rowCount} rows × ${t.columns.length} columns) in this browser. Load it in any notebook with data.load('${name}').`,
    });
  },

  /** Downloads a table as CSV (the books' `to_csv`). */
  download(table: Table, fileName = `${requireTable(table, 'data.download').name}.csv`): void {
    download(fileName.endsWith('.csv') ? fileName : `${fileName}.csv`, toCsv(table), 'text/csv');
  },
};
