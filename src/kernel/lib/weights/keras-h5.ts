import { UserFacingError } from '@/utils/errors';

/**
 * Reads the weights of a Keras HDF5 file: what `model.save_weights('x.h5')` writes (Keras 2,
 * and the keras-applications files such as vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5),
 * or a whole `model.save('x.h5')`, whose `model_weights` group has the same layout. Keras
 * lists its layers in a `layer_names` attribute and each layer's weights in a `weight_names`
 * attribute of the layer's group, in the order the layer creates them (kernel, bias; gamma,
 * beta, moving mean, moving variance), in TensorFlow's layouts, which are tfjs's too.
 * HDF5 itself is parsed by jsfive (pure JS, loaded only when a file is read).
 */

export interface KerasWeight {
  /** The weight's name in the file ('block1_conv1/kernel:0'). */
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface KerasLayerWeights {
  layer: string;
  weights: KerasWeight[];
}

export interface KerasH5File {
  kind: 'keras-h5';
  /** Layers that have weights, in the file's layer order. */
  layers: KerasLayerWeights[];
  kerasVersion: string | null;
  backend: string | null;
  /** Whether the weights came from a whole-model file (under model_weights). */
  fullModel: boolean;
}

/** An .h5 this reader cannot take, named, with what was found. */
export class KerasH5Error extends UserFacingError {
  override name = 'KerasH5Error';
  readonly file: string;
  constructor(file: string, found: string, hint?: string) {
    super(
      `${file} is not a Keras weights file this app can read: ${found}.`,
      hint ??
        "Give a file written by Keras's model.save_weights('name.h5') or model.save('name.h5') (HDF5), such as keras-applications' vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5.",
    );
    this.file = file;
  }
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Where the HDF5 signature is: at 0, or after a user block of 512 · 2^k bytes. */
function signatureAt(bytes: Uint8Array): number {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2)
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return at;
  return -1;
}

/** The end-of-file address the superblock announces (relative to its base), if it says one. */
function announcedEnd(bytes: Uint8Array, at: number): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = bytes[at + 8];
  // Version 0/1: end of file at 40 with 8-byte offsets; version 2/3: at 28.
  const offsetSize = version === 0 || version === 1 ? bytes[at + 13] : bytes[at + 9];
  const field = version === 0 ? 40 : version === 1 ? 44 : version === 2 || version === 3 ? 28 : -1;
  if (field < 0 || offsetSize !== 8 || at + field + 8 > bytes.length) return null;
  const end = view.getBigUint64(at + field, true);
  return end > BigInt(Number.MAX_SAFE_INTEGER) ? null : at + Number(end);
}

type H5 = typeof import('jsfive');
type Group = InstanceType<H5['Group']>;

/** A fixed-length HDF5 string keeps its NUL padding; Keras strips it on reading. */
const clean = (s: string) => s.replace(/\0+$/, '');

/** Keras's load_attributes_from_hdf5_group: one attribute, or name0, name1… when split. */
function stringsAttr(group: Group, name: string): string[] | null {
  const read = (v: unknown): string[] | null => {
    if (Array.isArray(v)) return v.map((s) => clean(String(s)));
    if (typeof v === 'string') return [clean(v)];
    return null;
  };
  if (name in group.attrs) return read(group.attrs[name]) ?? [];
  if (!(`${name}0` in group.attrs)) return null;
  const out: string[] = [];
  for (let i = 0; `${name}${i}` in group.attrs; i++)
    out.push(...(read(group.attrs[`${name}${i}`]) ?? []));
  return out;
}

const textAttr = (group: Group, name: string): string | null => {
  const v = group.attrs[name];
  return typeof v === 'string' ? clean(v) : null;
};

function isGroup(h5: H5, v: unknown): v is Group {
  return v instanceof h5.Group;
}

