import '../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellId, RunId } from '@/protocol';
import { setCurrentRun } from '../../run-context';
import { posted } from '../checkpoint/__tests__/worker-globals';
import { answerDrawing, classifyPixels, drawingPad } from '../drawing-pad';

beforeAll(async () => {
  await tf.setBackend('cpu');
  setCurrentRun({ runId: 'run-d' as RunId, cellId: 'cell-d' as CellId });
});

/**
 * A 28 × 28 "model" whose logit k is the ink in column band k (columns 0–27 in ten bands of
 * about 3): it says where the ink is, which is what centring changes.
 */
function columnModel(activation: 'linear' | 'softmax'): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 10, activation, useBias: false, name: 'bands' }),
    ],
  });
  const w = tf.buffer([784, 10]);
  for (let p = 0; p < 784; p++) w.set(1, p, Math.min(9, Math.floor((p % 28) / 2.8)));
  model.layers[1]?.setWeights([w.toTensor()]);
  return model;
}

const edgeOne = () =>
  drawingPad.rasterize([
    [
      [265, 40],
      [262, 240],
    ],
  ]);

describe('drawingPad', () => {
  it('classifies an edge "1" by where it was drawn, and its centred copy by the middle', () => {
    const model = columnModel('linear');
    const raw = classifyPixels(model, drawingPad.toMnist(edgeOne(), { centre: false }));
    const centred = classifyPixels(model, drawingPad.toMnist(edgeOne(), { centre: true }));
    expect(raw.indexOf(Math.max(...raw))).toBe(9);
    expect(centred.indexOf(Math.max(...centred))).toBeGreaterThanOrEqual(4);
    expect(centred.indexOf(Math.max(...centred))).toBeLessThanOrEqual(5);
    // Logits become probabilities; a softmax output is not squashed twice.
    expect(raw.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const soft = classifyPixels(columnModel('softmax'), drawingPad.toMnist(edgeOne()));
    expect(soft).toEqual(centred.map((p) => expect.closeTo(p, 5)));
  });

  it('shows a pad, answers its drawings, and says when the pad outlived its kernel', () => {
    posted.length = 0;
    drawingPad(columnModel('linear'), { centre: false });
    const shown = posted.find((m) => m.type === 'display');
    const view =
      shown?.type === 'display' ? shown.data['application/vnd.tfnb.drawing-pad+json'] : undefined;
    expect(view).toMatchObject({
      centre: false,
      inputSize: 28,
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    });
    answerDrawing(view?.padId ?? '', Array.from(drawingPad.toMnist(edgeOne(), { centre: false })));
    answerDrawing(view?.padId ?? '', [1, 2, 3]);
    answerDrawing('pad-gone', []);
    const outcomes = posted.flatMap((m) => (m.type === 'drawing-result' ? [m.outcome] : []));
    expect(outcomes[0]).toMatchObject({ ok: true });
    expect(outcomes[0]?.ok && outcomes[0].probabilities).toHaveLength(10);
    expect(outcomes[1]?.ok === false && outcomes[1].message).toMatch(
      /^The drawing has 3 pixels; \S+ takes 28 × 28 = 784\.$/,
    );
    expect(outcomes[2]).toMatchObject({ ok: false, hint: 'Run the cell that made the pad again.' });
  });

  it('refuses a model that does not take square grey images, and a class list of the wrong length', () => {
    const rows = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 10 })] });
    expect(() => drawingPad(rows)).toThrow(/square grey images/);
    expect(() => drawingPad(columnModel('linear'), { classes: ['a', 'b'] })).toThrow(
      /10 outputs but 2 class names/,
    );
    expect(() => drawingPad.toMnist(new Float32Array(10))).toThrow(/280 × 280/);
  });
});
