import { zipSync } from 'fflate';

/**
 * Writes a state dict in torch.save's zip format (the layout PyTorch ≥ 1.6 writes: a stored zip
 * of `archive/data.pkl`, one `archive/data/<key>` per storage and `archive/version`), for tests
 * that need a file too big to commit (VGG-19's features: 52 MB). The reader is checked against
 * files PyTorch itself wrote (src/data/torch/__tests__/fixtures/); this only makes big ones.
 */

export interface WrittenTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

class PickleWriter {
  private readonly parts: number[] = [];
  op(...bytes: number[]) {
    this.parts.push(...bytes);
  }
  text(s: string) {
    const b = new TextEncoder().encode(s);
    this.op(0x58, ...u32(b.length), ...b); // BINUNICODE
  }
  int(n: number) {
    this.op(0x4a, ...u32(n)); // BININT (non-negative here)
  }
  global(module: string, name: string) {
    this.op(0x63, ...new TextEncoder().encode(`${module}\n${name}\n`));
  }
  tuple(items: number[]) {
    this.op(0x28);
    for (const n of items) this.int(n);
    this.op(0x74);
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

function strides(shape: number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1]! * shape[i + 1]!;
  return out;
}

export function writePth(tensors: WrittenTensor[]): Uint8Array {
  const p = new PickleWriter();
  p.op(0x80, 2, 0x7d, 0x28); // PROTO 2, EMPTY_DICT, MARK
  tensors.forEach((t, key) => {
    p.text(t.name);
    p.global('torch._utils', '_rebuild_tensor_v2');
    p.op(0x28, 0x28); // MARK (args), MARK (persistent id)
    p.text('storage');
    p.global('torch', 'FloatStorage');
    p.text(String(key));
    p.text('cpu');
    p.int(t.values.length);
    p.op(0x74, 0x51); // TUPLE, BINPERSID
    p.int(0);
    p.tuple(t.shape);
    p.tuple(strides(t.shape));
    p.op(0x89); // NEWFALSE (requires_grad)
    p.global('collections', 'OrderedDict');
    p.op(0x29, 0x52, 0x74, 0x52); // EMPTY_TUPLE, REDUCE, TUPLE, REDUCE
  });
  p.op(0x75, 0x2e); // SETITEMS, STOP
  const files: Record<string, [Uint8Array, { level: 0 }]> = {
    'archive/data.pkl': [p.bytes(), { level: 0 }],
    'archive/version': [new TextEncoder().encode('3\n'), { level: 0 }],
  };
  tensors.forEach((t, key) => {
    files[`archive/data/${key}`] = [
      new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength),
      { level: 0 },
    ];
  });
  return zipSync(files);
}
