import { describe, expect, it } from 'vitest';
import { formatBand, formatMetricValue, metricText } from '../metric-format';

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
