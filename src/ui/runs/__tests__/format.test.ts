import { describe, expect, it } from 'vitest';
import type { RunSummary } from '@/protocol';
import { duration, runState } from '../format';

const run = (state: RunSummary['state']): RunSummary => ({
  id: 'r',
  name: 'r',
  notebook: '',
  cellId: '',
  source: 'fit',
  hparams: {},
  metrics: [],
  startedAt: 1_000_000,
  durationMs: 5_000,
  state,
  last: {},
  pointCount: 0,
  sizeBytes: 0,
});

describe('run state and duration in words', () => {
  it('calls a running run that stopped saving long ago cut off', () => {
    expect(runState(run('running'), 1_000_000 + 5_000 + 2_000)).toBe('running');
    expect(runState(run('running'), 1_000_000 + 5_000 + 600_000)).toBe('cut off');
    expect(runState(run('done'), 9e12)).toBe('done');
  });

  it('writes seconds, then minutes and seconds', () => {
    expect(duration(1234)).toBe('1.2 s');
    expect(duration(125_000)).toBe('2 min 5 s');
  });
});
