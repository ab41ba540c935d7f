import { Gunzip, Inflate } from 'fflate';
import { DataError, formatMB, MB } from './errors';

/**
 * Decompression with a ceiling, so a small archive that expands to gigabytes (a "zip bomb")
 * is refused before it is inflated when its headers admit the size, and while it is inflated
 * when they lie: real output bytes are counted and inflating stops at the limit.
 */

/** A compressed file may expand to this many times its size… */
export const EXPANSION_RATIO = 200;
/** …but always to this much, since small files of zeros compress far better than 200:1… */
export const EXPANSION_FLOOR = 64 * MB;
/** …and never past the absolute cap, which callers pass (the data size limit by default). */
export const DEFAULT_EXPANSION_CAP = 1.5 * 1024 * MB;

/**
 * Input is inflated this much at a time: deflate tops out near 1032:1, so one step never
 * makes more than about 16 MB, and the count is checked after every step.
 */
const STEP = 16 * 1024;
/** Deflate cannot expand more than this (zlib's documented bound): a claim above it is noise. */
const MAX_DEFLATE_RATIO = 1032;

export interface ExpansionLimit {
  /** The most bytes the archive may expand to. */
  bytes: number;
  compressed: number;
  ratio: number;
  floor: number;
  cap: number;
}

export function expansionLimit(compressed: number, cap = DEFAULT_EXPANSION_CAP): ExpansionLimit {
  const bytes = Math.min(cap, Math.max(EXPANSION_FLOOR, EXPANSION_RATIO * compressed));
  return { bytes, compressed, ratio: EXPANSION_RATIO, floor: EXPANSION_FLOOR, cap };
}

function sizeText(bytes: number): string {
  if (bytes < 10 * 1024) return `${bytes} bytes`;
  return bytes < MB ? `${(bytes / 1024).toFixed(1)} KB` : formatMB(bytes);
}

/** The message names both limits, so the user sees why this file, and what would pass. */
export function expansionError(
  file: string,
  what: string,
  limit: ExpansionLimit,
  when: 'before' | 'while',
): DataError {
  const rule =
    `a compressed file may expand to ${limit.ratio} × its size (at least ${formatMB(limit.floor)}), ` +
    `and never past ${formatMB(limit.cap)}`;
  const stopped =
    when === 'before'
      ? 'It was refused before anything was unpacked.'
      : 'Unpacking stopped there and the memory was given back.';
  return new DataError(
    'too-large',
    `${what}, over the ${formatMB(limit.bytes)} limit for this ${sizeText(limit.compressed)} file (${rule}). ${stopped}`,
    {
      file,
      hint: 'A file that expands this much is usually a decompression bomb or damaged. If the data is real, unpack it on your computer and load the file inside (a CSV may be up to the size limit), or load a part of it.',
    },
  );
}

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Called with the bytes produced so far, after each step (tests measure memory with it). */
export type InflateProgress = (produced: number) => void;

/**
 * Gunzips with a ceiling. The gzip trailer's size (ISIZE, the last member's size mod 4 GiB)
 * is checked first; then the real output is counted, since a crafted trailer can lie. A
 * trailer claiming more than deflate can expand is no size at all (a cut-off download ends
 * in the middle of the data), so it is left to the count, which then finds the damage.
 */
export function gunzipLimited(
  file: string,
  bytes: Uint8Array,
  cap = DEFAULT_EXPANSION_CAP,
  onProgress?: InflateProgress,
): Uint8Array {
  const limit = expansionLimit(bytes.length, cap);
  if (bytes.length >= 18) {
    const claimed = u32(bytes, bytes.length - 4);
    if (claimed > limit.bytes && claimed <= MAX_DEFLATE_RATIO * bytes.length) {
      throw expansionError(file, `it says it expands to ${formatMB(claimed)}`, limit, 'before');
    }
  }
  let chunks: Uint8Array[] = [];
  let produced = 0;
  const gz = new Gunzip((chunk) => {
    produced += chunk.length;
    chunks.push(chunk);
  });
  try {
    for (let at = 0; at < bytes.length; at += STEP) {
      const end = Math.min(bytes.length, at + STEP);
      gz.push(bytes.subarray(at, end), end === bytes.length);
      onProgress?.(produced);
      if (produced > limit.bytes) {
        chunks = []; // drop what was made before the error, so it can be collected at once
        throw expansionError(
          file,
          `it expanded past ${formatMB(limit.bytes)} while being unpacked (its trailer said ${sizeText(u32(bytes, bytes.length - 4))})`,
          limit,
          'while',
        );
      }
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw damagedGzip(file, e);
  }
  return concat(chunks, produced);
}

function damagedGzip(file: string, e: unknown): DataError {
  const text = errorText(e);
  const cut = /unexpected EOF/i.test(text);
  return new DataError(
    'parse',
    cut
      ? 'the .gz file is cut off: its compressed data ends early'
      : `the .gz file is damaged (${text})`,
    { file, hint: 'Download it again; a cut-off download is the usual cause.' },
  );
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ── Zip ────────────────────────────────────────────────────────────────────────────────────────

export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  /** What the central directory claims; checked, never trusted. */
  size: number;
  /** Where the member's data starts, after its local header. */
  dataStart: number;
}

/** Thrown for bytes that are not a zip we can walk; callers word it for their file type. */
export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The members as the central directory lists them, without inflating anything. */
export function zipMembers(bytes: Uint8Array): ZipMember[] {
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (u32(bytes, p) === EOCD) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end-of-archive record: the zip is cut off');
  const count = u16(bytes, eocd + 10);
  const offset = u32(bytes, eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    throw new ZipFormatError('a ZIP64 archive (over 4 GB or 65,535 members) is not read here');
  }
  const members: ZipMember[] = [];
  const decoder = new TextDecoder();
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CENTRAL) {
      throw new ZipFormatError('the central directory is damaged');
    }
    const nameLength = u16(bytes, p + 28);
    const skip = nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
    const local = u32(bytes, p + 42);
    if (local + 30 > bytes.length || u32(bytes, local) !== LOCAL) {
      throw new ZipFormatError('a member points outside the archive');
    }
    members.push({
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      dataStart: local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28),
    });
    p += 46 + skip;
  }
  return members;
}

