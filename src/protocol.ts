/**
 * The one message protocol between the page (UI) and the kernel Web Worker.
 *
 * Both sides import this file and nothing else from each other. Only plain, structured-clonable
 * data crosses: no classes, no functions, no tensors. Large buffers travel in the transfer list.
 */

export const PROTOCOL_VERSION = 1 as const;

export type CellId = string & { readonly __brand: 'CellId' };
export type RunId = string & { readonly __brand: 'RunId' };

export const BACKENDS = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | 'auto';

export type KernelStatus = 'starting' | 'idle' | 'busy' | 'dead';

/**
 * The training schedule cells read as the global `preset`: 'book' is the book's full settings,
 * 'quick' a short run of the same code (for a first look, and for CI).
 */
export const PRESETS = ['book', 'quick'] as const;
export type Preset = (typeof PRESETS)[number];

/**
 * Deliberate breakages the headless runner injects into the kernel (`--mutate`, `?mutate=` in
 * the URL) to prove that a notebook's bands catch a broken model: `zero-features` replaces the
 * loaded inputs by zeros, `shuffle-labels` permutes the loaded targets, `no-training` makes
 * every optimizer step a no-op, `lr/20` divides every optimizer's learning rate by 20.
 */
export const MUTATIONS = ['zero-features', 'shuffle-labels', 'no-training', 'lr/20'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Rich-output MIME types the notebook renders. Standard ones where Jupyter has them. */
export const MIME = {
  text: 'text/plain',
  markdown: 'text/markdown',
  png: 'image/png',
  plotly: 'application/vnd.plotly.v1+json',
  tensor: 'application/vnd.tfnb.tensor+json',
  table: 'application/vnd.tfnb.table+json',
  modelSummary: 'application/vnd.tfnb.model-summary+json',
  progress: 'application/vnd.tfnb.progress+json',
  training: 'application/vnd.tfnb.training+json',
  upload: 'application/vnd.tfnb.upload-request+json',
  dataPreview: 'application/vnd.tfnb.data-preview+json',
  metric: 'application/vnd.tfnb.metric+json',
  http: 'application/vnd.tfnb.http-exchange+json',
  predictPanel: 'application/vnd.tfnb.predict-panel+json',
  runs: 'application/vnd.tfnb.runs+json',
  drawingPad: 'application/vnd.tfnb.drawing-pad+json',
  histograms: 'application/vnd.tfnb.histograms+json',
  stepDebugger: 'application/vnd.tfnb.step-debugger+json',
  controls: 'application/vnd.tfnb.controls+json',
} as const;

export interface TensorView {
  shape: number[];
  dtype: string;
  /** Values formatted as `tensor.print()` does, elided for large tensors. */
  text: string;
  size: number;
}

export type TableCell = string | number | boolean | null;
export interface TableView {
  columns: string[];
  rows: TableCell[][];
  /** Rows in the source table; more than `rows.length` when only the head is shown. */
  totalRows: number;
  caption?: string;
}

export interface ModelSummaryView {
  name: string;
  layers: { name: string; type: string; outputShape: string; params: number }[];
  totalParams: number;
  trainableParams: number;
}

export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout?: Record<string, unknown>;
}

export interface ProgressView {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  /** What one unit of `done` counts, e.g. 'samples', 'steps', 'epochs'. */
  unit: string;
  /** Samples processed per second, when the loop knows its batch size. */
  samplesPerSecond?: number;
  state: 'running' | 'done' | 'stopped';
}

/** One point of a training curve. `step` is the x value: a global batch or iteration index. */
export interface MetricPoint {
  step: number;
  epoch: number;
  /** 'batch' points are noisy per-step values; 'epoch' points are end-of-epoch summaries. */
  kind: 'batch' | 'epoch';
  logs: Record<string, number>;
}

/** How a long run's per-batch points are thinned (see utils/metric-thinning.ts). */
export interface BatchThinning {
  /** Every `stride`-th batch point of the run is kept; a power of two. */
  stride: number;
  /** Batch points the run has produced, kept or not. */
  seen: number;
}

