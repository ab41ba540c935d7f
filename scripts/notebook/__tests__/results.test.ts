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

  it('writes one table per notebook with book, ours, band, verdict, backend, time and date', () => {
    const md = renderResults(mergeRuns(empty, [run('a.ipynb', 'quick', 0.5)]));
    expect(md).toContain('### Title of a.ipynb');
    expect(md).toContain(
      '| quick | acc | 0.8 | 0.5 | ≥ 0.65 | **miss** | wasm | 1.5 min | 2026-01-02 |',
    );
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
