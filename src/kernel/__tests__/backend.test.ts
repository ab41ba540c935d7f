import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';

// Node has no WebGPU and no WebGL: the fallback must skip them with a note each and land on a
// backend where training was verified.
describe('backend selection', () => {
  it('falls back past unavailable backends, saying why, and trains on the one it keeps', async () => {
    const report = await selectBackend('webgl');
    expect(report.active).not.toBe('webgl');
    expect(report.active).not.toBe('webgpu');
    expect(tf.getBackend()).toBe(report.active);
    expect(report.notes[0]).toMatch(/You chose WebGL, but it failed; using/);
    expect(report.notes.join(' ')).toMatch(/WebGPU/);
  }, 60_000);

  it('keeps the CPU backend when the user picks it, with no notes', async () => {
    const report = await selectBackend('cpu');
    expect(report).toMatchObject({ active: 'cpu', notes: [] });
    expect(tf.getBackend()).toBe('cpu');
  });
});
