import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellId, RunId } from '@/protocol';
import { setCurrentRun } from '../../../run-context';
import { posted } from '../../checkpoint/__tests__/worker-globals';
import { answerPredict, showPredictPanel } from '../panel';
import { inputWidth, predictRows, rowsOf } from '../predict';

beforeAll(async () => {
  await tf.setBackend('cpu');
  setCurrentRun({ runId: 'run-p' as RunId, cellId: 'cell-p' as CellId });
});

/** Softmax over two classes that picks class 1 exactly when the first input is positive. */
function signModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax', name: 'sign' })],
  });
  model.layers[0]?.setWeights([
    tf.tensor2d([
      [-5, 5],
      [0, 0],
    ]),
    tf.tensor1d([0, 0]),
  ]);
  return model;
}

describe('predicting from rows', () => {
  it("gives each row's class (argmax), the class names and the probabilities", async () => {
    const prediction = await predictRows(
      signModel(),
      [
        [1, 0],
        [-1, 0],
      ],
      { classes: ['no', 'yes'] },
    );
    expect(prediction.classes).toEqual([1, 0]);
    expect(prediction.table.columns).toEqual(['#', 'class', 'P(no)', 'P(yes)']);
    expect(prediction.table.rows[0]?.[1]).toBe('yes');
    expect(prediction.outputs[0]?.[1]).toBeCloseTo(1 / (1 + Math.exp(-10)), 5);
  });

  it('gives a single output column for a regression model, without classes', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [3], units: 1, useBias: false })],
    });
    model.layers[0]?.setWeights([tf.tensor2d([[1], [2], [3]])]);
    const prediction = await predictRows(model, [[1, 1, 1]], {});
    expect(prediction.classes).toBeUndefined();
    expect(prediction.table).toEqual({ columns: ['#', 'output'], rows: [[1, 6]] });
  });

  it('refuses an image model with a message saying what prediction from rows needs', () => {
    const cnn = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 1, kernelSize: 3 })],
    });
    expect(() => inputWidth(cnn)).toThrow(/shape \[batch, 8, 8, 1\].*rows of numbers/);
  });

  it('takes rows as arrays, one row, text or a 2-D tensor, and refuses a rank-3 tensor', async () => {
    const shape = { width: 2 };
    expect(
      await rowsOf(
        [
          [1, 2],
          [3, 4],
        ],
        shape,
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await rowsOf([1, 2], shape)).toEqual([[1, 2]]);
    expect(await rowsOf('1, 2\n3, 4', shape)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await rowsOf(tf.tensor2d([[5, 6]]), shape)).toEqual([[5, 6]]);
    await expect(rowsOf(tf.zeros([1, 1, 2]), shape)).rejects.toThrow(/rank 3 is not a set of rows/);
    await expect(rowsOf([[1, 2, 3]], shape)).rejects.toThrow(
      'Row 1 has 3 values; the model takes 2.',
    );
  });

  it('leaves no tensors behind', async () => {
    const model = signModel();
    await predictRows(model, [[1, 0]], {});
    const before = tf.memory().numTensors;
    await predictRows(
      model,
      [
        [1, 0],
        [2, 0],
        [3, 0],
      ],
      {},
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the predict panel', () => {
  it('answers a Predict press with the table, and a bad row with the line at fault', async () => {
    posted.length = 0;
    showPredictPanel(signModel(), { classes: ['no', 'yes'], example: [[1, 0]] });
    const shown = posted.find((m) => m.type === 'display');
    const view =
      shown?.type === 'display' ? shown.data['application/vnd.tfnb.predict-panel+json'] : undefined;
    expect(view).toMatchObject({ inputWidth: 2, example: '1, 0', classes: ['no', 'yes'] });
    const panelId = view?.panelId ?? '';

    await answerPredict(panelId, '3, 0\n-2, 0');
    await answerPredict(panelId, '3, 0\n-2');
    const results = posted.flatMap((m) => (m.type === 'predict-result' ? [m.outcome] : []));
    expect(results[0]).toMatchObject({ ok: true, columns: ['#', 'class', 'P(no)', 'P(yes)'] });
    expect(results[0]?.ok && results[0].rows.map((r) => r[1])).toEqual(['yes', 'no']);
    expect(results[1]).toMatchObject({
      ok: false,
      message: 'Line 2 has 1 value; the model takes 2.',
    });
  });

  it('tells the user to run the cell again when the panel belongs to a restarted kernel', async () => {
    posted.length = 0;
    await answerPredict('predict-unknown', '1, 2');
    expect(posted[0]).toMatchObject({
      type: 'predict-result',
      outcome: { ok: false, hint: 'Run the cell that made the form again.' },
    });
  });
});