export interface TrainingView {
  chartId: string;
  title: string;
  /** x-axis label: 'iteration' for custom loops, 'epoch' for model.fit. */
  xLabel: string;
  /** Every epoch point; batch points evenly thinned to a few thousand (`batchThinning`). */
  points: MetricPoint[];
  /** Absent until the run has points; the stride changes only when old points were dropped. */
  batchThinning?: BatchThinning;
  state: 'running' | 'done' | 'stopped' | 'failed';
  /** Why training stopped early, in words for the user (NaN loss, interrupt). */
  message?: string;
  /** The run saves a checkpoint when asked ('save-run'): the chart shows a Save button. */
  saveable?: boolean;
}

/** A cell waits for the user to pick a file (`await data.upload()`); answered by a 'file' message. */
export interface UploadRequestView {
  requestId: string;
  prompt: string;
  /** File extensions the picker offers, e.g. ['.csv', '.xlsx']. */
  accept: string[];
  state: 'waiting' | 'received' | 'cancelled';
  fileName?: string;
  /** The picker takes several files at once (a model.json with its weight files). */
  multiple?: boolean;
}

export interface PreviewColumn {
  name: string;
  kind: 'int' | 'float' | 'text';
  missing: number;
  unique: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (ddof = 1), as pandas. */
  std: number | null;
  /** Why a statistic is empty or leaves cells out (infinities, one value, all missing). */
  note?: string;
}

/** A loaded table before it is used: its shape, column types and stats, and its first rows. */
export interface DataPreviewView {
  name: string;
  /** Where it came from, in words: "uploaded", "local data/ folder", "browser cache", … */
  source: string;
  rowCount: number;
  columns: PreviewColumn[];
  /** The first rows (up to a few thousand), for a scrolling grid. */
  head: TableCell[][];
  /** What the parser decided, in words, each with the option that changes it. */
  detected: { label: string; value: string; option?: string }[];
  warnings: string[];
  /** Class counts of the low-cardinality columns, for the balance chart; the target first. */
  balances: { column: string; classes: { value: string; count: number }[] }[];
  target?: string;
  /** Present while the kernel still holds the file: the page may ask to read it again. */
  reread?: {
    previewId: string;
    options: RereadOptions;
    sheets?: string[];
    /** Non-numbers that turned number columns to text: the preview offers them as missing. */
    missingOffer?: { columns: string[]; tokens: string[] };
  };
}

/** What the user can correct in a preview when the parser guessed wrong. */
export interface RereadOptions {
  headerRows?: number;
  sheet?: string;
  delimiter?: string;
  decimal?: '.' | ',';
  encoding?: string;
  /** Extra cell texts to read as missing (offered for mostly-number columns read as text). */
  missing?: string[];
}

/** One number a notebook reports with `report()`: ours beside the book's, and its band. */
export interface MetricReport {
  name: string;
  value: number;
  /** What the book reports; a string for values like "about 0.80" or "≈ 91". */
  book?: number | string;
  /** The accepted band for the preset the cell ran under; either end may be open. */
  min?: number;
  max?: number;
  note?: string;
  /** Inside the band; absent when the report gives no band. */
  pass?: boolean;
  preset: Preset;
  /** The trivial baseline of the task on the same split (training mean, majority class, …). */
  baseline?: number;
  /**
   * What the band checks: 'book' that ours is comparable with the book's number (a
   * reproduction), 'learns' only that the model learns (beats the baseline), as a short run
   * whose number cannot be the book's does.
   */
  checks?: 'book' | 'learns';
  /** The mutations under which this band must miss (see MUTATIONS). */
  catches?: Mutation[];
  /** The mutations this band cannot catch, each with the reason. */
  uncaught?: Partial<Record<Mutation, string>>;
  /** The mutation the kernel ran under when it reported this; absent in a normal run. */
  mutation?: Mutation;
}

/** A request to the notebook's in-browser web API (`/api/...`), as the service worker saw it. */
export interface ApiRequest {
  method: string;
  /** The path after `/api`, e.g. '/prediction'. */
  path: string;
  /** The query string with its '?', or ''. */
  search: string;
  headers: [string, string][];
  body: ArrayBuffer | null;
}

