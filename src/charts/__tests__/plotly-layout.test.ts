import { describe, expect, it } from 'vitest';
import { normalizeLayout } from '../plotly-layout';

describe('normalizeLayout', () => {
  it('turns the string titles Plotly 3 ignores into title objects, axes included', () => {
    const layout = normalizeLayout({
      title: 'Loss',
      xaxis: { title: 'epoch', range: [0, 5] },
      yaxis2: { title: 'accuracy' },
    });
    expect(layout.title).toEqual({ text: 'Loss' });
    expect(layout.xaxis).toEqual({ automargin: true, title: { text: 'epoch' }, range: [0, 5] });
    expect(layout.yaxis2).toEqual({ automargin: true, title: { text: 'accuracy' } });
    expect(layout.yaxis).toEqual({ automargin: true });
  });

  it('keeps title objects and margins the figure sets', () => {
    const layout = normalizeLayout({ title: { text: 'T', x: 0 }, margin: { t: 5 } });
    expect(layout.title).toEqual({ text: 'T', x: 0 });
    expect(layout.margin).toEqual({ t: 5 });
  });

  it('gives a figure without a title a small top margin', () => {
    expect((normalizeLayout(undefined).margin as { t: number }).t).toBeLessThan(
      (normalizeLayout({ title: 'x' }).margin as { t: number }).t,
    );
  });
});
