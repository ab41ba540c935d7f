import { describe, expect, it } from 'vitest';
import { type ByteSource, bytesSource } from '../byte-source';
import { parseDelimited } from '../csv';
import { chooseEncoding, decodeChunks } from '../decode';
import { parseFile } from '../parse';
import { lastRecordEnd, type TextChunk, wholeRecords } from '../records';
import { utf8 } from './shared-data';

/** Cuts text into pieces of `size` characters, the worst case for record boundaries. */
const pieces = (text: string, size: number): TextChunk[] =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) => ({
    text: text.slice(i * size, (i + 1) * size),
    bytesEnd: Math.min(text.length, (i + 1) * size),
  }));

describe('parsing in chunks', () => {
  it('never ends a piece inside a quoted field that holds a newline', () => {
    expect(lastRecordEnd('a,"x\ny', '\n')).toBe(0);
    expect(lastRecordEnd('a,b\n"x\ny"\nc', '\n')).toBe(10);
    const joined = [...wholeRecords(pieces('a,b\n1,"x\ny"\n2,z\n', 3), '\n')].map((p) => p.text);
    expect(joined).toEqual(['a,b\n', '1,"x\ny"\n', '2,z\n']);
  });

  it('gives the same table whatever the chunk size, CRLF and quotes included', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i},"t ${i}\r\nmore",${i / 4}`);
    const text = `n,s,x\r\n${rows.join('\r\n')}\r\n`;
    const whole = parseDelimited('w.csv', text);
    for (const size of [1, 2, 7, 100, 4096]) {
      const chunked = parseDelimited('w.csv', pieces(text, size), { totalBytes: text.length });
      expect(chunked.table).toEqual(whole.table);
    }
    expect(whole.table.rowCount).toBe(300);
  });

  it('keeps a multi-byte UTF-8 character that a chunk boundary splits', () => {
    const bytes = utf8('name\nJosé\nZoë\n');
    const choice = chooseEncoding('u.csv', bytes);
    const text = [...decodeChunks('u.csv', bytesSource(bytes), choice, 1)]
      .map((c) => c.text)
      .join('');
    expect(text).toBe('name\nJosé\nZoë\n');
  });

  it('reads a source in blocks: characters split by a block or a piece, and a BOM, come out whole', () => {
    const text = 'name,city\nJosé,Zürich\nZoë,Łódź\n'.repeat(50);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    const reads: [number, number][] = [];
    // A copy per read, as a Blob's slices are: nothing may rely on a view of the whole.
    const sliced: ByteSource = {
      size: bytes.length,
      read: (start, end) => {
        reads.push([start, end]);
        return bytes.slice(start, end);
      },
    };
    const choice = chooseEncoding('b.csv', bytes.subarray(0, 64));
    for (const [piece, block] of [
      [1, 1],
      [2, 5],
      [3, 7],
      [16, 16],
    ] as const) {
      reads.length = 0;
      const chunks = [...decodeChunks('b.csv', sliced, choice, piece, block)];
      expect(chunks.map((c) => c.text).join('')).toBe(text);
      expect(chunks.at(-1)?.bytesEnd).toBe(bytes.length);
      // Every byte after the BOM is read once, a block at a time.
      expect(reads[0]?.[0]).toBe(3);
      expect(reads.every(([s, e]) => e - s <= block)).toBe(true);
      expect(reads.reduce((n, [s, e]) => n + e - s, 0)).toBe(bytes.length - 3);
    }
  });

  it('parses a Blob as it parses the same bytes', async () => {
    const text = `a;b;c\n${Array.from({ length: 5000 }, (_, i) => `${i};${i / 8};x${i % 7}`).join('\n')}\n`;
    const bytes = new TextEncoder().encode(text);
    const fromBytes = await parseFile('s.csv', bytes);
    const fromBlob = await parseFile('s.csv', new Blob([bytes]));
    expect(fromBlob.table).toEqual(fromBytes.table);
    expect(fromBlob.detected).toEqual(fromBytes.detected);
    await expect(parseFile('e.csv', new Blob([]))).rejects.toThrow(/empty/);
    await expect(parseFile('big.csv', new Blob([bytes]), { maxBytes: 100 })).rejects.toThrow(
      /over the/,
    );
  });

  it('starts over as Windows-1252 when guessed UTF-8 fails deep in the file', async () => {
    const head = utf8(`name\n${'abc\n'.repeat(2_000_000)}`);
    const tail = new Uint8Array([...utf8('Jos'), 0xe9, 10]);
    const bytes = new Uint8Array(head.length + tail.length);
    bytes.set(head);
    bytes.set(tail, head.length);
    const r = await parseFile('eu.csv', bytes);
    expect(r.detected.encoding).toBe('windows-1252');
    expect(r.warnings.join()).toMatch(/not valid UTF-8/);
    expect(r.table.columns[0]!.values.at(-1)).toBe('José');
  });
});
