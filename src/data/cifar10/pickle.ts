import { CifarFormatError } from './errors';

/**
 * A restricted reader of Python pickles, enough for the CIFAR-10 python batches: protocol 0–2
 * data opcodes (dicts, lists, tuples, ints, strings), plus the few globals a numpy uint8 array
 * is pickled with. It never calls anything: each allowed global is interpreted here by name,
 * and any other global is refused, so a hostile pickle can do no more than fail.
 */

export type PyValue =
  | null
  | boolean
  | number
  | string
  | PyBytes
  | PyValue[]
  | PyTuple
  | PyDict
  | NdArray
  | PyDtype
  | PyGlobal;

/** A Python 2 `str` or Python 3 `bytes`: raw bytes (a view into the file, never copied). */
export interface PyBytes {
  kind: 'bytes';
  bytes: Uint8Array;
}
export interface PyTuple {
  kind: 'tuple';
  items: PyValue[];
}
export interface PyDict {
  kind: 'dict';
  /** Keys as text: Python 2 byte-string keys are read as Latin-1, as Python 3 does. */
  entries: Map<string, PyValue>;
}
export interface NdArray {
  kind: 'ndarray';
  shape: number[];
  dtype: string;
  data: Uint8Array;
}
export interface PyDtype {
  kind: 'dtype';
  descr: string;
}
export interface PyGlobal {
  kind: 'global';
  name: string;
}

/** Placeholder for an array between `_reconstruct(...)` and its BUILD. */
interface PendingArray {
  kind: 'pending-array';
}

type StackItem = PyValue | PendingArray | typeof MARK;
const MARK = Symbol('mark');

/** Globals these files use, under the module names numpy 1.x, numpy 2.x and Python 2/3 give. */
const ALLOWED_GLOBALS = new Set([
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.ndarray',
  'numpy.dtype',
  '_codecs.encode',
]);

const latin1 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
};

