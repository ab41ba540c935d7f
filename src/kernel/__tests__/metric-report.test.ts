import { describe, expect, it } from 'vitest';
import { metricReport, ReportError } from '../lib/metric-report';

describe('metricReport', () => {
  it('passes a value inside its band and keeps the book value and note', () => {
    expect(
      metricReport('accuracy', 0.8, { book: 0.8, min: 0.65, max: 1, note: 'n' }, 'quick'),
    ).toEqual({
      name: 'accuracy',
      value: 0.8,
      book: 0.8,
      min: 0.65,
      max: 1,
      note: 'n',
      pass: true,
      preset: 'quick',
    });
  });

  it('misses a value outside either end of the band, and an open end never fails', () => {
    expect(metricReport('loss', 0.4, { max: 0.3 }, 'book').pass).toBe(false);
    expect(metricReport('loss', 0.05, { min: 0.1, max: 0.3 }, 'book').pass).toBe(false);
    expect(metricReport('loss', 1e9, { min: 0.1 }, 'book').pass).toBe(true);
  });

  it('never passes a NaN or infinite value, even with an open band', () => {
    expect(metricReport('loss', Number.NaN, { max: 1 }, 'book').pass).toBe(false);
    expect(metricReport('loss', Number.POSITIVE_INFINITY, { min: 0 }, 'book').pass).toBe(false);
  });

  it('has no verdict when no band is given', () => {
    expect(metricReport('mse', 91.2, { book: '≈ 91' }, 'book')).toEqual({
      name: 'mse',
      value: 91.2,
      book: '≈ 91',
      preset: 'book',
    });
  });

  it('refuses a missing name, a non-numeric bound and an inverted band with a usage hint', () => {
    expect(() => metricReport('', 1, undefined, 'book')).toThrow(ReportError);
    expect(() => metricReport('x', 1, { min: '0.5' as unknown as number }, 'book')).toThrow(
      /`min` must be a number/,
    );
    expect(() => metricReport('x', 1, { min: 2, max: 1 }, 'book')).toThrow(/above max/);
  });
});

describe('metricReport: baselines and the mutation check', () => {
  it('keeps the baseline, what the band checks, the mutations it catches and the mutation it ran under', () => {
    expect(
      metricReport(
        'val acc',
        0.7,
        {
          book: 0.71,
          min: 0.65,
          baseline: 0.5,
          checks: 'learns',
          catches: ['zero-features', 'shuffle-labels'],
          uncaught: { 'lr/20': 'a slow rate still learns PAY_0' },
        },
        'quick',
        'zero-features',
      ),
    ).toEqual({
      name: 'val acc',
      value: 0.7,
      book: 0.71,
      min: 0.65,
      pass: true,
      preset: 'quick',
      baseline: 0.5,
      checks: 'learns',
      catches: ['zero-features', 'shuffle-labels'],
      uncaught: { 'lr/20': 'a slow rate still learns PAY_0' },
      mutation: 'zero-features',
    });
  });

  it('refuses a mutation it does not know and a learns band without its baseline', () => {
    expect(() => metricReport('x', 1, { catches: ['drop-features' as 'lr/20'] }, 'book')).toThrow(
      /"drop-features", which is not a mutation/,
    );
    expect(() => metricReport('x', 1, { min: 0, checks: 'learns' }, 'book')).toThrow(
      /needs the `baseline`/,
    );
  });
});
