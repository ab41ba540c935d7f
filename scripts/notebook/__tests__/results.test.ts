import { describe, expect, it } from 'vitest';
import {
  END,
  mergeRuns,
  type ResultsStore,
  renderResults,
  START,
  type StoredRun,
  spliceResults,
} from '../results';

function run(notebook: string, preset: 'book' | 'quick', value: number): StoredRun {
  return {
    notebook,
    title: `Title of ${notebook}`,
    preset,
    backendRequested: 'wasm',
    backend: 'wasm',
    ok: true,
    failure: null,
    timedOutInCell: null,
    metrics: [
      {
        name: 'acc',
        value,
        book: 0.8,
        min: 0.65,
        max: null,
        pass: value >= 0.65,
        note: null,
        cellIndex: 3,
        cellMs: 1500,
      },
    ],
    totalMs: 90_000,
    date: '2026-01-02T03:04:05.000Z',
    chromium: '140.0',
  };
}

const empty: ResultsStore = { version: 1, runs: [] };

describe('docs/RESULTS.md', () => {
  it('replaces only the rows of the same notebook and preset', () => {
    const before = mergeRuns(empty, [run('a.ipynb', 'book', 0.7), run('a.ipynb', 'quick', 0.66)]);
    const after = mergeRuns(before, [run('a.ipynb', 'quick', 0.5), run('b.ipynb', 'quick', 0.9)]);
    expect(after.runs.map((r) => [r.notebook, r.preset, r.metrics[0]?.value])).toEqual([
      ['a.ipynb', 'book', 0.7],
      ['a.ipynb', 'quick', 0.5],
      ['b.ipynb', 'quick', 0.9],
    ]);
  });

  it('writes book and quick runs as separate tables with baseline, verdict and reproduction', () => {
    const md = renderResults(
      mergeRuns(empty, [run('a.ipynb', 'quick', 0.5), run('a.ipynb', 'book', 0.7)]),
    );
    expect(md).toContain('### Title of a.ipynb');
    const book = md.indexOf("#### Book schedule (the book's settings)");
    const quick = md.indexOf('#### Quick schedule');
    expect(book).toBeGreaterThan(0);
    expect(quick).toBeGreaterThan(book);
    expect(md).toContain('| acc | 0.8 | 0.5 | — | ≥ 0.65 | **miss** | **no** |');
    expect(md).toContain('| acc | 0.8 | 0.7 | — | ≥ 0.65 | pass | yes |');
    expect(md).toContain('predates the notebook');
  });

  it('tells a later run with no trained number from one that predates baselines', () => {
    const later = { ...run('a.ipynb', 'quick', 0.7), date: '2026-12-03T10:00:00.000Z' };
    const md = renderResults(mergeRuns(empty, [later]));
    expect(md).not.toContain('predates');
    expect(md).toContain('none is a trained number');
  });

  it('never writes a bare pass for a band that only checks learning', () => {
    const learns = run('a.ipynb', 'quick', 0.7);
    learns.metrics = learns.metrics.map((m) => ({
      ...m,
      baseline: 0.5,
      checks: 'learns' as const,
    }));
    const md = renderResults(mergeRuns(empty, [learns]));
    expect(md).toContain(
      '| acc | 0.8 | 0.7 | 0.5 | ≥ 0.65 | learns: beats the baseline by 0.2 | no: checks learning only |',
    );
    expect(md).not.toContain('predates');
  });

  it('keeps what people wrote around the generated block', () => {
    const first = spliceResults(null, 'T1');
    expect(first).toContain(`${START}\n\nT1\n\n${END}`);
    const edited = `${first}\n## Notes\nwhy 3.02 misses\n`;
    const second = spliceResults(edited, 'T2');
    expect(second).toContain('T2');
    expect(second).not.toContain('T1');
    expect(second).toContain('why 3.02 misses');
  });
});
