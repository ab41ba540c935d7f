import type { ByteSource } from './byte-source';
import { DataError } from './errors';
import { DEFAULT_EXPANSION_CAP, gunzipLimited } from './inflate';
import type { TextChunk } from './records';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

const ENCODING_HINT = 'Try "auto", "utf-8", "utf-16le", "utf-16be" or "windows-1252".';

export interface Decoded {
  text: string;
  /** The WHATWG name: 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', … */
  encoding: string;
  bom: boolean;
  /** Things the user should know, e.g. that the file was not valid UTF-8. */
  warnings: string[];
}

const SAMPLE = 64 * 1024;

function bomOf(b: Uint8Array): { encoding: Encoding; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16 without a BOM shows as ASCII with a NUL beside every character. */
function utf16WithoutBom(sample: Uint8Array): Encoding | null {
  if (sample.length < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = Math.floor(sample.length / 2);
  if (oddNul > pairs * 0.9 && evenNul === 0) return 'utf-16le';
  if (evenNul > pairs * 0.9 && oddNul === 0) return 'utf-16be';
  return null;
}

/** Share of bytes that no text file has: NUL and C0 controls other than tab, LF, FF, CR. */
function controlShare(sample: Uint8Array): { nul: boolean; share: number } {
  let nul = false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i]!;
    if (c === 0) nul = true;
    if (c < 9 || (c > 13 && c < 32) || c === 11) bad++;
  }
  return { nul, share: sample.length ? bad / sample.length : 0 };
}

function binaryError(file: string): DataError {
  return new DataError('binary', 'this is not a text file: it holds binary bytes', {
    file,
    hint: 'Pick the CSV/TSV or Excel file itself; images, archives and model files cannot be read as a table.',
  });
}

/** What to decode with, decided from the BOM and the first 64 KiB. */
export interface EncodingChoice {
  encoding: string;
  /** BOM bytes to skip. */
  skip: number;
  /** Bytes that do not decode are an error (a user's choice, or the UTF-8 guess). */
  fatal: boolean;
  /** No BOM and no choice: UTF-8 is a guess that Windows-1252 backs up. */
  guessed: boolean;
  warnings: string[];
}

/**
 * A BOM decides the encoding and is dropped (else the first column is named "\ufeffD");
 * without one, strict UTF-8 is tried and Windows-1252 is the fallback, since old European
 * exports are the usual non-UTF-8 CSVs.
 */
export function chooseEncoding(file: string, bytes: Uint8Array, encoding?: string): EncodingChoice {
  const warnings: string[] = [];
  const bom = bomOf(bytes);
  if (encoding && encoding !== 'auto') {
    let canonical: string;
    try {
      canonical = new TextDecoder(encoding).encoding;
    } catch {
      throw new DataError('encoding', `unknown encoding "${encoding}"`, {
        file,
        hint: ENCODING_HINT,
      });
    }
    const skip = bom && bom.encoding === canonical ? bom.length : 0;
    return { encoding: canonical, skip, fatal: true, guessed: false, warnings };
  }
  if (bom)
    return { encoding: bom.encoding, skip: bom.length, fatal: false, guessed: false, warnings };
  const sample = bytes.subarray(0, SAMPLE);
  const { nul, share } = controlShare(sample);
  if (nul) {
    const utf16 = utf16WithoutBom(sample);
    if (!utf16) throw binaryError(file);
    warnings.push(
      `${file}: no byte-order mark; read as ${utf16.toUpperCase()} from the byte pattern.`,
    );
    return { encoding: utf16, skip: 0, fatal: false, guessed: false, warnings };
  }
  if (share > 0.1) throw binaryError(file);
  return { encoding: 'utf-8', skip: 0, fatal: true, guessed: true, warnings };
}

/** Where the first byte that is not UTF-8 is, or -1 (a plain validator; only run on fallback). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n =
      c < 0x80
        ? 0
        : c >= 0xc2 && c < 0xe0
          ? 1
          : c >= 0xe0 && c < 0xf0
            ? 2
            : c >= 0xf0 && c < 0xf5
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/** The 1-based line a byte is on (LF, CRLF or CR line ends). */
function lineOf(b: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    if (b[i] === 10 || (b[i] === 13 && b[i + 1] !== 10)) line++;
  }
  return line;
}

