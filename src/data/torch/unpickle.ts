import { PthFormatError } from './errors';

/**
 * A restricted reader of the Python pickles `torch.save` writes for a state dict (protocol 2,
 * plus the protocol 4 opcodes newer Pythons emit). It never calls anything: the few globals a
 * state dict is pickled with are interpreted here by name (an OrderedDict, a tensor rebuilt from
 * a storage, a storage type), and any other global is refused, so a hostile file can do no more
 * than fail to load. Persistent ids (the storages) are handed back as they are, for the caller
 * to resolve against the file's raw storages.
 */

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | PyGlobal
  | StorageRef
  | TensorRef;

export interface PyTuple {
  kind: 'tuple';
  items: PyValue[];
}
export interface PyDict {
  kind: 'dict';
  entries: Map<string, PyValue>;
}
export interface PyGlobal {
  kind: 'global';
  name: string;
}

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

const MARK = Symbol('mark');
type Item = PyValue | typeof MARK;

/** The globals a state dict uses; everything else is refused before it could do anything. */
const STORAGE_TYPES = new Set([
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
]);
const CALLABLE_GLOBALS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_parameter',
]);

const kindOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)
    ? (v as { kind?: string }).kind
    : undefined;

export const isDict = (v: unknown): v is PyDict => kindOf(v) === 'dict';
export const isTensor = (v: unknown): v is TensorRef => kindOf(v) === 'tensor';
const isTuple = (v: unknown): v is PyTuple => kindOf(v) === 'tuple';
const isGlobal = (v: unknown): v is PyGlobal => kindOf(v) === 'global';
const isStorage = (v: unknown): v is StorageRef => kindOf(v) === 'storage';

function asInt(v: PyValue | undefined): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= 0n) return Number(v);
  return null;
}

function intList(v: PyValue | undefined): number[] | null {
  const items = isTuple(v) ? v.items : Array.isArray(v) ? v : null;
  if (!items) return null;
  const out = items.map(asInt);
  return out.every((n): n is number => n !== null) ? out : null;
}

export interface UnpickleResult {
  value: PyValue;
  /** Byte just after STOP: legacy files put the next pickle there. */
  end: number;
}

