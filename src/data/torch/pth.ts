import { unzipLimited, ZipFormatError } from '../inflate';
import { PthFormatError } from './errors';
import {
  isDict,
  isTensor,
  type PyValue,
  type StorageRef,
  type TensorRef,
  unpickle,
} from './unpickle';

/**
 * Reads a PyTorch state dict (`torch.save(model.state_dict(), path)`) in both of torch.save's
 * formats: the zip one (PyTorch ≥ 1.6: `<name>/data.pkl` beside one file per storage) and the
 * legacy one the 2017 torchvision files use (a magic-number pickle, a protocol pickle, a
 * sys-info pickle, the object pickle, a pickle of storage keys, then each storage raw, prefixed
 * by its element count). Tensors come out contiguous, strides and offsets honoured, as float32
 * (float16, bfloat16 and float64 converted: tfjs computes in float32) or int32.
 */

export type TorchDtype =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool';

export interface TorchTensor {
  shape: number[];
  /** The dtype in the file; `values` is float32 for the float ones and int32 for the rest. */
  dtype: TorchDtype;
  values: Float32Array | Int32Array;
}

export type StateDict = Map<string, TorchTensor>;

export interface PthFile {
  stateDict: StateDict;
  format: 'zip' | 'legacy';
  /** Where the tensors were inside the file: '' for a plain state dict, else the key used. */
  foundUnder: string;
}

const STORAGES: Record<string, { dtype: TorchDtype; size: number }> = {
  FloatStorage: { dtype: 'float32', size: 4 },
  DoubleStorage: { dtype: 'float64', size: 8 },
  HalfStorage: { dtype: 'float16', size: 2 },
  BFloat16Storage: { dtype: 'bfloat16', size: 2 },
  LongStorage: { dtype: 'int64', size: 8 },
  IntStorage: { dtype: 'int32', size: 4 },
  ShortStorage: { dtype: 'int16', size: 2 },
  CharStorage: { dtype: 'int8', size: 1 },
  ByteStorage: { dtype: 'uint8', size: 1 },
  BoolStorage: { dtype: 'bool', size: 1 },
};

/** The legacy format's first pickle: a LONG1 holding 0x1950a86a20f9469cfc6c. */
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/** Raw bytes of each storage, by the key the pickle names it with. */
type Storages = Map<string, Uint8Array>;

export interface ReadPthOptions {
  /** Tensors to read; the others are skipped without being copied (VGG-19's 400 MB head). */
  keep?: (name: string) => boolean;
}

export function readPth(file: string, bytes: Uint8Array, options: ReadPthOptions = {}): PthFile {
  if (bytes.length < 4) throw new PthFormatError(file, `it has only ${bytes.length} bytes`);
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const { root, storages, format } = isZip ? readZip(file, bytes) : readLegacy(file, bytes);
  const { tensors, foundUnder } = findTensors(file, root);
  const stateDict: StateDict = new Map();
  for (const [name, ref] of tensors)
    if (!options.keep || options.keep(name))
      stateDict.set(name, materialise(file, name, ref, storages));
  return { stateDict, format, foundUnder };
}

function readZip(file: string, bytes: Uint8Array) {
  let members: Map<string, Uint8Array>;
  try {
    members = unzipLimited(file, bytes);
  } catch (error) {
    if (error instanceof ZipFormatError)
      throw new PthFormatError(file, `a damaged zip (${error.message})`);
    throw error;
  }
  const pkl = [...members.keys()].find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (!pkl) {
    throw new PthFormatError(
      file,
      'a zip without the <name>/data.pkl that torch.save writes',
      'This zip is not a PyTorch file; a Keras or tfjs checkpoint is opened elsewhere (checkpoint.load).',
    );
  }
  const prefix = pkl.slice(0, -'data.pkl'.length);
  const order = members.get(`${prefix}byteorder`);
  if (order && new TextDecoder().decode(order).trim() === 'big')
    throw new PthFormatError(file, 'it was saved on a big-endian machine');
  const storages: Storages = new Map();
  for (const [name, data] of members)
    if (name.startsWith(`${prefix}data/`)) storages.set(name.slice(prefix.length + 5), data);
  return { root: unpickle(file, members.get(pkl)!).value, storages, format: 'zip' as const };
}

function readLegacy(file: string, bytes: Uint8Array) {
  const notTorch = () =>
    new PthFormatError(
      file,
      bytes[0] === 0x80
        ? "a Python pickle without torch.save's header"
        : 'neither a zip nor a pickle',
    );
  let magic: PyValue;
  let pos: number;
  try {
    ({ value: magic, end: pos } = unpickle(file, bytes));
  } catch {
    throw notTorch();
  }
  const isMagic = typeof magic === 'bigint' ? magic === LEGACY_MAGIC : false;
  if (!isMagic) throw notTorch();
  const protocol = unpickle(file, bytes, pos);
  if (protocol.value !== 1001)
    throw new PthFormatError(file, `torch.save protocol ${String(protocol.value)}, not 1001`);
  const sysInfo = unpickle(file, bytes, protocol.end);
  if (isDict(sysInfo.value) && sysInfo.value.entries.get('little_endian') === false)
    throw new PthFormatError(file, 'it was saved on a big-endian machine');
  const object = unpickle(file, bytes, sysInfo.end);
  const keys = unpickle(file, bytes, object.end);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string'))
    throw new PthFormatError(file, 'no list of storage keys after the object');

  // Each storage's declared element count and type come from the pickle's persistent ids.
  const declared = new Map<string, StorageRef>();
  collectStorages(object.value, declared);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const storages: Storages = new Map();
  let at = keys.end;
  for (const key of keys.value as string[]) {
    const ref = declared.get(key);
    if (!ref) throw new PthFormatError(file, `storage ${key} is listed but no tensor uses it`);
    const size = STORAGES[ref.type]?.size;
    if (!size) throw new PthFormatError(file, `a ${ref.type}, which is not a tensor storage`);
    if (at + 8 > bytes.length) throw truncated(file, key, at);
    const numel = Number(view.getBigInt64(at, true));
    at += 8;
    if (numel !== ref.numel)
      throw new PthFormatError(
        file,
        `storage ${key} holds ${numel} elements where its tensor says ${ref.numel}`,
      );
    if (at + numel * size > bytes.length) throw truncated(file, key, at);
    storages.set(key, bytes.subarray(at, at + numel * size));
    at += numel * size;
  }
  return { root: object.value, storages, format: 'legacy' as const };
}