/** Says that the fallback was taken, and where the first byte that forced it is. */
export function fallbackWarning(file: string, bytes: Uint8Array): string {
  const at = firstInvalidUtf8(bytes);
  const where =
    at < 0
      ? ''
      : ` (first at row ${lineOf(bytes, at)}: byte 0x${bytes[at]!.toString(16).toUpperCase()}, read as "${new TextDecoder('windows-1252').decode(bytes.subarray(at, at + 1))}")`;
  return `${file}: not valid UTF-8${where}; read as Windows-1252 (Western European). Choose the encoding if accents look wrong.`;
}

function invalidBytes(file: string, encoding: string): DataError {
  return new DataError('encoding', `the bytes are not valid ${encoding}`, {
    file,
    hint: ENCODING_HINT,
  });
}

/** Bytes → one string. */
export function decodeText(file: string, bytes: Uint8Array, encoding?: string): Decoded {
  const choice = chooseEncoding(file, bytes, encoding);
  const body = bytes.subarray(choice.skip);
  const base = { encoding: choice.encoding, bom: choice.skip > 0, warnings: choice.warnings };
  try {
    const decoder = new TextDecoder(choice.encoding, { fatal: choice.fatal, ignoreBOM: true });
    return { ...base, text: decoder.decode(body) };
  } catch {
    if (!choice.guessed) throw invalidBytes(file, choice.encoding);
    const text = new TextDecoder('windows-1252').decode(body);
    return { text, encoding: 'windows-1252', bom: false, warnings: [fallbackWarning(file, body)] };
  }
}

/** Thrown mid-stream when guessed UTF-8 meets bytes that are not; the caller starts over. */
export class NotUtf8 extends Error {
  override name = 'NotUtf8';
}

/**
 * Bytes → text in pieces of about `chunkBytes`, so a big file never exists as one string.
 * A multi-byte character split between pieces is kept whole by the streaming decoder. The
 * source is read a block at a time (a Blob's slices cost a read each, so not one per piece:
 * 4 MiB blocks parsed the bench's 100 MB CSV at 72.5 MB/s, 1 MiB blocks at 42.5).
 */
export function* decodeChunks(
  file: string,
  source: ByteSource,
  choice: EncodingChoice,
  /**
   * 64 KiB: the pieces' strings then die young, in V8's new space. With 4 MiB pieces every piece
   * (and its joins) was a large object, freed only by full collections: the 100 MB CSV took
   * ~250 MB of extra memory in Node and ~40 % more CPU than with 64 KiB (docs/BENCHMARKS.md).
   */
  chunkBytes = 64 * 1024,
  blockBytes = 64 * chunkBytes,
): Generator<TextChunk> {
  const decoder = new TextDecoder(choice.encoding, { fatal: choice.fatal, ignoreBOM: true });
  const size = source.size;
  for (let blockAt = choice.skip; blockAt < size; blockAt += blockBytes) {
    const block = source.read(blockAt, Math.min(size, blockAt + blockBytes));
    for (let at = 0; at < block.length; at += chunkBytes) {
      const end = Math.min(block.length, at + chunkBytes);
      const bytesEnd = blockAt + end;
      let text: string;
      try {
        text = decoder.decode(block.subarray(at, end), { stream: bytesEnd < size });
      } catch {
        if (choice.guessed) throw new NotUtf8();
        throw invalidBytes(file, choice.encoding);
      }
      yield { text, bytesEnd };
    }
  }
}

export function isGzip(b: Uint8Array): boolean {
  return b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Gunzips with a ceiling on the expanded size (see inflate.ts). fflate, not the platform's
 * DecompressionStream: that one cannot be stopped part way by a byte count, and its errors
 * read "Failed to fetch".
 */
export async function gunzip(
  file: string,
  bytes: Uint8Array,
  cap = DEFAULT_EXPANSION_CAP,
): Promise<Uint8Array> {
  return gunzipLimited(file, bytes, cap);
}
