/** Splitting text into whole records, so a big file can be parsed piece by piece. */

export type LineEnding = 'LF' | 'CRLF' | 'CR';
export type Newline = '\n' | '\r\n' | '\r';

export const NEWLINE: Record<LineEnding, Newline> = { LF: '\n', CRLF: '\r\n', CR: '\r' };

/** A piece of decoded text and how far into the file's bytes it reaches. */
export interface TextChunk {
  text: string;
  bytesEnd: number;
}

/** The first line break outside quotes decides; a quoted field may hold a newline. */
export function detectLineEnding(text: string): LineEnding {
  let quoted = false;
  // No cap: a header of 10,000 columns may run past any window before its line end.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 13) return text.charCodeAt(i + 1) === 10 ? 'CRLF' : 'CR';
    else if (!quoted && c === 10) return 'LF';
  }
  return 'LF';
}

/**
 * Where the last complete record of `text` ends (just after its newline), or 0 when none
 * does. With quotes in play, a newline only ends a record at even quote parity; `text`
 * always starts at a record boundary, so parity counts from 0.
 */
export function lastRecordEnd(text: string, newline: Newline): number {
  const last = text.lastIndexOf(newline);
  if (last < 0) return 0;
  // A CR at the very end may be the first half of a CRLF split across chunks.
  if (newline === '\r' && last === text.length - 1)
    return lastRecordEnd(text.slice(0, last), newline);
  if (text.indexOf('"') < 0) return last + newline.length;
  // Count quotes natively, then walk newlines back from the end: usually the last one is it,
  // so only the tail is scanned char by char.
  let total = 0;
  for (let q = text.indexOf('"'); q >= 0; q = text.indexOf('"', q + 1)) total++;
  let after = 0;
  let scanned = text.length;
  for (let p = last; p >= 0; p = p > 0 ? text.lastIndexOf(newline, p - 1) : -1) {
    for (let i = p; i < scanned; i++) if (text.charCodeAt(i) === 34) after++;
    scanned = p;
    if ((total - after) % 2 === 0) return p + newline.length;
  }
  return 0;
}

/**
 * Re-cuts a stream of text chunks so that every piece ends on a record boundary. A record longer
 * than a chunk (one 50 MB line) is gathered as a list of parts and joined once when its end
 * comes: joining and searching it again at every 64 KiB chunk would copy it ~800 times.
 */
export function* wholeRecords(chunks: Iterable<TextChunk>, newline: Newline): Generator<TextChunk> {
  let carry = '';
  const parts: string[] = [];
  // The last character of a line end: a chunk without it cannot end a record.
  const last = newline[newline.length - 1]!;
  for (const chunk of chunks) {
    if (chunk.text.indexOf(last) < 0) {
      parts.push(chunk.text);
      continue;
    }
    if (parts.length > 0) {
      carry += parts.join('');
      parts.length = 0;
    }
    const text = carry + chunk.text;
    const cut = lastRecordEnd(text, newline);
    carry = text.slice(cut);
    if (cut > 0) yield { text: text.slice(0, cut), bytesEnd: chunk.bytesEnd };
  }
  carry += parts.join('');
  if (carry) yield { text: carry, bytesEnd: Number.NaN };
}

/** A whole string as chunks of about `size` characters, with bytes estimated pro rata. */
export function* stringChunks(
  text: string,
  totalBytes: number,
  size = 1 << 22,
): Generator<TextChunk> {
  for (let at = 0; at < text.length; at += size) {
    const end = Math.min(text.length, at + size);
    yield { text: text.slice(at, end), bytesEnd: Math.round((end / text.length) * totalBytes) };
  }
}

/**
 * How many of each line end `text` holds outside quotes (Excel writes CRLF rows with LF inside
 * quoted cells, which is not a mix).
 */
export function lineEndCounts(text: string): { crlf: number; lf: number; cr: number } {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else if (i + 1 < text.length) cr++;
    } else if (c === 10) lf++;
  }
  return { crlf, lf, cr };
}

/**
 * CRLF and lone CR → LF, chunk by chunk. A CR at the end of a chunk waits for the next one,
 * which may start with the LF of the same CRLF.
 */
export function* normalizeNewlines(chunks: Iterable<TextChunk>): Generator<TextChunk> {
  let carry = '';
  let lastEnd = 0;
  for (const chunk of chunks) {
    let text = carry + chunk.text;
    carry = '';
    if (text.endsWith('\r')) {
      carry = '\r';
      text = text.slice(0, -1);
    }
    lastEnd = chunk.bytesEnd;
    yield { text: text.replace(/\r\n?/g, '\n'), bytesEnd: chunk.bytesEnd };
  }
  if (carry) yield { text: '\n', bytesEnd: lastEnd };
}
