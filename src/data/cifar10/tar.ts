import { CifarFormatError } from './errors';

/**
 * A streaming reader of POSIX ustar (and GNU/pax-tolerant) tar archives: chunks go in as they
 * are gunzipped, whole members come out. Only members `want` accepts are buffered, so a 30 MB
 * batch is held once and a readme is skipped without a copy.
 */

const BLOCK = 512;

export interface TarEntry {
  /** Full path inside the archive, e.g. `cifar-10-batches-bin/data_batch_1.bin`. */
  name: string;
  size: number;
  bytes: Uint8Array;
}

export interface TarReaderOptions {
  /** Name of the archive, for messages. */
  archive: string;
  want: (name: string) => boolean;
  onEntry: (entry: TarEntry) => void;
}

const ascii = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) {
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
};

/** Octal, NUL/space terminated; a set high bit means GNU base-256 (sizes over 8 GB). */
function readNumber(field: Uint8Array): number {
  if ((field[0]! & 0x80) !== 0) {
    let n = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return n;
  }
  const text = ascii(field).trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The header checksum: the sum of all 512 bytes with the checksum field read as spaces. */
function checksumOk(header: Uint8Array): boolean {
  const stored = readNumber(header.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return Number.isFinite(stored) && sum === stored;
}

const isZeroBlock = (block: Uint8Array): boolean => block.every((b) => b === 0);

export class TarReader {
  private readonly options: TarReaderOptions;
  /** Bytes of a header block gathered across chunks. */
  private header = new Uint8Array(BLOCK);
  private headerFill = 0;
  /** The member being read: its name, size, where its bytes go (null when skipped). */
  private current: { name: string; size: number; buffer: Uint8Array | null } | null = null;
  private filled = 0;
  /** Padding to skip after a member, up to the next 512-byte boundary. */
  private padding = 0;
  private longName: string | null = null;
  private ended = false;
  private headers = 0;

  constructor(options: TarReaderOptions) {
    this.options = options;
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && !this.ended) {
      if (this.current) {
        const take = Math.min(this.current.size - this.filled, chunk.length - at);
        this.current.buffer?.set(chunk.subarray(at, at + take), this.filled);
        this.filled += take;
        at += take;
        if (this.filled === this.current.size) this.finishEntry();
      } else if (this.padding > 0) {
        const skip = Math.min(this.padding, chunk.length - at);
        this.padding -= skip;
        at += skip;
      } else {
        const take = Math.min(BLOCK - this.headerFill, chunk.length - at);
        this.header.set(chunk.subarray(at, at + take), this.headerFill);
        this.headerFill += take;
        at += take;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.readHeader(this.header);
        }
      }
    }
  }

  /** The input is over: a member cut short is an error naming it. */
  end(): void {
    if (this.current) {
      throw new CifarFormatError(`${this.options.archive} → ${this.current.name}`, {
        expected: `${this.current.size.toLocaleString('en-US')} bytes`,
        found: `${this.filled.toLocaleString('en-US')} bytes before the archive ended (truncated download?)`,
        hint: 'Download the archive again; its end is missing.',
      });
    }
    if (this.headers === 0) {
      throw new CifarFormatError(this.options.archive, {
        expected: 'a tar archive',
        found: 'no tar header',
      });
    }
  }

  private readHeader(header: Uint8Array): void {
    if (isZeroBlock(header)) {
      // Two zero blocks end the archive; one is enough to stop, some writers omit the second.
      this.ended = this.headers > 0;
      if (this.headers === 0) this.notTar('an empty first block');
      return;
    }
    if (!checksumOk(header)) {
      this.notTar(this.headers === 0 ? 'no valid tar header at its start' : 'a damaged tar header');
    }
    this.headers++;
    const size = readNumber(header.subarray(124, 136));
    const type = String.fromCharCode(header[156]!);
    const magic = ascii(header.subarray(257, 263));
    const prefix = magic.startsWith('ustar') ? ascii(header.subarray(345, 500)) : '';
    const base = ascii(header.subarray(0, 100));
    let name = prefix ? `${prefix}/${base}` : base;
    if (this.longName !== null) {
      name = this.longName;
      this.longName = null;
    }
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      // GNU long name: the member's data is the name of the next member.
      this.current = { name: '(GNU long name)', size, buffer: new Uint8Array(size) };
      this.filled = 0;
      this.padding = padded - size;
      if (size === 0) this.finishEntry();
      return;
    }
    const isFile = type === '0' || type === '\0' || type === '7';
    const wanted = isFile && this.options.want(name);
    this.current = { name, size, buffer: wanted ? new Uint8Array(size) : null };
    this.filled = 0;
    this.padding = padded - size;
    if (size === 0) this.finishEntry();
  }

  private finishEntry(): void {
    const entry = this.current;
    if (!entry) return;
    this.current = null;
    if (entry.name === '(GNU long name)' && entry.buffer) {
      this.longName = ascii(entry.buffer);
      return;
    }
    if (entry.buffer)
      this.options.onEntry({ name: entry.name, size: entry.size, bytes: entry.buffer });
  }

  private notTar(found: string): never {
    throw new CifarFormatError(this.options.archive, { expected: 'a tar archive', found });
  }
}

/** Whether these bytes start with a tar header (the ustar magic, or a valid old-style header). */
export function looksLikeTar(bytes: Uint8Array): boolean {
  if (bytes.length < BLOCK) return false;
  const header = bytes.subarray(0, BLOCK);
  return !isZeroBlock(header) && checksumOk(header);
}
