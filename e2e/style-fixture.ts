import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePth } from './torch-writer';

/**
 * A VGG-19 `features[0..28]` state dict (torchvision's names and OIHW layout) whose values come
 * from a formula that fixtures/style-transfer/make-reference.py repeats in PyTorch: each weight is
 * U(−1, 1) from a multiplicative hash of its index, times He's uniform bound √(6 / fan_in), each
 * bias 0.01. Activations keep their scale through the 13 layers, so the losses are real numbers
 * to compare with PyTorch's (the real file, 548 MB, is never on the test machines).
 */
const CONVS = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28];
const CHANNELS = [64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512];

export function fixtureVggFile(name = 'fixture-vgg19.pth'): string {
  let inChannels = 3;
  const tensors = CHANNELS.flatMap((out, layer) => {
    const n = out * inChannels * 9;
    const bound = Math.sqrt(6 / (inChannels * 9));
    const weight = new Float32Array(n);
    const offset = layer * 40503 + 12345;
    for (let j = 0; j < n; j++) {
      // (j · 2654435761 + offset) mod 2³², as the Python script's uint64 arithmetic.
      const hashed = (Math.imul(j, 2654435761 | 0) + offset) >>> 0;
      weight[j] = (2 * (hashed / 2 ** 32) - 1) * bound;
    }
    const index = CONVS[layer];
    const t = [
      { name: `features.${index}.weight`, shape: [out, inChannels, 3, 3], values: weight },
      { name: `features.${index}.bias`, shape: [out], values: new Float32Array(out).fill(0.01) },
    ];
    inChannels = out;
    return t;
  });
  const path = join(mkdtempSync(join(tmpdir(), 'style-vgg-')), name);
  writeFileSync(path, writePth(tensors));
  return path;
}

export interface StyleReference {
  losses: number[];
  content: number[];
  style: number[];
}

/** What PyTorch computed with those weights (fixtures/style-transfer/reference.json). */
export function styleReference(): Record<
  'exercise' | 'activity',
  Record<'book' | 'quick', StyleReference>
> {
  return JSON.parse(readFileSync('e2e/fixtures/style-transfer/reference.json', 'utf8'));
}
