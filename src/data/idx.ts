import { gunzip, isGzip } from './decode';
import { DataError } from './errors';

export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

export interface IdxArray {
  dtype: 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
  shape: number[];
  data: IdxData;
}

const TYPES = {
  8: { dtype: 'uint8', size: 1 },
  9: { dtype: 'int8', size: 1 },
  11: { dtype: 'int16', size: 2 },
  12: { dtype: 'int32', size: 4 },
  13: { dtype: 'float32', size: 4 },
  14: { dtype: 'float64', size: 8 },
} as const;

function isIdxType(code: number): code is keyof typeof TYPES {
  return code in TYPES;
}

/**
 * The IDX format of the MNIST files: two zero bytes, a type byte, a rank byte, big-endian
 * uint32 sizes, then big-endian values. Unsigned bytes (all of MNIST) are a zero-copy view.
 */
export function parseIdx(file: string, bytes: Uint8Array): IdxArray {
  const bad = (why: string) =>
    new DataError('parse', `not an IDX file: ${why}`, {
      file,
      hint: 'MNIST files are named like t10k-images-idx3-ubyte(.gz).',
    });
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw bad('the magic number is wrong');
  const code = bytes[2]!;
  if (!isIdxType(code)) throw bad(`unknown value type 0x${code.toString(16)}`);
  const { dtype, size } = TYPES[code];
  const rank = bytes[3]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = 4 + 4 * rank;
  if (bytes.length < start) throw bad('the header is cut short');
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== start + count * size) {
    throw new DataError(
      'parse',
      `the header promises ${count * size + start} bytes (shape ${shape.join('×')}), the file has ${bytes.length}`,
      { file, hint: 'The file is cut short or has extra bytes; download it again.' },
    );
  }
  if (dtype === 'uint8') return { dtype, shape, data: bytes.subarray(start) };
  if (dtype === 'int8')
    return { dtype, shape, data: new Int8Array(bytes.buffer, bytes.byteOffset + start, count) };
  const get = {
    int16: (o: number) => view.getInt16(o, false),
    int32: (o: number) => view.getInt32(o, false),
    float32: (o: number) => view.getFloat32(o, false),
    float64: (o: number) => view.getFloat64(o, false),
  }[dtype];
  const Ctor = {
    int16: Int16Array,
    int32: Int32Array,
    float32: Float32Array,
    float64: Float64Array,
  }[dtype];
  const data = new Ctor(count);
  for (let i = 0; i < count; i++) data[i] = get(start + i * size);
  return { dtype, shape, data };
}

/** `.gz` or raw IDX bytes. */
export async function readIdx(file: string, bytes: Uint8Array): Promise<IdxArray> {
  return parseIdx(file, isGzip(bytes) ? await gunzip(file, bytes) : bytes);
}
