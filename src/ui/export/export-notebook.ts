import { serializeNotebook } from '@/notebook/io';
import type { CellOutput, NotebookDocument } from '@/notebook/nbformat';
import { plotlyPng, trainingPng } from './images';
import { type ChartPictures, withStandardMimes } from './standard-mimes';

const PAGE_PICTURES: ChartPictures = { training: trainingPng, plotly: plotlyPng };

async function exportOutput(output: CellOutput, pictures: ChartPictures): Promise<CellOutput> {
  if (output.output_type !== 'display_data' && output.output_type !== 'execute_result')
    return output;
  return { ...output, data: await withStandardMimes(output.data, pictures) };
}

/**
 * The notebook as the Export button saves it: nbformat 4.5 whose rich outputs also carry the
 * standard MIME types, so Jupyter, nbconvert, GitHub and nbviewer show the charts and tables.
 * Outputs are drawn one after another: each chart needs the page's canvas for a moment.
 */
export async function exportNotebook(
  doc: NotebookDocument,
  pictures: ChartPictures = PAGE_PICTURES,
): Promise<string> {
  const cells = [];
  for (const cell of doc.cells) {
    const outputs: CellOutput[] = [];
    for (const output of cell.outputs) outputs.push(await exportOutput(output, pictures));
    cells.push({ ...cell, outputs });
  }
  return serializeNotebook({ ...doc, cells }, { withOutputs: true });
}