export interface ApiResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: ArrayBuffer;
}

/** One route a notebook serves, as `api.route()` declared it. */
export interface ApiRoute {
  methods: string[];
  /** Flask-style pattern under `/api`, e.g. '/<name>'. */
  pattern: string;
}

/** One HTTP request and its response, as a cell's `api.fetch()` shows them. */
export interface HttpExchangeView {
  request: { method: string; url: string; headers: [string, string][]; body: string };
  response?: {
    status: number;
    statusText: string;
    headers: [string, string][];
    body: string;
    contentType: string;
  };
  /** Why no response came (network error, service worker missing). */
  error?: string;
  durationMs: number;
}

/** An interactive form that feeds typed, pasted or uploaded rows to a model in the kernel. */
export interface PredictPanelView {
  panelId: string;
  title: string;
  modelName: string;
  /** Values each row must have. */
  inputWidth: number;
  /** Input column names, when known: a CSV with a header is matched to them by name. */
  columns?: string[];
  /** Names of the output classes; absent for regression outputs. */
  classes?: string[];
  /** Rows the text box starts with, as text. */
  example?: string;
}

/** What the kernel answers to one Predict press. */
export type PredictOutcome =
  | {
      ok: true;
      columns: string[];
      rows: TableCell[][];
      /** What the parser did, in words: header found, columns reordered, values dropped. */
      notes: string[];
      durationMs: number;
    }
  | { ok: false; message: string; hint?: string };

/** A canvas in the cell to draw a digit on, classified by an image model the kernel holds. */
export interface DrawingPadView {
  padId: string;
  title: string;
  modelName: string;
  /** Names of the model's output classes, one bar each. */
  classes: string[];
  /** Whether the pad starts with MNIST-style centring on (the user can switch it). */
  centre: boolean;
  /** Side of the model's square input (28 for MNIST). */
  inputSize: number;
}

/** What the kernel answers to one drawing: the class probabilities, or why it could not. */
export type DrawingOutcome =
  | { ok: true; probabilities: number[]; durationMs: number }
  | { ok: false; message: string; hint?: string };
/** One histogram: `counts.length` equal bins from `lo` to `hi` (every value falls in one). */
export interface HistogramBins {
  lo: number;
  hi: number;
  counts: number[];
}

/** One weight variable's values, or its gradients, binned after each recorded epoch. */
export interface HistogramTrack {
  /** `layer/variable`, e.g. 'dense_1/kernel'. */
  name: string;
  layer: string;
  kind: 'weights' | 'gradients';
  shape: number[];
  /** `bins[i]` is binned after epoch `HistogramsView.epochs[i]`. */
  bins: HistogramBins[];
}

/** Per layer, per recorded epoch: ‖∇‖ on the histogram batch and ‖W_e − W_prev‖. */
export interface LayerNorms {
  layer: string;
  gradientNorm: number[];
  weightChange: number[];
}

/** A layer's kernel after the latest recorded epoch, block-averaged down to at most 64 × 64. */
export interface KernelMap {
  layer: string;
  /** The kernel's own shape; conv kernels are shown as (all but the last axis) × the last axis. */
  shape: number[];
  rows: number;
  cols: number;
  /** Row-major, rows × cols. */
  values: number[];
  /** Each shown cell averages a block of the kernel (it was larger than 64 × 64). */
  pooled: boolean;
}

/** What `fit(…, { histograms })` streams: TensorBoard's histograms, norms and kernel maps. */
export interface HistogramsView {
  histId: string;
  title: string;
  /** 1-based epochs recorded so far. */
  epochs: number[];
  /** Where the gradients came from, in words ('the first validation batch of 128'). */
  gradientBatch: string;
  tracks: HistogramTrack[];
  norms: LayerNorms[];
  kernels: KernelMap[];
  /**
   * Per recorded epoch, the milliseconds the worker spent recording it (reading the weights, the
   * probe batch's gradients, binning): what the histograms add to training.
   */
  recordMs: number[];
  state: 'running' | 'done' | 'stopped' | 'failed';
}

