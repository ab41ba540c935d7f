import { describe, expect, it } from 'vitest';
import { SeriesBuffer } from '../series';
import { baseMetric, planKey, planTraces, subplotMetrics } from '../training-figure';
import { batch, epochEnd } from './points';

function seriesOf(...points: Parameters<SeriesBuffer['sync']>[0]) {
  const buffer = new SeriesBuffer();
  buffer.sync(points);
  return buffer.list();
}

describe('subplots', () => {
  it('pairs a validation metric with its training metric', () => {
    expect(baseMetric('val_loss')).toBe('loss');
    expect(baseMetric('acc')).toBe('acc');
  });

  it('stacks loss above accuracy whatever order they arrive in', () => {
    const series = seriesOf(batch(1, { acc: 0.5, loss: 1 }), epochEnd(1, 0, { val_acc: 0.4 }));
    expect(subplotMetrics(series)).toEqual(['loss', 'acc']);
    const plans = planTraces(series, false);
    expect(plans.map((p) => [p.name, p.subplot])).toEqual([
      ['acc', 1],
      ['loss', 0],
      ['val_acc', 1],
    ]);
  });
});

describe('trace plan', () => {
  it('names the batch curve apart from the epoch curve of the same metric, and fades it', () => {
    const series = seriesOf(batch(1, { loss: 1 }), epochEnd(1, 0, { loss: 0.9 }));
    const [batchPlan, epochPlan] = planTraces(series, false);
    expect(batchPlan).toMatchObject({ name: 'loss (batch)', style: 'batch', faded: true });
    expect(epochPlan).toMatchObject({ name: 'loss', style: 'epoch', faded: false });
  });

  it('keeps train and validation of a metric in distinct colours on the same axis', () => {
    const series = seriesOf(epochEnd(1, 0, { loss: 1, val_loss: 1.1 }));
    const [train, val] = planTraces(series, false);
    expect(train?.subplot).toBe(val?.subplot);
    expect(train?.color).not.toBe(val?.color);
    expect(val?.name).toBe('val_loss');
  });

  it('adds a smoothed twin after each batch series when smoothing is on', () => {
    const series = seriesOf(batch(1, { loss: 1 }), epochEnd(1, 0, { val_loss: 1 }));
    const plans = planTraces(series, true);
    expect(plans.map((p) => [p.name, p.smoothed])).toEqual([
      ['loss', false],
      ['loss (smoothed)', true],
      ['val_loss', false],
    ]);
    expect(plans[0]?.faded).toBe(true);
  });

  it('changes its key only when the set of traces changes', () => {
    const a = planKey(planTraces(seriesOf(batch(1, { loss: 1 })), false));
    const b = planKey(planTraces(seriesOf(batch(1, { loss: 1 }), batch(2, { loss: 2 })), false));
    const c = planKey(planTraces(seriesOf(batch(1, { loss: 1 })), true));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('shares the last subplot among metrics beyond four', () => {
    const series = seriesOf(batch(1, { loss: 1, a: 1, b: 1, c: 1, d: 1 }));
    expect(planTraces(series, false).map((p) => p.subplot)).toEqual([0, 1, 2, 3, 3]);
  });
});