const truncated = (file: string, key: string, at: number) =>
  new PthFormatError(
    file,
    `the file ends inside storage ${key} (byte ${at.toLocaleString('en-US')})`,
    'The download was cut short: download the file again.',
  );

function collectStorages(v: PyValue, out: Map<string, StorageRef>): void {
  if (isTensor(v)) out.set(v.storage.key, v.storage);
  else if (isDict(v)) for (const x of v.entries.values()) collectStorages(x, out);
  else if (Array.isArray(v)) for (const x of v) collectStorages(x, out);
}

/** Keys under which training scripts commonly nest the state dict in a checkpoint dict. */
const NESTED = ['state_dict', 'model_state_dict', 'model', 'net', 'weights'];

function tensorsOf(v: PyValue): [string, TensorRef][] {
  return isDict(v) ? [...v.entries].filter((e): e is [string, TensorRef] => isTensor(e[1])) : [];
}

function findTensors(
  file: string,
  root: PyValue,
): { tensors: [string, TensorRef][]; foundUnder: string } {
  const direct = tensorsOf(root);
  if (direct.length > 0) return { tensors: direct, foundUnder: '' };
  if (isDict(root)) {
    for (const key of NESTED) {
      const nested = tensorsOf(root.entries.get(key) ?? null);
      if (nested.length > 0) return { tensors: nested, foundUnder: key };
    }
    const keys = [...root.entries.keys()].slice(0, 8).join(', ');
    throw new PthFormatError(file, `a dict with no tensors in it (keys: ${keys || 'none'})`);
  }
  throw new PthFormatError(file, 'a single object, not a dict of tensors (a state dict)');
}

function materialise(file: string, name: string, ref: TensorRef, storages: Storages): TorchTensor {
  const { storage } = ref;
  const kind = STORAGES[storage.type];
  if (!kind) throw new PthFormatError(file, `tensor ${name} is stored as ${storage.type}`);
  const raw = storages.get(storage.key);
  if (!raw)
    throw new PthFormatError(
      file,
      `tensor ${name} names storage ${storage.key}, which the file lacks`,
    );
  const available = raw.length / kind.size;
  const base = (storage.view?.offset ?? 0) + ref.offset;
  const numel = ref.shape.reduce((a, b) => a * b, 1);
  let last = base;
  for (let d = 0; d < ref.shape.length; d++) last += (ref.shape[d]! - 1) * ref.stride[d]!;
  if (numel > 0 && (base < 0 || last >= available))
    throw new PthFormatError(
      file,
      `tensor ${name} (shape ${ref.shape.join('×')}) reaches element ${last} of a storage of ${available}`,
    );
  const read = reader(kind.dtype, raw);
  const float = !kind.dtype.startsWith('int') && kind.dtype !== 'uint8' && kind.dtype !== 'bool';
  const values = float ? new Float32Array(numel) : new Int32Array(numel);
  // Walk the index like an odometer: contiguous or not, each element is read once.
  const rank = ref.shape.length;
  const index = new Array<number>(rank).fill(0);
  let source = base;
  for (let i = 0; i < numel; i++) {
    values[i] = read(source);
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      source += ref.stride[d]!;
      if (index[d]! < ref.shape[d]!) break;
      source -= ref.stride[d]! * ref.shape[d]!;
      index[d] = 0;
    }
  }
  return { shape: ref.shape, dtype: kind.dtype, values };
}

function reader(dtype: TorchDtype, raw: Uint8Array): (element: number) => number {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'float32':
      return (e) => view.getFloat32(e * 4, true);
    case 'float64':
      return (e) => view.getFloat64(e * 8, true);
    case 'float16':
      return (e) => halfToFloat(view.getUint16(e * 2, true));
    case 'bfloat16':
      return (e) => {
        const bits = new DataView(new ArrayBuffer(4));
        bits.setUint32(0, view.getUint16(e * 2, true) << 16);
        return bits.getFloat32(0);
      };
    case 'int64':
      return (e) => Number(view.getBigInt64(e * 8, true));
    case 'int32':
      return (e) => view.getInt32(e * 4, true);
    case 'int16':
      return (e) => view.getInt16(e * 2, true);
    case 'int8':
      return (e) => view.getInt8(e);
    default:
      return (e) => raw[e]!;
  }
}

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