/** Shape and summary statistics of one tensor, as the step debugger's table shows them. */
export interface TensorStats {
  name: string;
  shape: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  /** The first few values. */
  sample: number[];
  histogram: HistogramBins;
}

/** A step debugger (`debug.stepper(...)`): train a batch at a time, look inside a layer. */
export interface StepDebuggerView {
  debuggerId: string;
  title: string;
  /** Batches trained so far. */
  step: number;
  /** Whole passes over x completed. */
  epoch: number;
  batchesPerEpoch: number;
  batchSize: number;
  /** The loss of each batch stepped, in order (step 1 first). */
  losses: number[];
  layers: string[];
  /** The picked layer: its output on the last batch stepped, and its weights now. */
  inspected?: { layer: string; tensors: TensorStats[] };
  /** True while the kernel is stepping: the buttons wait. */
  busy: boolean;
  /** Why the last action failed, in words. */
  problem?: string;
}

/** What a step debugger's buttons ask of the kernel. */
export type DebuggerAction = { kind: 'step'; batches: number } | { kind: 'inspect'; layer: string };

/** One field of a control panel's form, e.g. one of the book's environment variables. */
export interface ControlField {
  name: string;
  label: string;
  kind: 'text' | 'number' | 'date' | 'select';
  value: string;
  /** The choices of a 'select'. */
  options?: { value: string; label: string }[];
  help?: string;
}

/**
 * A panel of controls in a cell (`controls.panel()`): a form, buttons and a file chooser whose
 * presses run the cell's own handlers in the kernel, which redraws the panel in place.
 */
export interface ControlPanelView {
  panelId: string;
  title: string;
  /** What the panel holds now, in words; the handlers set it. */
  status?: string;
  fields: ControlField[];
  buttons: { label: string; disabled?: boolean }[];
  /** A file chooser; the file is read by the kernel, never by the page. */
  file?: { label: string; accept: string[] };
  /** True while a handler runs: the controls wait. */
  busy: boolean;
  /** What the running handler is doing, while busy. */
  activity?: string;
  /** Why the last action failed, in words. */
  problem?: string;
}

/**
 * A press on a control panel, with the form's values as the page shows them. A chosen file
 * travels as the File itself (a Blob), which the kernel reads, as uploads do.
 */
export type ControlAction =
  | { kind: 'button'; label: string; values: Record<string, string> }
  | { kind: 'file'; name: string; bytes: ArrayBuffer | Blob; values: Record<string, string> };

export interface MimeBundle {
  'text/plain'?: string;
  'text/markdown'?: string;
  /** base64 PNG, as nbformat stores it */
  'image/png'?: string;
  'application/vnd.plotly.v1+json'?: PlotlyFigure;
  'application/vnd.tfnb.tensor+json'?: TensorView;
  'application/vnd.tfnb.table+json'?: TableView;
  'application/vnd.tfnb.model-summary+json'?: ModelSummaryView;
  'application/vnd.tfnb.progress+json'?: ProgressView;
  'application/vnd.tfnb.training+json'?: TrainingView;
  'application/vnd.tfnb.upload-request+json'?: UploadRequestView;
  'application/vnd.tfnb.data-preview+json'?: DataPreviewView;
  'application/vnd.tfnb.metric+json'?: MetricReport;
  'application/vnd.tfnb.http-exchange+json'?: HttpExchangeView;
  'application/vnd.tfnb.predict-panel+json'?: PredictPanelView;
  'application/vnd.tfnb.runs+json'?: RunsView;
  'application/vnd.tfnb.drawing-pad+json'?: DrawingPadView;
  'application/vnd.tfnb.histograms+json'?: HistogramsView;
  'application/vnd.tfnb.step-debugger+json'?: StepDebuggerView;
  'application/vnd.tfnb.controls+json'?: ControlPanelView;
}

