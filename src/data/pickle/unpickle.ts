/**
 * One small, safe reader of Python pickles, shared by the CIFAR-10 python batches and PyTorch's
 * `.pth` files. A pickle is a program for a stack machine that may import and call anything;
 * this machine imports and calls nothing. A global is a name, checked against the reader's
 * short allowed list before it is even pushed; REDUCE, NEWOBJ, BUILD and persistent ids are
 * handed to the reader's profile, which interprets the few it knows by name (an OrderedDict, a
 * numpy array, a torch tensor rebuilt from a storage) and refuses the rest. So a hostile file
 * can do no more than fail to load.
 *
 * Opcodes: the binary ones of protocols 2–5 (frames read in place), and protocol 0's text ints
 * and memo; never INST/OBJ (which build any class), EXT or out-of-band buffers.
 */

/** A Python 2 `str` or Python 3 `bytes`: a view into the file, never copied. */
export interface PyBytes {
  kind: 'bytes';
  bytes: Uint8Array;
}
export interface PyTuple<X> {
  kind: 'tuple';
  items: PyValue<X>[];
}
export interface PyDict<X> {
  kind: 'dict';
  /** Keys as text: byte-string keys are read as Latin-1 (as Python 3 does), ints as digits. */
  entries: Map<string, PyValue<X>>;
}
export interface PyGlobal {
  kind: 'global';
  /** `module.name`, one of the profile's allowed globals. */
  name: string;
}

/** A Python value; X is what a profile makes of the globals it interprets. */
export type PyValue<X = never> =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyBytes
  | PyValue<X>[]
  | PyTuple<X>
  | PyDict<X>
  | PyGlobal
  | X;

export type Fail = (found: string) => never;

/** What a reader allows, and what the few calls it allows mean. */
export interface UnpickleProfile<X> {
  /**
   * Python 2 `str` (SHORT_BINSTRING, BINSTRING): raw bytes (a numpy array's payload), or
   * UTF-8 text, as `torch.load` reads it (`encoding='utf-8'`).
   */
  python2Str: 'bytes' | 'text';
  /** The globals the file may name. Everything else stops the read where it is named. */
  allowed: ReadonlySet<string>;
  /** Why a global is refused, in the reader's words ("a CIFAR-10 batch never holds it"). */
  refusal: string;
  /** REDUCE and NEWOBJ of an allowed global: the value it stands for. */
  call(fn: string, args: PyValue<X>[], fail: Fail): PyValue<X>;
  /** BUILD (`obj.__setstate__(state)`); without it the state is dropped. */
  build?(obj: PyValue<X>, state: PyValue<X>, fail: Fail): PyValue<X>;
  /** BINPERSID (torch's storages); without it a persistent id is refused. */
  persistent?(pid: PyValue<X>, fail: Fail): PyValue<X>;
  /** The reader's own error for what was found at a byte offset. */
  error(found: string, at: number): Error;
}

export interface Unpickled<X> {
  value: PyValue<X>;
  /** The byte after STOP: torch's legacy format puts the next pickle there. */
  end: number;
}

const MARK = Symbol('mark');
type Item<X> = PyValue<X> | typeof MARK;

function kindOf(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array)
    return undefined;
  const kind = (v as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : undefined;
}

export const isDict = <X>(v: unknown): v is PyDict<X> => kindOf(v) === 'dict';
export const isTuple = <X>(v: unknown): v is PyTuple<X> => kindOf(v) === 'tuple';
export const isBytes = (v: unknown): v is PyBytes => kindOf(v) === 'bytes';
export const isGlobal = (v: unknown): v is PyGlobal => kindOf(v) === 'global';

export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

/** Text of a Python string or byte string (Latin-1), else null. */
export function pyText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (isBytes(v)) return latin1(v.bytes);
  return null;
}

/** A non-negative integer (an int or a small long), else null. */
export function asIndex(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'bigint' && v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return null;
}

/** The items of a tuple or list, else null. */
export function itemsOf<X>(v: PyValue<X> | undefined): PyValue<X>[] | null {
  if (Array.isArray(v)) return v;
  return isTuple<X>(v) ? v.items : null;
}