/** The `kind` tag of a reader object, or undefined for plain values and arrays. */
function kindOf(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const kind = (v as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : undefined;
}

export function isDict(v: unknown): v is PyDict {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'dict';
}
export function isNdArray(v: unknown): v is NdArray {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'ndarray';
}
function isBytes(v: unknown): v is PyBytes {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'bytes';
}
function isTuple(v: unknown): v is PyTuple {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'tuple';
}
function isGlobal(v: unknown, name?: string): v is PyGlobal {
  const ok = typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'global';
  return ok && (name === undefined || (v as PyGlobal).name.endsWith(name));
}

/** Text of a Python string or Python 2 byte string (Latin-1). */
export function pyText(v: PyValue | undefined): string | null {
  if (typeof v === 'string') return v;
  if (isBytes(v)) return latin1(v.bytes);
  return null;
}

export function unpickle(file: string, bytes: Uint8Array): PyValue {
  const fail = (found: string, at: number): never => {
    throw new CifarFormatError(file, {
      expected: 'a CIFAR-10 python batch (a Python pickle of a dict with labels and data)',
      found: `${found} at byte ${at.toLocaleString('en-US')}`,
    });
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: StackItem[] = [];
  const memo = new Map<number, StackItem>();
  let pos = 0;

  const need = (n: number) => {
    if (pos + n > bytes.length) fail(`the file ends inside a value (${n} more bytes needed)`, pos);
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = (): string => {
    const end = bytes.indexOf(10, pos);
    if (end < 0) fail('a text argument without its newline', pos);
    const s = latin1(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const u8 = () => take(1)[0]!;
  const u16 = () => {
    need(2);
    pos += 2;
    return view.getUint16(pos - 2, true);
  };
  const i32 = () => {
    need(4);
    pos += 4;
    return view.getInt32(pos - 4, true);
  };
  const u32 = () => {
    need(4);
    pos += 4;
    return view.getUint32(pos - 4, true);
  };
  const pop = (): StackItem => {
    if (stack.length === 0) fail('an operation on an empty stack', pos);
    return stack.pop() as StackItem;
  };
  const popValue = (): PyValue => {
    const v = pop();
    if (v === MARK || kindOf(v) === 'pending-array')
      return fail('a value where none was expected', pos);
    return v as PyValue;
  };
  const popMark = (): StackItem[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail('a missing MARK', pos);
    const items = stack.splice(at + 1);
    stack.pop();
    return items;
  };
  const top = (): StackItem => {
    if (stack.length === 0) fail('an operation on an empty stack', pos);
    return stack[stack.length - 1] as StackItem;
  };
  const dictKey = (k: StackItem): string => {
    const text = pyText(k as PyValue);
    if (text !== null) return text;
    if (typeof k === 'number') return String(k);
    return fail('a dict key that is not a string', pos);
  };
  const setItems = (dict: StackItem, items: StackItem[]) => {
    if (!isDict(dict)) fail('SETITEM on something that is not a dict', pos);
    for (let i = 0; i + 1 < items.length; i += 2)
      (dict as PyDict).entries.set(dictKey(items[i]!), items[i + 1] as PyValue);
  };
  const memoGet = (key: number) => {
    if (!memo.has(key)) fail(`a reference to memo ${key}, never stored`, pos);
    stack.push(memo.get(key) as StackItem);
  };

  const reduce = (fn: StackItem, args: StackItem): StackItem => {
    const a = isTuple(args) ? args.items : fail('REDUCE without an argument tuple', pos);
    if (isGlobal(fn, '._reconstruct')) {
      if (!isGlobal(a[0], 'numpy.ndarray'))
        fail('_reconstruct of something other than ndarray', pos);
      return { kind: 'pending-array' };
    }
    if (isGlobal(fn, 'numpy.dtype')) {
      const descr = pyText(a[0]);
      if (descr === null) fail('numpy.dtype without a type name', pos);
      return { kind: 'dtype', descr: descr as string };
    }
    if (isGlobal(fn, '_codecs.encode')) {
      // How Python 3 pickles `bytes` at protocol 2: encode(text, 'latin1').
      const text = a[0];
      if (typeof text !== 'string') fail('_codecs.encode of something other than text', pos);
      const out = new Uint8Array((text as string).length);
      for (let i = 0; i < out.length; i++) out[i] = (text as string).charCodeAt(i) & 0xff;
      return { kind: 'bytes', bytes: out };
    }
    return fail('a call this reader does not perform', pos);
  };

  const build = (obj: StackItem, state: PyValue): StackItem => {
    if (kindOf(obj) === 'dtype') {
      // State (version, byte order, …): only the byte order matters for a 1-byte type.
      return obj;
    }
    if (kindOf(obj) === 'pending-array') {
      // ndarray.__setstate__((version, shape, dtype, is_fortran, raw)).
      const s = isTuple(state) ? state.items : fail('an array state that is not a tuple', pos);
      const [, shapeValue, dtype, , raw] = s.length === 5 ? s : [undefined, ...s];
      const shape = isTuple(shapeValue)
        ? shapeValue.items.map((d) =>
            typeof d === 'number' ? d : fail('a non-integer array dimension', pos),
          )
        : fail('an array without a shape', pos);
      const descr =
        typeof dtype === 'object' && dtype !== null && 'kind' in dtype && dtype.kind === 'dtype'
          ? dtype.descr
          : fail('an array without a dtype', pos);
      if (descr !== 'u1' && descr !== '|u1' && descr !== 'uint8')
        fail(`a numpy array of dtype ${descr} (CIFAR-10 pixels are uint8)`, pos);
      const data = isBytes(raw)
        ? raw.bytes
        : typeof raw === 'string'
          ? Uint8Array.from(raw, (c) => c.charCodeAt(0))
          : fail('array data that is not a byte string', pos);
      const count = shape.reduce((n, d) => n * d, 1);
      if (data.length !== count)
        fail(`an array of shape (${shape.join(', ')}) with ${data.length} data bytes`, pos);
      // Turned into the array in place, so a memo reference to it sees the array too.
      return Object.assign(obj as PendingArray, {
        kind: 'ndarray',
        shape,
        dtype: 'uint8',
        data,
      }) as unknown as NdArray;
    }
    return fail('BUILD on an object this reader does not know', pos);
  };

  for (;;) {
    if (pos >= bytes.length) fail('the end of the file before the pickle STOP (truncated?)', pos);
    const at = pos;
    const op = bytes[pos++]!;
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail('an unknown pickle protocol', at);
        break;
      case 0x95: // FRAME (protocol 4): just a length, frames are contiguous here
        take(8);
        break;
      case 0x2e: // STOP
        return popValue();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push({ kind: 'dict', entries: new Map() });
        break;
      case 0x64: {
        // DICT
        const d: PyDict = { kind: 'dict', entries: new Map() };
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark() as PyValue[]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push({ kind: 'tuple', items: [] });
        break;
      case 0x74: // TUPLE
        stack.push({ kind: 'tuple', items: popMark() as PyValue[] });
        break;
      case 0x85:
      case 0x86:
      case 0x87: {
        // TUPLE1..3
        const n = op - 0x84;
        const items: PyValue[] = [];
        for (let i = 0; i < n; i++) items.unshift(popValue());
        stack.push({ kind: 'tuple', items });
        break;
      }
      case 0x61: {
        // APPEND
        const v = popValue();
        const list = top();
        if (!Array.isArray(list)) fail('APPEND to something that is not a list', at);
        (list as PyValue[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark() as PyValue[];
        const list = top();
        if (!Array.isArray(list)) fail('APPENDS to something that is not a list', at);
        for (const v of items) (list as PyValue[]).push(v);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = popValue();
        const k = popValue();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
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
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement of n bytes
        const n = u8();
        const b = take(n);
        let v = 0;
        for (let i = n - 1; i >= 0; i--) v = v * 256 + b[i]!;
        if (n > 0 && (b[n - 1]! & 0x80) !== 0) v -= 2 ** (8 * n);
        stack.push(v);
        break;
      }
      case 0x49: {
        // INT (text); "01"/"00" are True/False in protocol 0
        const s = line();
        stack.push(s === '01' ? true : s === '00' ? false : Number.parseInt(s, 10));
        break;
      }
      case 0x4c: // LONG (text, ends in L)
        stack.push(Number.parseInt(line().replace(/L$/, ''), 10));
        break;
      case 0x47: // BINFLOAT (big-endian double)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str)
        stack.push({ kind: 'bytes', bytes: take(u8()) });
        break;
      case 0x54: // BINSTRING (Python 2 str, 4-byte length): the 30 MB pixel payload
        stack.push({ kind: 'bytes', bytes: take(i32()) });
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push({ kind: 'bytes', bytes: take(u8()) });
        break;
      case 0x42: // BINBYTES
        stack.push({ kind: 'bytes', bytes: take(u32()) });
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(new TextDecoder().decode(take(u8())));
        break;
      case 0x58: // BINUNICODE
        stack.push(new TextDecoder().decode(take(u32())));
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x70: // PUT (text)
        memo.set(Number.parseInt(line(), 10), top());
        break;
      case 0x68: // BINGET
        memoGet(u8());
        break;
      case 0x6a: // LONG_BINGET
        memoGet(u32());
        break;
      case 0x67: // GET (text)
        memoGet(Number.parseInt(line(), 10));
        break;
      case 0x63: {
        // GLOBAL module\nname\n
        const name = `${line()}.${line()}`;
        if (!ALLOWED_GLOBALS.has(name))
          fail(`a reference to ${name}, which a CIFAR-10 batch never holds`, at);
        stack.push({ kind: 'global', name });
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const n = pyText(popValue());
        const m = pyText(popValue());
        const name = `${m}.${n}`;
        if (!ALLOWED_GLOBALS.has(name))
          fail(`a reference to ${name}, which a CIFAR-10 batch never holds`, at);
        stack.push({ kind: 'global', name });
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(reduce(fn, args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = popValue();
        const obj = pop();
        stack.push(build(obj, state));
        break;
      }
      default:
        fail(
          `pickle opcode 0x${op.toString(16).padStart(2, '0')}, which this reader does not read`,
          at,
        );
    }
  }
}