export interface SerializedError {
  name: string;
  message: string;
  /** 1-based line in the cell's own source, when the error points into it. */
  line?: number;
  column?: number;
  /** What the user can do about it, when we know. */
  hint?: string;
  stack?: string;
}

export interface BackendReport {
  active: BackendName;
  /** Why the kernel is not on the user's preferred backend, or what the backend lacks. */
  notes: string[];
  crossOriginIsolated: boolean;
  wasmThreads?: number;
}

/**
 * Checkpoints live in their own IndexedDB database so its versions never clash with the
 * notebooks'. The kernel writes them; the page lists and deletes them. `meta` holds one small
 * `CheckpointSummary` per name (cheap to list); `data` holds the weights under the same name.
 */
export const CHECKPOINT_DB = {
  name: 'tfjs-book-checkpoints',
  version: 1,
  meta: 'meta',
  data: 'data',
} as const;

/**
 * What a checkpoint download gives: one .zip (model, optimizer, history), tfjs's own
 * model.json + weights.bin, or a PyTorch state dict (.pth) with the nn.Module that loads it.
 */
export type CheckpointDownloadFormat = 'zip' | 'tfjs' | 'pytorch';

export interface CheckpointSummary {
  name: string;
  /** Path of the notebook whose cell saved it ('' when saved from an upload). */
  notebook: string;
  cellId: string;
  /** Epochs completed when it was saved. */
  epoch: number;
  /** Epochs the run aimed for, when saved by `fit`; with `finished` false the run was cut off. */
  targetEpochs?: number;
  finished: boolean;
  /** The best validation metric seen so far (the lowest val_loss, else the highest val accuracy). */
  best?: { metric: string; value: number };
  sizeBytes: number;
  savedAt: number;
  modelName: string;
}

/**
 * Training runs (every `fit` / `trainLoop`) live in their own IndexedDB database: the kernel
 * writes them while it trains, the page lists, charts and deletes them. `meta` holds one small
 * `RunSummary` per run (cheap to list); `points` holds its scalars under the same id. Writers
 * announce a change on the BroadcastChannel `channel`, so an open Runs view follows a live run.
 */
export const RUNS_DB = {
  name: 'tfjs-book-runs',
  version: 1,
  meta: 'meta',
  points: 'points',
  channel: 'tfnb-runs',
} as const;

export type RunHparam = string | number | boolean | null;

export interface RunSummary {
  /** Unique; the name need not be (a re-run cell keeps its run's name). */
  id: string;
  name: string;
  /** Path of the notebook whose cell trained it. */
  notebook: string;
  cellId: string;
  /** 'fit' or 'trainLoop'. */
  source: 'fit' | 'trainLoop';
  /** Optimizer, learning rate, batch size, epochs… what was known, plus the user's own. */
  hparams: Record<string, RunHparam>;
  /** Every scalar it logged, in order of appearance. */
  metrics: string[];
  /** Wall-clock start (ms since 1970) and the time trained so far. */
  startedAt: number;
  durationMs: number;
  state: 'running' | 'done' | 'stopped' | 'failed';
  /** The last value of each metric (epoch values over batch ones). */
  last: Record<string, number>;
  pointCount: number;
  /** Stored size of its points and summary, as JSON. */
  sizeBytes: number;
}

/** One logged set of scalars of a run, with the three x axes the Runs view offers. */
export interface RunPoint {
  kind: 'batch' | 'epoch';
  /** Global step (batches or iterations since the run began, 1-based). */
  step: number;
  /** Fractional epoch: 2.5 is halfway through the third epoch; an epoch point is its end. */
  epoch: number;
  /** Milliseconds since the run began. */
  wallMs: number;
  logs: Record<string, number>;
}

export interface RunRecord {
  id: string;
  points: RunPoint[];
}

/** A Runs view in a cell (`runs.show()`): which runs and metrics, and how they start out. */
export interface RunsView {
  /** Run names or ids; absent: every run of the notebook. */
  runs?: string[];
  /** Metric keys such as 'loss', 'val_loss'; absent: loss and val_loss, else the first. */
  metrics?: string[];
  /** EMA weight, 0 (none) to 0.999. */
  smoothing?: number;
  x?: 'step' | 'epoch' | 'wall';
  logY?: boolean;
  /** Per-batch points (validation still per epoch) or only epoch ends. */
  points?: 'batch' | 'epoch';
  /** The notebook that showed it: "every run of the notebook" means this one. */
  notebook?: string;
}

