/**
 * A file's bytes, read a slice at a time. A picked or stored file is a Blob whose bytes the
 * browser keeps outside the page's memory (on disk, or in its own process); reading it in
 * slices while parsing means the renderer never holds the whole file beside the table it
 * becomes (issue #15: peak memory ≤ 3× the file).
 */
export interface ByteSource {
  readonly size: number;
  /** The bytes [start, end). A view where the source is already in memory; do not keep it. */
  read(start: number, end: number): Uint8Array;
}

/** Workers' synchronous reader (lib.webworker.d.ts; the app is typed against the DOM lib). */
declare const FileReaderSync:
  | (new () => { readAsArrayBuffer(blob: Blob): ArrayBuffer })
  | undefined;

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.byteLength, read: (start, end) => bytes.subarray(start, end) };
}

/**
 * A Blob read synchronously, slice by slice. FileReaderSync exists only in workers (where the
 * kernel parses): elsewhere this is null and the caller reads the Blob whole.
 */
export function blobSource(blob: Blob): ByteSource | null {
  if (typeof FileReaderSync === 'undefined') return null;
  const reader = new FileReaderSync();
  return {
    size: blob.size,
    read: (start, end) => new Uint8Array(reader.readAsArrayBuffer(blob.slice(start, end))),
  };
}

/** The forms a file reaches the parser in. */
export type FileBytes = ArrayBuffer | Uint8Array | Blob;

/** Its size, without reading it. */
export function sizeOf(input: FileBytes): number {
  return input instanceof Blob ? input.size : input.byteLength;
}

/** Any of those forms as a source. */
export async function sourceOf(input: FileBytes): Promise<ByteSource> {
  if (input instanceof Blob)
    return blobSource(input) ?? bytesSource(new Uint8Array(await input.arrayBuffer()));
  return bytesSource(input instanceof Uint8Array ? input : new Uint8Array(input));
}

/** All of a source's bytes at once, for the formats that need them (gzip, xls, xlsx). */
export function wholeOf(source: ByteSource): Uint8Array {
  return source.read(0, source.size);
}