export function unpickle<X>(
  bytes: Uint8Array,
  profile: UnpickleProfile<X>,
  start = 0,
): Unpickled<X> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  const stack: Item<X>[] = [];
  const memo = new Map<number, Item<X>>();
  let pos = start;
  let opAt = start;

  const fail: Fail = (found) => {
    throw profile.error(found, opAt);
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail(`the file ends inside a value (${n} more bytes needed)`);
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
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
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('a text argument without its newline');
    const text = utf8.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const pop = (): PyValue<X> => {
    const v = stack.pop();
    if (v === undefined || v === MARK) return fail('an operation on an empty stack');
    return v;
  };
  const top = (): PyValue<X> => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return fail('an operation on an empty stack');
    return v;
  };
  const popMark = (): PyValue<X>[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail('a missing MARK');
    const items = stack.splice(at + 1) as PyValue<X>[];
    stack.pop();
    return items;
  };
  const dictKey = (k: PyValue<X>): string => {
    const text = pyText(k);
    if (text !== null) return text;
    if (typeof k === 'number' || typeof k === 'bigint') return String(k);
    return fail('a dict key that is not a string or an int');
  };
  const setItems = (target: PyValue<X>, items: PyValue<X>[]) => {
    if (!isDict<X>(target)) return fail('SETITEM on something that is not a dict');
    for (let i = 0; i + 1 < items.length; i += 2)
      target.entries.set(dictKey(items[i]!), items[i + 1]!);
  };
  const appendTo = (list: PyValue<X>, items: PyValue<X>[]) => {
    if (!Array.isArray(list)) return fail('APPEND to something that is not a list');
    list.push(...items);
  };
  const global = (module: string, name: string): PyGlobal => {
    const full = `${module}.${name}`;
    if (!profile.allowed.has(full)) fail(`a reference to ${full}, ${profile.refusal}`);
    return { kind: 'global', name: full };
  };
  const call = (fn: PyValue<X>, args: PyValue<X>): PyValue<X> => {
    if (!isGlobal(fn)) return fail('a call of something that is not an allowed global');
    const list = itemsOf(args) ?? fail(`a call of ${fn.name} without an argument tuple`);
    return profile.call(fn.name, list, fail);
  };
  const pushLong = (v: bigint) =>
    stack.push(
      v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v,
    );
  const str2 = (b: Uint8Array): PyValue<X> =>
    profile.python2Str === 'bytes' ? { kind: 'bytes', bytes: b } : utf8.decode(b);

  for (;;) {
    if (pos >= bytes.length) fail('the end of the file before the pickle STOP (truncated?)');
    opAt = pos;
    const op = bytes[pos++]!;
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail('an unknown pickle protocol');
        break;
      case 0x95: // FRAME: a length hint; frames are read in place
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
      case 0x64: {
        // DICT
        const d: PyDict<X> = { kind: 'dict', entries: new Map() };
        setItems(d, popMark());
        stack.push(d);
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push({ kind: 'tuple', items: [] });
        break;
      case 0x74: // TUPLE
        stack.push({ kind: 'tuple', items: popMark() });
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const items: PyValue<X>[] = [];
        for (let i = op - 0x84; i > 0; i--) items.unshift(pop());
        stack.push({ kind: 'tuple', items });
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        appendTo(top(), [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        appendTo(top(), items);
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
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (n > 0 && b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        pushLong(v);
        break;
      }
      case 0x49: {
        // INT (text); "01"/"00" are True/False in protocol 0
        const s = line();
        stack.push(s === '01' ? true : s === '00' ? false : Number.parseInt(s, 10));
        break;
      }
      case 0x4c: // LONG (text, ends in L)
        pushLong(BigInt(line().replace(/L$/, '')));
        break;
      case 0x47: // BINFLOAT: big-endian double
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str)
        stack.push(str2(take(u8())));
        break;
      case 0x54: // BINSTRING (Python 2 str): CIFAR-10's 30 MB pixel payload
        stack.push(str2(take(u32())));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push({ kind: 'bytes', bytes: take(u8()) });
        break;
      case 0x42: // BINBYTES
        stack.push({ kind: 'bytes', bytes: take(u32()) });
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8.decode(take(u8())));
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8.decode(take(u32())));
        break;
      case 0x8d: {
        // BINUNICODE8
        need(8);
        const n = view.getBigUint64(pos, true);
        pos += 8;
        if (n > BigInt(bytes.length)) fail('a string longer than the file');
        stack.push(utf8.decode(take(Number(n))));
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT (text)
        memo.set(Number.parseInt(line(), 10), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
      case 0x67: {
        // GET (text)
        const key = op === 0x68 ? u8() : op === 0x6a ? u32() : Number.parseInt(line(), 10);
        const v = memo.get(key);
        if (v === undefined) fail(`a reference to memo ${key}, never stored`);
        stack.push(v as Item<X>);
        break;
      }
      case 0x63: {
        // GLOBAL module\nname\n
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pyText(pop());
        const module = pyText(pop());
        if (module === null || name === null) fail('STACK_GLOBAL without a module and a name');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: // REDUCE
      case 0x81: {
        // NEWOBJ
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = pop();
        stack.push(profile.build ? profile.build(obj, state, fail) : obj);
        break;
      }
      case 0x51: // BINPERSID
        if (!profile.persistent) fail('a persistent id, which this file never holds');
        stack.push(profile.persistent!(pop(), fail));
        break;
      case 0x30: // POP
        if (stack.pop() === undefined) fail('an operation on an empty stack');
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      default:
        fail(
          `pickle opcode 0x${op.toString(16).padStart(2, '0')}, which this reader does not read`,
        );
    }
  }
}
