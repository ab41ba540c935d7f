import { describe, expect, it } from 'vitest';
import { formatMetricValue, lastValuesText, SeriesBuffer, seriesId } from '../series';
import { batch, epochEnd } from './points';

describe('SeriesBuffer grouping', () => {
  it('puts each metric of each granularity in its own series, x being the step', () => {
    const buffer = new SeriesBuffer();
    buffer.sync([
      batch(1, { loss: 0.9, acc: 0.5 }),
      batch(2, { loss: 0.8, acc: 0.6 }),
      epochEnd(2, 0, { loss: 0.85, val_loss: 0.95 }),
    ]);
    expect(buffer.list()).toEqual([
      { id: 'batch:loss', metric: 'loss', kind: 'batch', x: [1, 2], y: [0.9, 0.8] },
      { id: 'batch:acc', metric: 'acc', kind: 'batch', x: [1, 2], y: [0.5, 0.6] },
      { id: 'epoch:loss', metric: 'loss', kind: 'epoch', x: [2], y: [0.85] },
      { id: 'epoch:val_loss', metric: 'val_loss', kind: 'epoch', x: [2], y: [0.95] },
    ]);
    expect(buffer.pointCount).toBe(3);
  });

  it('reads only the points appended since the last sync', () => {
    const buffer = new SeriesBuffer();
    const first = [batch(1, { loss: 1 })];
    buffer.sync(first);
    buffer.sync(first);
    buffer.sync([...first, batch(2, { loss: 0.5 })]);
    expect(buffer.list()[0]?.y).toEqual([1, 0.5]);
  });

  it('starts over when handed fewer points than it already read (a new run)', () => {
    const buffer = new SeriesBuffer();
    buffer.sync([batch(1, { loss: 1 }), batch(2, { loss: 0.9 })]);
    buffer.sync([batch(1, { mse: 3 })]);
    expect(buffer.list()).toEqual([
      { id: 'batch:mse', metric: 'mse', kind: 'batch', x: [1], y: [3] },
    ]);
    expect(buffer.pointCount).toBe(1);
  });

  it('keeps every raw point, including NaN, without downsampling', () => {
    const buffer = new SeriesBuffer();
    const points = Array.from({ length: 10_000 }, (_, i) =>
      batch(i, { loss: i === 9_999 ? NaN : i }),
    );
    buffer.sync(points);
    const loss = buffer.list()[0];
    expect(loss?.x.length).toBe(10_000);
    expect(loss?.y.at(-1)).toBeNaN();
  });
});

describe('the resting legend value of a per-batch curve', () => {
  it("is the mean of the last epoch's batches, so a tiny last batch does not read as the accuracy", () => {
    const buffer = new SeriesBuffer();
    // Epoch 0: three batches; epoch 1: two full batches and a last one of four rows (acc 1).
    buffer.sync([
      batch(1 / 3, { acc: 0.2 }),
      batch(2 / 3, { acc: 0.3 }),
      batch(1, { acc: 0.4 }),
      batch(1 + 1 / 3, { acc: 0.6 }, 1),
      batch(1 + 2 / 3, { acc: 0.8 }, 1),
      batch(2, { acc: 1 }, 1),
    ]);
    expect(buffer.lastEpochMean('batch:acc')).toBeCloseTo(0.8);
    expect(buffer.lastEpochMean('batch:missing')).toBeUndefined();
  });

  it('is the last value when steps are whole iterations (a custom loop)', () => {
    const buffer = new SeriesBuffer();
    buffer.sync([batch(1, { loss: 3 }), batch(2, { loss: 2 }), batch(3, { loss: 1 })]);
    expect(buffer.lastEpochMean('batch:loss')).toBe(1);
  });
});

describe('last values', () => {
  it('lists the latest value of each metric in order of first appearance', () => {
    const buffer = new SeriesBuffer();
    buffer.sync([
      batch(1, { loss: 0.5 }),
      epochEnd(1, 0, { loss: 0.2074, val_loss: 0.221 }),
      batch(2, { loss: 0.19 }),
    ]);
    expect(buffer.lastValues()).toEqual([
      { metric: 'loss', value: 0.19 },
      { metric: 'val_loss', value: 0.221 },
    ]);
  });

  it('reads as a short legend line', () => {
    expect(
      lastValuesText([
        { metric: 'loss', value: 0.2074 },
        { metric: 'val_loss', value: 0.221 },
      ]),
    ).toBe('loss 0.2074 · val_loss 0.2210');
  });

  it('formats large, tiny and non-finite values readably', () => {
    expect(formatMetricValue(1234.5678)).toBe('1234.57');
    expect(formatMetricValue(0.00001234)).toBe('1.23e-5');
    expect(formatMetricValue(0)).toBe('0.0000');
    expect(formatMetricValue(NaN)).toBe('NaN');
    expect(formatMetricValue(-Infinity)).toBe('-Infinity');
  });

  it('names series by granularity and metric', () => {
    expect(seriesId('epoch', 'val_acc')).toBe('epoch:val_acc');
  });
});
