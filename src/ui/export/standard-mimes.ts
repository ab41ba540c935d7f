import { MIME, type MimeBundle, type PlotlyFigure, type TrainingView } from '@/protocol';
import { dataPreviewHtml, modelSummaryHtml, tableHtml } from './html';

/** Draws a chart as base64 PNG; undefined when there is nothing to draw. */
export interface ChartPictures {
  training(view: TrainingView): Promise<string | undefined>;
  plotly(figure: PlotlyFigure): Promise<string | undefined>;
}

/** A bundle as an export writes it: the app's MIME types plus the standard ones Jupyter shows. */
export type ExportBundle = MimeBundle & { 'text/html'?: string };

/**
 * Adds the standard MIME types other notebook viewers render to one output bundle: `text/html`
 * for tables, model summaries and data previews, `image/png` for the live training chart and
 * Plotly figures (Plotly's own `application/vnd.plotly.v1+json` is already in the bundle). The
 * app's own types stay, so importing the export again loses nothing. A picture that cannot be
 * drawn is left out rather than failing the export: the bundle keeps its text fallback.
 */
export async function withStandardMimes(
  bundle: MimeBundle,
  pictures: ChartPictures,
): Promise<ExportBundle> {
  const out: ExportBundle = { ...bundle };
  const table = bundle[MIME.table];
  if (table !== undefined) out['text/html'] = tableHtml(table);
  const summary = bundle[MIME.modelSummary];
  if (summary !== undefined) out['text/html'] = modelSummaryHtml(summary);
  const preview = bundle[MIME.dataPreview];
  if (preview !== undefined) out['text/html'] = dataPreviewHtml(preview);
  const training = bundle[MIME.training];
  const figure = bundle[MIME.plotly];
  const png =
    training !== undefined
      ? await pictures.training(training).catch(() => undefined)
      : figure !== undefined
        ? await pictures.plotly(figure).catch(() => undefined)
        : undefined;
  if (png !== undefined) out[MIME.png] = png;
  return out;
}