export function unpickle(file: string, bytes: Uint8Array, start = 0): UnpickleResult {
  const fail = (found: string, at: number): never => {
    throw new PthFormatError(file, `${found} at byte ${at.toLocaleString('en-US')}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: Item[] = [];
  const memo = new Map<number, Item>();
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  let pos = start;

  const need = (n: number) => {
    if (pos + n > bytes.length) fail(`the file ends inside a value (${n} more bytes needed)`, pos);
  };
  const u8 = () => {
    need(1);
    return bytes[pos++]!;
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const take = (n: number) => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('a text line without its end', pos);
    const text = utf8.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const pop = (): PyValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) return fail('an empty stack', pos);
    return v;
  };
  const popMark = (): PyValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail('a missing MARK', pos);
    const items = stack.splice(at) as PyValue[];
    items.shift();
    return items;
  };
  const top = (): PyValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return fail('an empty stack', pos);
    return v;
  };
  const setItems = (target: PyValue, items: PyValue[]) => {
    if (!isDict(target)) return fail('SETITEM on something that is not a dict', pos);
    for (let i = 0; i + 1 < items.length; i += 2) {
      const key = items[i]!;
      target.entries.set(typeof key === 'string' ? key : String(key), items[i + 1]!);
    }
  };
  const global = (module: string, name: string): PyGlobal => {
    const full = `${module}.${name}`;
    const storage = module === 'torch' && STORAGE_TYPES.has(name);
    if (!storage && !CALLABLE_GLOBALS.has(full))
      fail(
        `a reference to ${full}, which a weights file does not need (the reader runs no code)`,
        pos,
      );
    return { kind: 'global', name: full };
  };
  const call = (fn: PyValue, args: PyValue[]): PyValue => {
    if (!isGlobal(fn)) return fail('a call of something that is not a function', pos);
    switch (fn.name) {
      case 'collections.OrderedDict':
        return { kind: 'dict', entries: new Map() };
      case 'torch._utils._rebuild_parameter':
        return args[0] ?? null;
      case 'torch._utils._rebuild_tensor':
      case 'torch._utils._rebuild_tensor_v2': {
        const [storage, offset, shape, stride] = args;
        const o = asInt(offset);
        const size = intList(shape);
        const strides = intList(stride);
        if (
          !isStorage(storage) ||
          o === null ||
          !size ||
          !strides ||
          size.length !== strides.length
        )
          return fail('a tensor without a storage, offset, size and stride', pos);
        return { kind: 'tensor', storage, offset: o, shape: size, stride: strides };
      }
      default:
        return fail(`a call of ${fn.name}`, pos);
    }
  };
  const persistent = (pid: PyValue): StorageRef => {
    const items = isTuple(pid) ? pid.items : [];
    const [tag, type, key, , numel, viewMeta] = items;
    const n = asInt(numel);
    if (tag !== 'storage' || !isGlobal(type) || typeof key !== 'string' || n === null)
      return fail('a persistent id that is not a torch storage', pos);
    let storageView: StorageRef['view'] = null;
    if (isTuple(viewMeta)) {
      const [viewKey, offset, size] = viewMeta.items;
      const o = asInt(offset);
      const s = asInt(size);
      if (typeof viewKey !== 'string' || o === null || s === null)
        return fail('a storage view without key, offset and size', pos);
      storageView = { key: viewKey, offset: o, numel: s };
    }
    return {
      kind: 'storage',
      type: type.name.replace(/^torch\./, ''),
      key,
      numel: n,
      view: storageView,
    };
  };

  for (;;) {
    const at = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME: a length hint only
        take(8);
        break;
      case 0x2e: // STOP
        return { value: pop(), end: pos };
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push({ kind: 'dict', entries: new Map() });
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push({ kind: 'tuple', items: [] });
        break;
      case 0x74: // TUPLE
        stack.push({ kind: 'tuple', items: popMark() });
        break;
      case 0x85: // TUPLE1
        stack.push({ kind: 'tuple', items: [pop()] });
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push({ kind: 'tuple', items: [pop(), b] });
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push({ kind: 'tuple', items: [pop(), b, c] });
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x64: {
        // DICT
        const d: PyDict = { kind: 'dict', entries: new Map() };
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        const list = top();
        if (!Array.isArray(list)) fail('APPEND to something that is not a list', at);
        (list as PyValue[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) fail('APPENDS to something that is not a list', at);
        (list as PyValue[]).push(...items);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
      case 0x67: {
        // GET
        const key = op === 0x68 ? u8() : op === 0x6a ? u32() : Number(line());
        const v = memo.get(key);
        if (v === undefined) fail(`a memo entry ${key} that was never stored`, at);
        stack.push(v as Item);
        break;
      }
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: {
        // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      }
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement
        const n = u8();
        const b = take(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(
          v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(v)
            : v,
        );
        break;
      }
      case 0x47: {
        // BINFLOAT: big-endian
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(utf8.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x8d: {
        // BINUNICODE8
        need(8);
        const n = Number(view.getBigUint64(pos, true));
        pos += 8;
        stack.push(utf8.decode(take(n)));
        break;
      }
      case 0x54: // BINSTRING (Python 2 str): text, as torch reads it
        stack.push(utf8.decode(take(u32())));
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()));
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          fail('STACK_GLOBAL without a module and a name', at);
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(call(fn, isTuple(args) ? args.items : []));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop();
        const cls = pop();
        stack.push(call(cls, isTuple(args) ? args.items : []));
        break;
      }
      case 0x62: // BUILD: an OrderedDict's `_metadata` and a Parameter's state are not weights
        pop();
        break;
      case 0x51: // BINPERSID
        stack.push(persistent(pop()));
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      default:
        fail(`an opcode 0x${op.toString(16).padStart(2, '0')} that a state dict does not use`, at);
    }
  }
}
