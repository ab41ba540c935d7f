import {
  asIndex,
  type PyDict as Dict,
  isGlobal,
  isDict as isPyDict,
  itemsOf,
  pyText,
  unpickle as run,
  type Unpickled,
  type UnpickleProfile,
  type PyValue as Value,
} from '../pickle/unpickle';
import { PthFormatError } from './errors';

/**
 * The pickles `torch.save` writes for a state dict (protocol 2, plus the protocol 4 opcodes
 * newer Pythons emit), read by the shared safe unpickler with torch's few globals: an
 * OrderedDict, a tensor rebuilt from a storage, a storage type. Persistent ids (the storages)
 * are handed back as they are, for the caller to resolve against the file's raw storages.
 */

/** torch's `('storage', <type>, key, location, numel[, view])` persistent id. */
export interface StorageRef {
  kind: 'storage';
  /** FloatStorage, HalfStorage… */
  type: string;
  key: string;
  numel: number;
  /** Legacy files of torch < 0.4 may name a view of another storage: (root key, offset, size). */
  view: { key: string; offset: number; numel: number } | null;
}

/** A tensor as torch rebuilds it: a storage, an element offset, a size and strides. */
export interface TensorRef {
  kind: 'tensor';
  storage: StorageRef;
  offset: number;
  shape: number[];
  stride: number[];
}

export type PyValue = Value<StorageRef | TensorRef>;
export type PyDict = Dict<StorageRef | TensorRef>;

const STORAGE_TYPES = [
  'FloatStorage',
  'DoubleStorage',
  'HalfStorage',
  'BFloat16Storage',
  'LongStorage',
  'IntStorage',
  'ShortStorage',
  'CharStorage',
  'ByteStorage',
  'BoolStorage',
];

/** Everything a state dict's pickle may name; any other global stops the read. */
const ALLOWED = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_parameter',
  ...STORAGE_TYPES.map((t) => `torch.${t}`),
]);

const kindOf = (v: unknown) =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as { kind?: unknown }).kind
    : undefined;

export const isDict = (v: unknown): v is PyDict => isPyDict(v);
export const isTensor = (v: unknown): v is TensorRef => kindOf(v) === 'tensor';
const isStorage = (v: unknown): v is StorageRef => kindOf(v) === 'storage';

function intList(v: PyValue | undefined): number[] | null {
  const items = itemsOf(v);
  if (!items) return null;
  const out = items.map(asIndex);
  return out.every((n): n is number => n !== null) ? out : null;
}

function profile(file: string): UnpickleProfile<StorageRef | TensorRef> {
  return {
    python2Str: 'text',
    allowed: ALLOWED,
    refusal: 'which a weights file does not need (the reader runs no code)',
    error: (found, at) =>
      new PthFormatError(file, `${found} at byte ${at.toLocaleString('en-US')}`),
    call(fn, args, fail) {
      switch (fn) {
        case 'collections.OrderedDict': {
          // OrderedDict() as torch.save writes it, or OrderedDict([(key, value), …]).
          const dict: PyDict = { kind: 'dict', entries: new Map() };
          for (const pair of itemsOf(args[0]) ?? []) {
            const [k, v] = itemsOf(pair) ?? [];
            const key = pyText(k);
            if (key !== null && v !== undefined) dict.entries.set(key, v);
          }
          return dict;
        }
        case 'torch._utils._rebuild_parameter':
          return args[0] ?? null;
        case 'torch._utils._rebuild_tensor':
        case 'torch._utils._rebuild_tensor_v2': {
          const [storage, offset, shape, stride] = args;
          const o = asIndex(offset);
          const size = intList(shape);
          const strides = intList(stride);
          if (
            !isStorage(storage) ||
            o === null ||
            !size ||
            !strides ||
            size.length !== strides.length
          )
            return fail('a tensor without a storage, offset, size and stride');
          return { kind: 'tensor', storage, offset: o, shape: size, stride: strides };
        }
        default:
          return fail(`a call of ${fn}`);
      }
    },
    // An OrderedDict's `_metadata` and a Parameter's state are not weights.
    build: (obj) => obj,
    persistent(pid, fail) {
      const [tag, type, key, , numel, viewMeta] = itemsOf(pid) ?? [];
      const n = asIndex(numel);
      const k = pyText(key);
      if (pyText(tag) !== 'storage' || !isGlobal(type) || k === null || n === null)
        return fail('a persistent id that is not a torch storage');
      let storageView: StorageRef['view'] = null;
      const meta = itemsOf(viewMeta);
      if (meta) {
        const [viewKey, offset, size] = meta;
        const vk = pyText(viewKey);
        const o = asIndex(offset);
        const s = asIndex(size);
        if (vk === null || o === null || s === null)
          return fail('a storage view without key, offset and size');
        storageView = { key: vk, offset: o, numel: s };
      }
      return {
        kind: 'storage',
        type: type.name.replace(/^torch\./, ''),
        key: k,
        numel: n,
        view: storageView,
      };
    },
  };
}

export type UnpickleResult = Unpickled<StorageRef | TensorRef>;

export function unpickle(file: string, bytes: Uint8Array, start = 0): UnpickleResult {
  return run(bytes, profile(file), start);
}
