import { describe, expect, it } from 'vitest';
import { formatBest, formatBytes, formatEpoch, notebookLabel } from '../format';

describe('checkpoint list formatting', () => {
  it('shows sizes in B, kB and MB', () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(3 * 1024 * 1024)]).toEqual([
      '512 B',
      '2.0 kB',
      '3.0 MB',
    ]);
  });

  it('shows how far a cut-off run got, and only the epoch for a finished one', () => {
    expect(formatEpoch({ epoch: 3, targetEpochs: 10, finished: false })).toBe('3 of 10');
    expect(formatEpoch({ epoch: 10, targetEpochs: 10, finished: true })).toBe('10');
    expect(formatEpoch({ epoch: 4, finished: true })).toBe('4');
  });

  it('names the best validation metric, or a dash when there is none', () => {
    expect(formatBest({ metric: 'val_loss', value: 0.123456 })).toBe('val_loss 0.1235');
    expect(formatBest(undefined)).toBe('—');
  });

  it('labels a notebook by its file name', () => {
    expect(notebookLabel('pytorch-workshop/ch01-tensors.ipynb')).toBe('ch01-tensors');
    expect(notebookLabel('')).toBe('upload');
  });
});
