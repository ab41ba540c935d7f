import type { StateDict, TorchDtype } from '@/data/torch/pth';

/**
 * The part of a weights file the app keeps in IndexedDB: a JSON header (names, shapes, dtypes,
 * where each tensor starts) and the values back to back, so the next visit reads 52 MB of
 * VGG-19 features instead of asking for the 548 MB file again.
 */

interface Header {
  format: 'tfnb-state-dict/1';
  source: string;
  /** The file's sha256 had the official file's prefix (torchvision names files by it). */
  official?: boolean;
  tensors: {
    name: string;
    shape: number[];
    dtype: TorchDtype;
    kind: 'f32' | 'i32';
    offset: number;
    length: number;
  }[];
}

export function packStateDict(stateDict: StateDict, source: string, official = false): ArrayBuffer {
  const tensors: Header['tensors'] = [];
  let offset = 0;
  for (const [name, t] of stateDict) {
    const kind = t.values instanceof Float32Array ? 'f32' : 'i32';
    tensors.push({ name, shape: t.shape, dtype: t.dtype, kind, offset, length: t.values.length });
    offset += t.values.length * 4;
  }
  const header = new TextEncoder().encode(
    JSON.stringify({ format: 'tfnb-state-dict/1', source, official, tensors } satisfies Header),
  );
  // Values start on a 4-byte boundary so they can be viewed, not copied, when read back.
  const start = 4 + header.length + ((4 - ((4 + header.length) % 4)) % 4);
  const out = new Uint8Array(start + offset);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  for (const [i, [, t]] of [...stateDict].entries())
    out.set(
      new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength),
      start + tensors[i]!.offset,
    );
  return out.buffer;
}

export function unpackStateDict(
  buffer: ArrayBuffer,
): { stateDict: StateDict; source: string; official: boolean } | null {
  if (buffer.byteLength < 4) return null;
  const length = new DataView(buffer).getUint32(0, true);
  if (4 + length > buffer.byteLength) return null;
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length))) as Header;
  } catch {
    return null;
  }
  if (header.format !== 'tfnb-state-dict/1') return null;
  const start = 4 + length + ((4 - ((4 + length) % 4)) % 4);
  const stateDict: StateDict = new Map();
  for (const t of header.tensors) {
    if (start + t.offset + t.length * 4 > buffer.byteLength) return null;
    const Ctor = t.kind === 'f32' ? Float32Array : Int32Array;
    stateDict.set(t.name, {
      shape: t.shape,
      dtype: t.dtype,
      values: new Ctor(buffer, start + t.offset, t.length),
    });
  }
  return { stateDict, source: header.source, official: header.official === true };
}