/** Page → kernel. */
export type ToKernel =
  | {
      type: 'init';
      protocol: typeof PROTOCOL_VERSION;
      backend: BackendChoice;
      /** Absent means 'book'. */
      preset?: Preset;
      /** Int32Array(1) view target; 1 means "interrupt requested". Absent when not isolated. */
      interruptBuffer?: SharedArrayBuffer;
      /** WASM threads: 1 = the single-threaded SIMD binary; absent = tfjs's default. */
      wasmThreads?: number;
      /** The open notebook's path, recorded in the checkpoints its cells save. */
      notebook?: string;
      /** Hosts the notebook may reach (its kernel's CSP allows them); absent means none. */
      networkHosts?: string[];
      /** A deliberate breakage for the runner's mutation check; absent in normal use. */
      mutate?: Mutation;
    }
  | { type: 'execute'; runId: RunId; cellId: CellId; code: string; executionCount: number }
  /** Cooperative stop for kernels without a SharedArrayBuffer: takes effect when a loop yields. */
  | { type: 'interrupt' }
  | { type: 'set-backend'; backend: BackendChoice }
  /** Changes the `preset` global for the cells run from now on. */
  | { type: 'set-preset'; preset: Preset }
  /** The file a cell asked for with an upload prompt; `bytes` is transferred, not copied. */
  /** `bytes` is the picked File itself (a Blob) since issue #15: the kernel reads it, not the page. */
  | { type: 'file'; requestId: string; name: string; bytes: ArrayBuffer | Blob }
  | { type: 'file-cancelled'; requestId: string }
  /** Read a previewed file again with corrected options; the cell's table is updated in place. */
  | { type: 'reread'; previewId: string; options: RereadOptions }
  /** Several files for one prompt (`multiple`); every `bytes` is transferred. */
  | { type: 'files'; requestId: string; files: { name: string; bytes: ArrayBuffer }[] }
  /** The next `fit` that saves checkpoints under this name continues from the stored one. */
  | { type: 'resume'; checkpoint: string }
  /** Answered by 'download' messages, or 'checkpoint-failed' when it cannot be read. */
  | { type: 'download-checkpoint'; name: string; format: CheckpointDownloadFormat }
  /**
   * A request to `/api/...` that the service worker relayed; the kernel answers on `port` with
   * an `ApiReply`. Handled at once, not queued: the cell that sent it is usually awaiting it.
   */
  | { type: 'api-request'; request: ApiRequest; port: MessagePort }
  /** The Predict button of a predict panel; answered by 'predict-result'. */
  | { type: 'predict'; panelId: string; text: string }
  /** Save the model of the training run now (the run's Save button); at the next batch end. */
  | { type: 'save-run'; chartId: string }
  /** A drawing of a drawing pad, as inputSize² values in [0, 1]; answered by 'drawing-result'. */
  | { type: 'classify-drawing'; padId: string; pixels: number[] }
  /** A step debugger's Step / Continue / layer picker; the kernel redraws it in place. Queued. */
  | { type: 'debugger'; debuggerId: string; action: DebuggerAction }
  /** A control panel's button or chosen file; the cell's handler runs. Queued. */
  | { type: 'control'; panelId: string; action: ControlAction };

