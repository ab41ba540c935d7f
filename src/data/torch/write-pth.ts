import { type Zippable, zipSync } from 'fflate';

/**
 * Writes a state dict as `torch.save(model.state_dict(), path)` does in its zip format
 * (PyTorch ≥ 1.6): a stored (uncompressed) zip of `archive/data.pkl`, one `archive/data/<key>`
 * per storage, aligned on 64 bytes as PyTorch aligns them, and `archive/version`. The pickle
 * uses only what `torch.load(path, weights_only=True)` accepts: an OrderedDict of tensors
 * rebuilt by `torch._utils._rebuild_tensor_v2` from Float/Long storages. Tests check it with a
 * real PyTorch (src/kernel/lib/checkpoint/__tests__/pytorch-export.test.ts).
 */

export interface TensorToWrite {
  name: string;
  shape: readonly number[];
  /** float32 weights; int64 for BatchNorm's `num_batches_tracked` counter. */
  values: Float32Array | BigInt64Array;
}

const OP = {
  PROTO: 0x80,
  EMPTY_TUPLE: 0x29,
  MARK: 0x28,
  TUPLE: 0x74,
  BINPERSID: 0x51,
  REDUCE: 0x52,
  SETITEMS: 0x75,
  BINUNICODE: 0x58,
  BININT: 0x4a,
  GLOBAL: 0x63,
  NEWFALSE: 0x89,
  STOP: 0x2e,
} as const;

/** The few opcodes a state dict needs, appended to a growing byte list. */
class PickleWriter {
  private chunks: Uint8Array[] = [];
  private length = 0;

  op(...bytes: number[]): void {
    this.push(Uint8Array.from(bytes));
  }

  text(s: string): void {
    const b = new TextEncoder().encode(s);
    this.op(OP.BINUNICODE, ...u32(b.length));
    this.push(b);
  }

  int(n: number): void {
    if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31)
      throw new RangeError(`${n} does not fit a pickle BININT`);
    this.op(OP.BININT, ...u32(n));
  }

  global(module: string, name: string): void {
    this.op(OP.GLOBAL);
    this.push(new TextEncoder().encode(`${module}\n${name}\n`));
  }

  intTuple(items: readonly number[]): void {
    this.op(OP.MARK);
    for (const n of items) this.int(n);
    this.op(OP.TUPLE);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }
}

const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

function contiguousStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1]! * shape[i + 1]!;
  return out;
}

/** The pickle of an OrderedDict name → tensor, storage i holding tensor i. */
export function statePickle(tensors: readonly TensorToWrite[]): Uint8Array {
  const p = new PickleWriter();
  p.op(OP.PROTO, 2);
  p.global('collections', 'OrderedDict');
  p.op(OP.EMPTY_TUPLE, OP.REDUCE, OP.MARK);
  tensors.forEach((t, key) => {
    const numel = t.shape.reduce((a, b) => a * b, 1);
    if (numel !== t.values.length)
      throw new RangeError(
        `${t.name}: shape ${t.shape.join('×')} is not ${t.values.length} values`,
      );
    p.text(t.name);
    p.global('torch._utils', '_rebuild_tensor_v2');
    p.op(OP.MARK, OP.MARK); // the arguments, then the persistent id
    p.text('storage');
    p.global('torch', t.values instanceof BigInt64Array ? 'LongStorage' : 'FloatStorage');
    p.text(String(key));
    p.text('cpu');
    p.int(numel);
    p.op(OP.TUPLE, OP.BINPERSID);
    p.int(0); // storage offset
    p.intTuple(t.shape);
    p.intTuple(contiguousStrides(t.shape));
    p.op(OP.NEWFALSE); // requires_grad
    p.global('collections', 'OrderedDict'); // backward hooks: none
    p.op(OP.EMPTY_TUPLE, OP.REDUCE, OP.TUPLE, OP.REDUCE);
  });
  p.op(OP.SETITEMS, OP.STOP);
  return p.bytes();
}

/** PyTorch's own extra-field id for the padding that aligns each member's data. */
const PAD_FIELD = 0x4246; // "FB"
const ALIGN = 64;
/** A zip local file header is 30 bytes before the name and the extra field. */
const LOCAL_HEADER = 30;

export function writePth(tensors: readonly TensorToWrite[], archive = 'archive'): Uint8Array {
  const members: [string, Uint8Array][] = [
    [`${archive}/data.pkl`, statePickle(tensors)],
    ...tensors.map((t, key): [string, Uint8Array] => [
      `${archive}/data/${key}`,
      new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength),
    ]),
    [`${archive}/version`, new TextEncoder().encode('3\n')],
  ];
  // Stored members follow each other: header, name, extra field, data. The extra field is
  // sized so every member's data starts on a 64-byte boundary, as torch.save writes them
  // (torch.load(mmap=True) maps the storages in place).
  const files: Zippable = {};
  let offset = 0;
  for (const [name, data] of members) {
    const nameLength = new TextEncoder().encode(name).length;
    const before = offset + LOCAL_HEADER + nameLength + 4;
    const pad = (ALIGN - (before % ALIGN)) % ALIGN;
    files[name] = [data, { level: 0, extra: { [PAD_FIELD]: new Uint8Array(pad) } }];
    offset = before + pad + data.length;
  }
  return zipSync(files);
}
