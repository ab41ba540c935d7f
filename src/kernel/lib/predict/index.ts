import type * as tf from '@tensorflow/tfjs';
import { displayBundle, tableBundle } from '../../display';
import { showPredictPanel } from './panel';
import {
  type Prediction,
  type PredictOptions,
  predictRows,
  type RowsInput,
  rowShape,
  rowsOf,
} from './predict';

/** Rows shown in the cell; the returned outputs hold them all. */
const SHOWN_ROWS = 200;

async function predictAndShow(
  model: tf.LayersModel,
  rows: RowsInput,
  options: PredictOptions & { caption?: string } = {},
): Promise<Prediction> {
  const shape = rowShape(model, options);
  const prediction = await predictRows(model, await rowsOf(rows, shape), options);
  displayBundle(
    tableBundle({
      columns: prediction.table.columns,
      rows: prediction.table.rows.slice(0, SHOWN_ROWS),
      totalRows: prediction.table.rows.length,
      caption: options.caption ?? `Predictions of ${model.name}`,
    }),
  );
  return prediction;
}

/**
 * The `predict` global: `await predict(model, rows)` shows a table of the model's outputs (and
 * the most likely class) and returns them; `predict.panel(model, options)` shows a form in the
 * cell for rows the user types, pastes or uploads.
 */
export const predict = Object.assign(predictAndShow, { panel: showPredictPanel });
