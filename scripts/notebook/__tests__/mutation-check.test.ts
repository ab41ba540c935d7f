import { describe, expect, it } from 'vitest';
import type { MetricRow, MetricsFile } from '../metrics';
import { judgeMutation } from '../mutation-check';

function row(over: Partial<MetricRow>): MetricRow {
  return {
    name: 'loss',
    value: 1,
    book: null,
    min: 0,
    max: 2,
    pass: true,
    note: null,
    cellIndex: 3,
    cellMs: 10,
    mutation: 'zero-features',
    ...over,
  };
}

function run(metrics: MetricRow[], over: Partial<MetricsFile> = {}): MetricsFile {
  return {
    notebook: 'nb.ipynb',
    title: 'nb',
    preset: 'quick',
    backendRequested: 'wasm',
    backend: 'wasm',
    ok: true,
    failure: null,
    timedOutInCell: null,
    metrics,
    cells: [],
    totalMs: 1,
    date: '2026-12-02T00:00:00Z',
    chromium: '1',
    ...over,
  };
}

describe('judgeMutation', () => {
  it('passes when every band that claims the mutation misses, and lists the stated exceptions', () => {
    const verdict = judgeMutation(
      run([
        row({ name: 'val acc', pass: false, baseline: 0.5, catches: ['zero-features'] }),
        row({
          name: 'loss 0',
          baseline: 4e6,
          catches: ['no-training'],
          uncaught: { 'zero-features': 'the first loss does not depend on the features' },
        }),
        row({ name: 'rows', pass: true }),
      ]),
      'zero-features',
    );
    expect(verdict).toEqual({
      ok: true,
      caught: ['val acc'],
      uncaught: [{ name: 'loss 0', why: 'the first loss does not depend on the features' }],
      problems: [],
    });
  });

  it('fails on a band that still passes, and on a trained headline that does not say', () => {
    const verdict = judgeMutation(
      run([
        row({ name: 'val acc', value: 0.7, pass: true, baseline: 0.5, catches: ['zero-features'] }),
        row({ name: 'test mse', pass: true, baseline: 120 }),
      ]),
      'zero-features',
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([
      '"val acc" = 0.7 still passes its band under zero-features, which it says it catches.',
      '"test mse" has a baseline and a band but does not say whether it catches zero-features (give it in `catches` or `uncaught`).',
    ]);
  });

  it('fails when the kernel did not run under the mutation, or the run broke for another reason', () => {
    const notTaken = judgeMutation(run([row({ pass: false, mutation: undefined })]), 'lr/20');
    expect(notTaken.problems[0]).toMatch(/the kernel did not take the mutation/);
    const broken = judgeMutation(
      run([], {
        failure: {
          cellIndex: 2,
          cellId: null,
          line: 1,
          sourceLine: null,
          name: 'TypeError',
          message: 'x is undefined',
          hint: null,
        },
      }),
      'zero-features',
    );
    expect(broken.ok).toBe(false);
  });

  it('counts a loss that diverged to NaN as caught', () => {
    const verdict = judgeMutation(
      run([], {
        failure: {
          cellIndex: 5,
          cellId: null,
          line: 1,
          sourceLine: null,
          name: 'TrainingDivergedError',
          message: 'loss is NaN',
          hint: null,
        },
      }),
      'lr/20',
    );
    expect(verdict.ok).toBe(true);
    expect(verdict.caught).toEqual(['training diverged (loss is NaN)']);
  });
});
