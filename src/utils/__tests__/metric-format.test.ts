import { describe, expect, it } from 'vitest';
import { formatBand, formatMetricValue, metricText, verdictText } from '../metric-format';

describe('metric formatting', () => {
  it('shows four significant digits, integers and strings as they are', () => {
    expect(formatMetricValue(0.25244325399398804)).toBe('0.2524');
    expect(formatMetricValue(1998)).toBe('1998');
    expect(formatMetricValue('about 0.80')).toBe('about 0.80');
    expect(formatMetricValue(Number.NaN)).toBe('NaN');
  });

  it('writes closed and open bands', () => {
    expect(formatBand({ min: 0.1, max: 0.3 })).toBe('0.1–0.3');
    expect(formatBand({ min: 0.65 })).toBe('≥ 0.65');
    expect(formatBand({ max: 0.3 })).toBe('≤ 0.3');
    expect(formatBand({})).toBeNull();
  });

  it('reads as one line in an exported notebook', () => {
    expect(
      metricText({
        name: 'loss @0',
        value: 0.24812,
        book: 0.2524,
        min: 0.1,
        max: 0.3,
        pass: true,
        preset: 'quick',
      }),
    ).toBe('loss @0: 0.2481 · book 0.2524 · band 0.1–0.3 (quick): pass');
    expect(metricText({ name: 'acc', value: 0.5, min: 0.65, pass: false, preset: 'book' })).toBe(
      'acc: 0.5 · band ≥ 0.65 (book): MISS',
    );
  });
});

describe('the badge of a band that only checks learning', () => {
  it('says by how much the model beats its baseline, never a bare pass', () => {
    const learns = {
      name: 'test acc',
      value: 0.7,
      book: 0.8079,
      min: 0.66,
      baseline: 0.5,
      checks: 'learns' as const,
      preset: 'quick' as const,
    };
    expect(verdictText({ ...learns, pass: true })).toBe('learns: beats the baseline by 0.2');
    expect(verdictText({ ...learns, value: 0.55, pass: false })).toBe(
      'MISS: not clear of the baseline 0.5',
    );
    expect(metricText({ ...learns, pass: true })).toBe(
      'test acc: 0.7 · book 0.8079 · band ≥ 0.66 (quick): learns: beats the baseline by 0.2',
    );
  });

  it('shows a book band as pass or MISS, with its baseline and the mutation it ran under', () => {
    expect(
      metricText({
        name: 'loss',
        value: 0.2461,
        min: 0.22,
        max: 0.248,
        baseline: 0.2485,
        checks: 'book',
        pass: true,
        preset: 'book',
        mutation: 'lr/20',
      }),
    ).toBe(
      'loss: 0.2461 · band 0.22–0.248 (book): pass · baseline 0.2485 · under the mutation lr/20',
    );
  });
});
