/**
 * The part of jsfive (a pure-JS HDF5 reader, no typings of its own) that the Keras `.h5`
 * reader uses. Values come back as plain arrays; `attrs` as decoded numbers and strings.
 */
declare module 'jsfive' {
  export class Group {
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    get(path: string): Group | Dataset | null;
  }
  export class Dataset {
    readonly value: unknown;
    readonly shape: number[];
    readonly dtype: unknown;
    readonly attrs: Record<string, unknown>;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
}