/** Refuses an archive whose own directory admits it expands past the limit. */
export function checkDeclaredSizes(
  file: string,
  bytes: Uint8Array,
  members: readonly ZipMember[],
  cap = DEFAULT_EXPANSION_CAP,
): ExpansionLimit {
  const limit = expansionLimit(bytes.length, cap);
  const total = members.reduce((n, m) => n + m.size, 0);
  if (total > limit.bytes) {
    const biggest = members.reduce((a, b) => (b.size > a.size ? b : a));
    throw expansionError(
      file,
      `its members say they expand to ${formatMB(total)} (${biggest.name}: ${formatMB(biggest.size)})`,
      limit,
      'before',
    );
  }
  return limit;
}

/** Counts bytes across the members of one archive against one limit. */
interface Budget {
  file: string;
  limit: ExpansionLimit;
  produced: number;
  onProgress?: InflateProgress;
}

/**
 * One member's bytes. Deflate data is read until its own final block, not to the size the
 * headers state (they may lie), as any inflater reading the archive would.
 */
function inflateMember(
  bytes: Uint8Array,
  member: ZipMember,
  budget: Budget,
  keep: boolean,
): Uint8Array | null {
  if (member.method === 0) {
    const data = bytes.subarray(member.dataStart, member.dataStart + member.compressedSize);
    count(budget, member, data.length);
    return keep ? data : null;
  }
  if (member.method !== 8) {
    throw new ZipFormatError(`${member.name} uses compression method ${member.method}`);
  }
  let chunks: Uint8Array[] = [];
  let made = 0;
  let done = false;
  const inflate = new Inflate((chunk, final) => {
    made += chunk.length;
    if (keep) chunks.push(chunk);
    if (final) done = true;
  });
  for (let at = member.dataStart; !done && at < bytes.length; at += STEP) {
    const before = made;
    const end = Math.min(bytes.length, at + STEP);
    inflate.push(bytes.subarray(at, end), end === bytes.length);
    try {
      count(budget, member, made - before);
    } catch (e) {
      chunks = [];
      throw e;
    }
  }
  return keep ? concat(chunks, made) : null;
}

function count(budget: Budget, member: ZipMember, more: number): void {
  budget.produced += more;
  budget.onProgress?.(budget.produced);
  if (budget.produced > budget.limit.bytes) {
    throw expansionError(
      budget.file,
      `it expanded past ${formatMB(budget.limit.bytes)} while being unpacked, in ${member.name} (which said it holds ${sizeText(member.size)})`,
      budget.limit,
      'while',
    );
  }
}

export interface UnzipOptions {
  cap?: number;
  /** Members to keep; the others are still inflated and counted, then dropped. */
  keep?: (name: string) => boolean;
  onProgress?: InflateProgress;
}

/**
 * Unzips with a ceiling on the declared and on the real expanded size. Returns the kept
 * members; throws DataError('too-large') past the limit and ZipFormatError for a damaged zip
 * (fflate's own inflate errors pass through as they are).
 */
export function unzipLimited(
  file: string,
  bytes: Uint8Array,
  options: UnzipOptions = {},
): Map<string, Uint8Array> {
  const members = zipMembers(bytes);
  const limit = checkDeclaredSizes(file, bytes, members, options.cap);
  const budget: Budget = {
    file,
    limit,
    produced: 0,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  const out = new Map<string, Uint8Array>();
  for (const m of members) {
    const wanted = options.keep ? options.keep(m.name) : true;
    const data = inflateMember(bytes, m, budget, wanted);
    if (data && wanted) out.set(m.name, data);
  }
  return out;
}
