import * as tf from '@tensorflow/tfjs';
import type { TableCell } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { parseRows, type RowShape, rowsFromArrays } from './rows';

export interface PredictOptions {
  /** The model's input column names, in order: a CSV header is matched to them. */
  columns?: string[];
  /** Names of the output classes (softmax outputs), e.g. ['no default', 'default']. */
  classes?: string[];
}

export interface Prediction {
  /** The model's raw outputs, one row per input row. */
  outputs: number[][];
  /** The most likely class of each row (argmax), for outputs of more than one value. */
  classes?: number[];
  table: { columns: string[]; rows: TableCell[][] };
}

/** How many values one input row has; only models that take rows of numbers qualify. */
export function inputWidth(model: tf.LayersModel): number {
  if (model.inputs.length !== 1) {
    throw new UserFacingError(
      `The model "${model.name}" has ${model.inputs.length} inputs; prediction from rows needs a model with one.`,
    );
  }
  const shape = model.inputs[0]?.shape ?? [];
  const width = shape[1];
  if (shape.length !== 2 || typeof width !== 'number') {
    throw new UserFacingError(
      `The model "${model.name}" takes inputs of shape [${shape.map((d) => d ?? 'batch').join(', ')}]; prediction from rows needs rows of numbers, shape [batch, n].`,
      'For images, call model.predict on an image tensor in a cell.',
    );
  }
  return width;
}

export function rowShape(model: tf.LayersModel, options: PredictOptions): RowShape {
  const width = inputWidth(model);
  if (options.columns && options.columns.length !== width) {
    throw new UserFacingError(
      `${options.columns.length} column names were given; the model takes ${width} values per row.`,
    );
  }
  return { width, columns: options.columns };
}

function outputColumns(width: number, classes: string[] | undefined): string[] {
  if (classes && classes.length === width) return ['class', ...classes.map((c) => `P(${c})`)];
  if (width === 1) return ['output'];
  return ['class', ...Array.from({ length: width }, (_, i) => `output[${i}]`)];
}

/** Runs the model on rows, in batches inside `tf.tidy`, and tabulates the outputs. */
export async function predictRows(
  model: tf.LayersModel,
  rows: number[][],
  options: PredictOptions,
): Promise<Prediction> {
  const width = inputWidth(model);
  const output = tf.tidy(() => {
    const out = model.predict(tf.tensor2d(rows, [rows.length, width]), { batchSize: 256 });
    if (Array.isArray(out))
      throw new UserFacingError('Models with several outputs are not supported here.');
    return out.reshape([rows.length, -1]);
  });
  const outputs = (await output.array()) as number[][];
  output.dispose();
  const outWidth = outputs[0]?.length ?? 0;
  const columns = ['#', ...outputColumns(outWidth, options.classes)];
  const classOf = (values: number[]) => values.indexOf(Math.max(...values));
  const classes = outWidth > 1 ? outputs.map(classOf) : undefined;
  const names = options.classes && options.classes.length === outWidth ? options.classes : null;
  const tableRows = outputs.map((values, i): TableCell[] => {
    if (!classes) return [i + 1, ...values];
    const top = classes[i] ?? 0;
    return [i + 1, names ? (names[top] ?? top) : top, ...values];
  });
  return {
    outputs,
    ...(classes ? { classes } : {}),
    table: { columns, rows: tableRows },
  };
}

/** What `predict()` accepts as rows: arrays, one row, text (CSV/JSON), or a 2-D tensor. */
export type RowsInput = number[][] | number[] | string | tf.Tensor;

export async function rowsOf(input: RowsInput, shape: RowShape): Promise<number[][]> {
  if (typeof input === 'string') return parseRows(input, shape).rows;
  if (!(input instanceof tf.Tensor)) return rowsFromArrays(input, shape);
  if (input.rank > 2) {
    throw new UserFacingError(
      `A tensor of rank ${input.rank} is not a set of rows; give shape [rows, ${shape.width}].`,
    );
  }
  return rowsFromArrays((await input.array()) as number[] | number[][], shape);
}
