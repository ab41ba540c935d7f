import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeText, gunzip } from '../decode';
import { DataError } from '../errors';
import { parseFile } from '../parse';
import { utf8 } from './shared-data';

function utf16(text: string, endian: 'le' | 'be', bom = true): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const chars = bom ? `\ufeff${text}` : text;
  for (let i = 0; i < chars.length; i++) {
    const c = chars.charCodeAt(i);
    out[2 * i + (endian === 'le' ? 0 : 1)] = c & 0xff;
    out[2 * i + (endian === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

function catchError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('decodeText', () => {
  it('strips a UTF-8 byte-order mark so the first column is not named "\\ufeffD"', () => {
    const d = decodeText('s.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('D,X1\n1,2\n')]));
    expect(d.text.startsWith('D,X1')).toBe(true);
    expect(d).toMatchObject({ encoding: 'utf-8', bom: true });
  });

  it('reads UTF-16 little- and big-endian files that start with a BOM', () => {
    const le = decodeText('le.csv', utf16('a,b\n1,2\n', 'le'));
    const be = decodeText('be.csv', utf16('a,b\n1,2\n', 'be'));
    expect(le).toMatchObject({ text: 'a,b\n1,2\n', encoding: 'utf-16le', bom: true });
    expect(be).toMatchObject({ text: 'a,b\n1,2\n', encoding: 'utf-16be', bom: true });
  });

  it('recognises UTF-16 without a BOM by its NUL pattern and says so', () => {
    const d = decodeText('u.csv', utf16('a,b\n1,2\n', 'le', false));
    expect(d.text).toBe('a,b\n1,2\n');
    expect(d.warnings[0]).toMatch(/no byte-order mark/);
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8, with a warning', () => {
    const d = decodeText('eu.csv', new Uint8Array([...utf8('name\nJos'), 0xe9, 10]));
    expect(d.text).toBe('name\nJosé\n');
    expect(d.encoding).toBe('windows-1252');
    expect(d.warnings.join()).toMatch(/not valid UTF-8/);
  });

  it('honours an encoding the user picked, and rejects one that does not fit', () => {
    expect(decodeText('x.csv', new Uint8Array([0xe9]), 'latin1').text).toBe('é');
    expect(catchError(() => decodeText('x.csv', new Uint8Array([0xe9]), 'utf-8')).kind).toBe(
      'encoding',
    );
    expect(catchError(() => decodeText('x.csv', utf8('a'), 'klingon')).message).toMatch(
      /unknown encoding/,
    );
  });

  it('refuses binary bytes with a typed error that names the file', () => {
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 1, 2, 3,
    ]);
    const e = catchError(() => decodeText('photo.csv', png));
    expect(e.kind).toBe('binary');
    expect(e.message).toMatch(/^photo\.csv: /);
    expect(e.hint).toBeTruthy();
  });
});

describe('gzip', () => {
  it('gunzips with DecompressionStream', async () => {
    const raw = utf8('a,b\n1,2\n');
    expect(await gunzip('x.gz', gzipSync(raw))).toEqual(raw);
  });

  it('parses a gzipped CSV as if it were the CSV', async () => {
    const r = await parseFile('x.csv.gz', gzipSync(utf8('a,b\n1,2\n3,4\n')));
    expect(r.detected.gzip).toBe(true);
    expect(r.table.rowCount).toBe(2);
  });

  it('reports a damaged .gz file as a parse error', async () => {
    const broken = gzipSync(utf8('a,b\n1,2\n'.repeat(100))).subarray(0, 20);
    await expect(parseFile('x.csv.gz', broken)).rejects.toMatchObject({ kind: 'parse' });
  });
});
