import {
  type PyDict as Dict,
  isBytes,
  isGlobal,
  isDict as isPyDict,
  pyText,
  unpickle as run,
  type UnpickleProfile,
  type PyValue as Value,
} from '../pickle/unpickle';
import { CifarFormatError } from './errors';

/**
 * The CIFAR-10 python batches, read by the shared safe unpickler with the few globals a numpy
 * uint8 array is pickled with (under numpy 1.x's and 2.x's module names), and Python 3's way
 * of pickling bytes at protocol 2. Each is interpreted here by name, never called.
 */

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
/** Placeholder for an array between `_reconstruct(...)` and its BUILD. */
interface PendingArray {
  kind: 'pending-array';
}

type Numpy = NdArray | PyDtype | PendingArray;
export type PyValue = Value<Numpy>;
export type PyDict = Dict<Numpy>;
export { pyText };

const ALLOWED = new Set([
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.ndarray',
  'numpy.dtype',
  '_codecs.encode',
]);

const kindOf = (v: unknown) =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as { kind?: unknown }).kind
    : undefined;

export const isDict = (v: unknown): v is PyDict => isPyDict(v);
export const isNdArray = (v: unknown): v is NdArray => kindOf(v) === 'ndarray';
const isTuple = (v: unknown): v is { kind: 'tuple'; items: PyValue[] } => kindOf(v) === 'tuple';

function profile(file: string): UnpickleProfile<Numpy> {
  return {
    python2Str: 'bytes',
    allowed: ALLOWED,
    refusal: 'which a CIFAR-10 batch never holds',
    error: (found, at) =>
      new CifarFormatError(file, {
        expected: 'a CIFAR-10 python batch (a Python pickle of a dict with labels and data)',
        found: `${found} at byte ${at.toLocaleString('en-US')}`,
      }),
    call(fn, args, fail) {
      if (fn.endsWith('._reconstruct')) {
        if (!isGlobal(args[0]) || args[0].name !== 'numpy.ndarray')
          fail('_reconstruct of something other than ndarray');
        return { kind: 'pending-array' };
      }
      if (fn === 'numpy.dtype') {
        const descr = pyText(args[0]);
        return descr === null ? fail('numpy.dtype without a type name') : { kind: 'dtype', descr };
      }
      if (fn === '_codecs.encode') {
        // How Python 3 pickles `bytes` at protocol 2: encode(text, 'latin1').
        const text = args[0];
        if (typeof text !== 'string') return fail('_codecs.encode of something other than text');
        const out = new Uint8Array(text.length);
        for (let i = 0; i < out.length; i++) out[i] = text.charCodeAt(i) & 0xff;
        return { kind: 'bytes', bytes: out };
      }
      return fail(`a call of ${fn}, which this reader does not perform`);
    },
    build(obj, state, fail) {
      // A dtype's state (version, byte order, …): only the byte order matters for one byte.
      if (kindOf(obj) === 'dtype') return obj;
      if (kindOf(obj) !== 'pending-array')
        return fail('BUILD on an object this reader does not know');
      // ndarray.__setstate__((version, shape, dtype, is_fortran, raw)).
      const s = isTuple(state) ? state.items : fail('an array state that is not a tuple');
      const [, shapeValue, dtype, , raw] = s.length === 5 ? s : [undefined, ...s];
      const shape = isTuple(shapeValue)
        ? shapeValue.items.map((d) =>
            typeof d === 'number' ? d : fail('a non-integer array dimension'),
          )
        : fail('an array without a shape');
      const descr =
        kindOf(dtype) === 'dtype' ? (dtype as PyDtype).descr : fail('an array without a dtype');
      if (descr !== 'u1' && descr !== '|u1' && descr !== 'uint8')
        fail(`a numpy array of dtype ${descr} (CIFAR-10 pixels are uint8)`);
      const data = isBytes(raw)
        ? raw.bytes
        : typeof raw === 'string'
          ? Uint8Array.from(raw, (c) => c.charCodeAt(0))
          : fail('array data that is not a byte string');
      const count = shape.reduce((n, d) => n * d, 1);
      if (data.length !== count)
        fail(`an array of shape (${shape.join(', ')}) with ${data.length} data bytes`);
      // Turned into the array in place, so a memo reference to it sees the array too.
      return Object.assign(obj as PendingArray, {
        kind: 'ndarray',
        shape,
        dtype: 'uint8',
        data,
      }) as unknown as NdArray;
    },
  };
}

export function unpickle(file: string, bytes: Uint8Array): PyValue {
  return run(bytes, profile(file)).value;
}
