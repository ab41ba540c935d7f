import { type TensorToWrite, writePth as writeStateDict } from '../src/data/torch/write-pth';

/**
 * State dicts in torch.save's zip format for tests that need a file too big to commit
 * (VGG-19's features: 52 MB). The writer is the app's own (`checkpoint.download(name,
 * { format: 'pytorch' })`), checked against a real PyTorch by its unit tests.
 */

export interface WrittenTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export function writePth(tensors: WrittenTensor[]): Uint8Array {
  return writeStateDict(tensors satisfies TensorToWrite[]);
}
