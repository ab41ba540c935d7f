import '../../kernel/lib/checkpoint/__tests__/worker-globals';
import { describe, expect, it } from 'vitest';
import type { CheckpointArtifacts } from '@/kernel/lib/checkpoint/format';
import { putCheckpoint } from '@/kernel/lib/checkpoint/store';
import type { CheckpointSummary } from '@/protocol';
import {
  deleteStoredCheckpoint,
  listStoredCheckpoints,
  resumableCheckpoint,
} from '../checkpoints-store';

function saved(name: string, savedAt: number): CheckpointArtifacts {
  return {
    model: {
      modelTopology: { class_name: 'Sequential', config: { name: 'mlp' } },
      weightSpecs: [{ name: 'w', shape: [2], dtype: 'float32' }],
      weightData: new Float32Array([1, 2]).buffer,
    },
    optimizer: null,
    meta: {
      name,
      epoch: 2,
      targetEpochs: 5,
      finished: false,
      history: [{ step: 1, epoch: 0, kind: 'epoch', logs: { loss: 1, val_loss: 0.9 } }],
      seed: null,
      notebook: 'book/ch1.ipynb',
      cellId: 'c1',
      savedAt,
      backend: 'cpu',
      tfjsVersion: '4.22.0',
    },
  };
}

describe('the page reads the checkpoints the kernel writes', () => {
  it('lists summaries newest first, with the best validation metric, and deletes them', async () => {
    await putCheckpoint(saved('older', 1000));
    await putCheckpoint(saved('newer', 2000));
    const listed = await listStoredCheckpoints();
    expect(listed.map((c) => c.name)).toEqual(['newer', 'older']);
    expect(listed[0]).toMatchObject({
      notebook: 'book/ch1.ipynb',
      epoch: 2,
      modelName: 'mlp',
      best: { metric: 'val_loss', value: 0.9 },
    });
    await deleteStoredCheckpoint('older');
    expect((await listStoredCheckpoints()).map((c) => c.name)).toEqual(['newer']);
  });
});

describe('resumableCheckpoint', () => {
  const base: CheckpointSummary = {
    name: 'run',
    notebook: 'nb',
    cellId: 'c',
    epoch: 3,
    targetEpochs: 10,
    finished: false,
    sizeBytes: 1,
    savedAt: 5,
    modelName: 'm',
  };

  it('offers the newest checkpoint of a run that was cut off', () => {
    expect(resumableCheckpoint([base], 'nb')).toEqual(base);
  });

  it('offers nothing when the newest run finished, or for another notebook', () => {
    const done = { ...base, name: 'done', savedAt: 6, finished: true, epoch: 10 };
    expect(resumableCheckpoint([base, done], 'nb')).toBeNull();
    expect(resumableCheckpoint([base], 'other')).toBeNull();
  });

  it('offers nothing for a checkpoint saved by hand (no target epochs)', () => {
    const { targetEpochs: _, ...manual } = base;
    expect(resumableCheckpoint([manual], 'nb')).toBeNull();
  });
});