/** Kernel → page. */
export type FromKernel =
  | { type: 'ready'; protocol: number; backend: BackendReport }
  | { type: 'backend'; backend: BackendReport }
  | { type: 'status'; status: KernelStatus }
  | { type: 'stream'; runId: RunId; cellId: CellId; name: 'stdout' | 'stderr'; text: string }
  /** A rich output. With `displayId`, a later message with the same id replaces it in place. */
  | { type: 'display'; runId: RunId; cellId: CellId; data: MimeBundle; displayId?: string }
  /** The value of the cell's last expression. */
  | { type: 'result'; runId: RunId; cellId: CellId; data: MimeBundle; executionCount: number }
  /** New points for the live training chart `chartId`, batched (~10 per second at most). */
  | { type: 'metrics'; runId: RunId; cellId: CellId; chartId: string; points: MetricPoint[] }
  | {
      type: 'training-state';
      runId: RunId;
      cellId: CellId;
      chartId: string;
      state: TrainingView['state'];
      message?: string;
    }
  | { type: 'done'; runId: RunId; cellId: CellId; durationMs: number }
  | { type: 'error'; runId: RunId; cellId: CellId; error: SerializedError; durationMs: number }
  /** A file a cell made (a CSV, a checkpoint) for the page to save; `bytes` is transferred. */
  | { type: 'download'; fileName: string; mime: string; bytes: ArrayBuffer }
  /** The kernel cannot go on (out of memory, a broken backend): the page must restart it. */
  | { type: 'fatal'; error: SerializedError }
  | { type: 'checkpoint-saved'; summary: CheckpointSummary }
  /** A checkpoint request from the page (not from a cell) failed. */
  | { type: 'checkpoint-failed'; name: string; error: SerializedError }
  /** The routes the notebook serves now ([] when it stopped); the page tells its service worker. */
  | { type: 'api-routes'; routes: ApiRoute[] }
  | { type: 'predict-result'; panelId: string; outcome: PredictOutcome }
  | { type: 'drawing-result'; padId: string; outcome: DrawingOutcome }
  /**
   * A request to `host` was refused for want of the user's permission (by the kernel's check,
   * or by the browser's CSP); the page asks the user. `purpose` names what wanted it, if known.
   */
  | { type: 'network-blocked'; host: string; purpose?: string; cellId?: CellId };

/** What the kernel posts on an api-request's port. */
export type ApiReply =
  | { type: 'response'; response: ApiResponse }
  /** This kernel serves no route for the request: the service worker asks another tab. */
  | { type: 'not-serving' };

/**
 * Service worker → page: a request for the page's kernel, with a port for the `ApiReply`
 * (the page passes the port on to the kernel, which answers on it directly).
 */
export type FromServiceWorker = { type: 'api-request'; request: ApiRequest };

/**
 * Page → service worker: the hosts the next kernel may reach, under a one-time token that the
 * kernel's script URL carries (`?tfnb-policy=<token>`). Sent with a port for the reply.
 */
export type ToServiceWorker = { type: 'kernel-policy'; token: string; hosts: string[] };

export type KernelPolicyReply =
  | { type: 'kernel-policy-registered'; token: string }
  | { type: 'kernel-policy-refused'; reason: string };

export function isToServiceWorker(value: unknown): value is ToServiceWorker {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { type?: unknown; token?: unknown; hosts?: unknown };
  return (
    v.type === 'kernel-policy' &&
    typeof v.token === 'string' &&
    Array.isArray(v.hosts) &&
    v.hosts.every((h) => typeof h === 'string')
  );
}

/** The service worker answers this path itself, so a kernel can check that it is controlled. */
export const API_PING_PATH = '/api/__ping';

export type ToKernelOf<T extends ToKernel['type']> = Extract<ToKernel, { type: T }>;
export type FromKernelOf<T extends FromKernel['type']> = Extract<FromKernel, { type: T }>;

const FROM_KERNEL_TYPES: ReadonlySet<string> = new Set<FromKernel['type']>([
  'ready',
  'backend',
  'status',
  'stream',
  'display',
  'result',
  'metrics',
  'training-state',
  'done',
  'error',
  'download',
  'fatal',
  'checkpoint-saved',
  'checkpoint-failed',
  'api-routes',
  'predict-result',
  'network-blocked',
  'drawing-result',
]);

/** Guards the page against stray messages (e.g. from tfjs's own helper workers). */
export function isFromKernel(value: unknown): value is FromKernel {
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    typeof value.type === 'string' &&
    FROM_KERNEL_TYPES.has(value.type)
  );
}
