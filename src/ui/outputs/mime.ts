import {
  type ControlPanelView,
  type DataPreviewView,
  type DrawingPadView,
  type HistogramsView,
  type HttpExchangeView,
  type MetricReport,
  MIME,
  type MimeBundle,
  type ModelSummaryView,
  type PlotlyFigure,
  type PredictPanelView,
  type ProgressView,
  type RunsView,
  type StepDebuggerView,
  type TableView,
  type TensorView,
  type TrainingView,
  type UploadRequestView,
} from '@/protocol';

/** The one representation of a bundle that gets rendered, tagged by what it is. */
export type RichOutput =
  | { kind: 'training'; value: TrainingView }
  | { kind: 'progress'; value: ProgressView }
  | { kind: 'upload'; value: UploadRequestView }
  | { kind: 'predictPanel'; value: PredictPanelView }
  | { kind: 'runs'; value: RunsView }
  | { kind: 'drawingPad'; value: DrawingPadView }
  | { kind: 'histograms'; value: HistogramsView }
  | { kind: 'stepDebugger'; value: StepDebuggerView }
  | { kind: 'controls'; value: ControlPanelView }
  | { kind: 'http'; value: HttpExchangeView }
  | { kind: 'dataPreview'; value: DataPreviewView }
  | { kind: 'metric'; value: MetricReport }
  | { kind: 'plotly'; value: PlotlyFigure }
  | { kind: 'modelSummary'; value: ModelSummaryView }
  | { kind: 'table'; value: TableView }
  | { kind: 'tensor'; value: TensorView }
  | { kind: 'png'; value: string }
  | { kind: 'markdown'; value: string }
  | { kind: 'text'; value: string };

/** Richest first; `text/plain` is the fallback every kernel output also carries. */
export const MIME_PRIORITY = [
  MIME.training,
  MIME.progress,
  MIME.upload,
  MIME.predictPanel,
  MIME.runs,
  MIME.drawingPad,
  MIME.histograms,
  MIME.stepDebugger,
  MIME.controls,
  MIME.http,
  MIME.dataPreview,
  MIME.metric,
  MIME.plotly,
  MIME.modelSummary,
  MIME.table,
  MIME.tensor,
  MIME.png,
  MIME.markdown,
  MIME.text,
] as const;

/** Picks the richest representation present in the bundle, or null for an empty bundle. */
export function pickRichOutput(bundle: MimeBundle): RichOutput | null {
  const training = bundle[MIME.training];
  if (training !== undefined) return { kind: 'training', value: training };
  const progress = bundle[MIME.progress];
  if (progress !== undefined) return { kind: 'progress', value: progress };
  const upload = bundle[MIME.upload];
  if (upload !== undefined) return { kind: 'upload', value: upload };
  const panel = bundle[MIME.predictPanel];
  if (panel !== undefined) return { kind: 'predictPanel', value: panel };
  const runs = bundle[MIME.runs];
  if (runs !== undefined) return { kind: 'runs', value: runs };
  const pad = bundle[MIME.drawingPad];
  if (pad !== undefined) return { kind: 'drawingPad', value: pad };
  const histograms = bundle[MIME.histograms];
  if (histograms !== undefined) return { kind: 'histograms', value: histograms };
  const stepper = bundle[MIME.stepDebugger];
  if (stepper !== undefined) return { kind: 'stepDebugger', value: stepper };
  const controls = bundle[MIME.controls];
  if (controls !== undefined) return { kind: 'controls', value: controls };
  const http = bundle[MIME.http];
  if (http !== undefined) return { kind: 'http', value: http };
  const preview = bundle[MIME.dataPreview];
  if (preview !== undefined) return { kind: 'dataPreview', value: preview };
  const metric = bundle[MIME.metric];
  if (metric !== undefined) return { kind: 'metric', value: metric };
  const plotly = bundle[MIME.plotly];
  if (plotly !== undefined) return { kind: 'plotly', value: plotly };
  const summary = bundle[MIME.modelSummary];
  if (summary !== undefined) return { kind: 'modelSummary', value: summary };
  const table = bundle[MIME.table];
  if (table !== undefined) return { kind: 'table', value: table };
  const tensor = bundle[MIME.tensor];
  if (tensor !== undefined) return { kind: 'tensor', value: tensor };
  const png = bundle[MIME.png];
  if (png !== undefined) return { kind: 'png', value: png };
  const markdown = bundle[MIME.markdown];
  if (markdown !== undefined) return { kind: 'markdown', value: markdown };
  const text = bundle[MIME.text];
  if (text !== undefined) return { kind: 'text', value: text };
  return null;
}