export async function readKerasH5(file: string, bytes: Uint8Array): Promise<KerasH5File> {
  const at = signatureAt(bytes);
  if (at < 0)
    throw new KerasH5Error(
      file,
      bytes.length < 8
        ? `it has only ${bytes.length} bytes`
        : 'no HDF5 signature (it is not an HDF5 file)',
    );
  const end = announcedEnd(bytes, at);
  if (end !== null && end > bytes.length)
    throw new KerasH5Error(
      file,
      `the file is cut short: it has ${bytes.length.toLocaleString('en-US')} of the ${end.toLocaleString('en-US')} bytes its header announces`,
      'The download was cut short: download the file again.',
    );
  const h5 = await import('jsfive');
  // jsfive throws strings and RangeErrors on damage it meets: each becomes this file's error.
  const damaged = (error: unknown, where: string): never => {
    const detail = error instanceof Error ? error.message : String(error);
    throw new KerasH5Error(file, `a damaged HDF5 structure at ${where} (${detail})`);
  };
  let root: Group;
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    root = new h5.File(buffer as ArrayBuffer, file);
  } catch (error) {
    return damaged(error, 'its root');
  }
  let group = root;
  let fullModel = false;
  if (stringsAttr(root, 'layer_names') === null) {
    const nested = root.keys.includes('model_weights') ? root.get('model_weights') : null;
    if (!isGroup(h5, nested)) {
      const keys = root.keys.slice(0, 8).join(', ');
      throw new KerasH5Error(
        file,
        `an HDF5 file without Keras's layer_names (it holds ${keys || 'nothing'})`,
        root.keys.includes('layers') || root.keys.includes('vars')
          ? "This looks like Keras 3's .weights.h5; save with Keras 2 (tf.keras) or as model.save('name.h5')."
          : undefined,
      );
    }
    group = nested;
    fullModel = true;
  }
  const layerNames = stringsAttr(group, 'layer_names') ?? [];
  const layers: KerasLayerWeights[] = [];
  for (const layer of layerNames) {
    let g: unknown;
    try {
      g = group.get(layer);
    } catch (error) {
      damaged(error, `layer ${layer}`);
    }
    if (!isGroup(h5, g)) throw new KerasH5Error(file, `layer ${layer} is listed but has no group`);
    const weightNames = stringsAttr(g, 'weight_names') ?? [];
    const weights: KerasWeight[] = [];
    for (const name of weightNames) {
      let shape: number[];
      let raw: unknown;
      let dtype: unknown;
      try {
        const d = g.get(name);
        if (!(d instanceof h5.Dataset))
          throw new KerasH5Error(file, `weight ${layer}/${name} is listed but missing`);
        shape = [...d.shape];
        dtype = d.dtype;
        if (typeof dtype !== 'string' || !/^[<>=|]?f[48]$/.test(dtype))
          throw new KerasH5Error(
            file,
            `weight ${layer}/${name} is of type ${JSON.stringify(dtype)}, not float32 or float64`,
          );
        raw = d.value;
      } catch (error) {
        if (error instanceof KerasH5Error) throw error;
        return damaged(error, `weight ${layer}/${name}`);
      }
      const n = shape.reduce((a, b) => a * b, 1);
      if (!Array.isArray(raw) || raw.length !== n)
        throw new KerasH5Error(
          file,
          `weight ${layer}/${name} has ${Array.isArray(raw) ? raw.length : 0} values for its shape ${shape.join('×')}`,
        );
      weights.push({ name, shape, values: Float32Array.from(raw as number[]) });
    }
    if (weights.length > 0) layers.push({ layer, weights });
  }
  if (layers.length === 0) throw new KerasH5Error(file, 'a Keras file with no weights in it');
  return {
    kind: 'keras-h5',
    layers,
    kerasVersion: textAttr(group, 'keras_version') ?? textAttr(root, 'keras_version'),
    backend: textAttr(group, 'backend') ?? textAttr(root, 'backend'),
    fullModel,
  };
}
