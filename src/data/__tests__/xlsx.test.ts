import * as XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { parseFile } from '../parse';
import { sniff } from '../sniff';

type Cell = string | number | null;

function workbook(
  sheets: Record<string, Cell[][]>,
  bookType: 'xlsx' | 'xls' | 'ods' = 'xlsx',
): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
}

/** The CFB (OLE2) writer SheetJS bundles; its typings say `any`, so pin the parts we use. */
interface CfbApi {
  utils: { cfb_new(): unknown; cfb_add(cfb: unknown, path: string, content: Uint8Array): void };
  write(cfb: unknown, opts: { type: 'array' }): ArrayBuffer | number[];
}
const CFB = (XLSX as unknown as { CFB: CfbApi }).CFB;

const twoHeaderRows: Cell[][] = [
  [null, 'X1', 'X2', 'Y'],
  ['ID', 'LIMIT_BAL', 'SEX', 'default payment next month'],
  [1, 20000, 2, 1],
  [2, 120000, 2, 0],
  [3, 90000, 1, 0],
];

describe('workbooks', () => {
  it('reads an .xlsx with two header rows as the UCI workbook has them', async () => {
    const r = await parseFile('cc.xlsx', workbook({ Data: twoHeaderRows }));
    expect(r.format).toBe('xlsx');
    expect(r.detected).toMatchObject({
      headerRows: 2,
      namesRow: 1,
      sheet: 'Data',
      sheets: ['Data'],
    });
    expect(r.table.columns.map((c) => c.name)).toEqual([
      'ID',
      'LIMIT_BAL',
      'SEX',
      'default payment next month',
    ]);
    expect(r.table.rowCount).toBe(3);
  });

  it('reads a Strict OOXML .xlsx (ISO 29500 namespaces) like a transitional one', async () => {
    // Excel's "Strict Open XML Spreadsheet" differs only in namespace URIs: rewrite them.
    const members = unzipSync(workbook({ Data: twoHeaderRows }));
    const strict: Record<string, Uint8Array> = {};
    for (const [path, bytes] of Object.entries(members)) {
      strict[path] = /\.(xml|rels)$/.test(path)
        ? strToU8(
            strFromU8(bytes)
              .replaceAll(
                'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
                'http://purl.oclc.org/ooxml/spreadsheetml/main',
              )
              .replaceAll(
                'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
                'http://purl.oclc.org/ooxml/officeDocument/relationships',
              ),
          )
        : bytes;
    }
    expect(strFromU8(strict['xl/workbook.xml']!)).toContain('purl.oclc.org');
    const r = await parseFile('strict.xlsx', zipSync(strict));
    expect(r.detected).toMatchObject({ headerRows: 2, namesRow: 1, sheet: 'Data' });
    expect(r.table.columns.map((c) => c.name)).toEqual([
      'ID',
      'LIMIT_BAL',
      'SEX',
      'default payment next month',
    ]);
    expect(r.table.rowCount).toBe(3);
  });

  it('reads a legacy .xls (OLE2) and an .ods by their bytes', async () => {
    const xls = workbook({ Data: twoHeaderRows }, 'xls');
    expect(sniff(xls)).toBe('ole2');
    expect((await parseFile('cc.xls', xls)).table.rowCount).toBe(3);
    const ods = await parseFile('cc.ods', workbook({ Data: twoHeaderRows }, 'ods'));
    expect(ods.format).toBe('ods');
    expect(ods.table.rowCount).toBe(3);
  });

  it('picks a sheet by name or index and lists them all', async () => {
    const bytes = workbook({ First: [['a'], [1]], Second: [['b'], [2], [3]] });
    const byName = await parseFile('w.xlsx', bytes, { sheet: 'Second' });
    expect(byName.table.columns[0]!.name).toBe('b');
    expect(byName.detected.sheets).toEqual(['First', 'Second']);
    expect((await parseFile('w.xlsx', bytes, { sheet: 1 })).table.rowCount).toBe(2);
    await expect(parseFile('w.xlsx', bytes, { sheet: 'Third' })).rejects.toMatchObject({
      hint: 'The sheets are: First, Second.',
    });
  });

  it('reads the header rows the user asks for (pandas skiprows=1)', async () => {
    const r = await parseFile('cc.xlsx', workbook({ Data: twoHeaderRows }), {
      headerRows: 2,
      namesRow: 1,
    });
    expect(r.table.columns[0]!.name).toBe('ID');
    const firstRowNames = await parseFile('cc.xlsx', workbook({ Data: twoHeaderRows }), {
      headerRows: 1,
    });
    expect(firstRowNames.table.columns[1]!.name).toBe('X1');
  });

  it('warns about text cells in a numeric workbook column', async () => {
    const rows: Cell[][] = [
      ['v'],
      ...Array.from({ length: 40 }, (_, i): Cell[] => [i === 5 ? 'n/a?' : i]),
    ];
    const r = await parseFile('w.xlsx', workbook({ S: rows }));
    expect(r.textInNumbers).toEqual([
      {
        column: 'v',
        count: 1,
        firstRow: 7,
        firstText: 'n/a?',
        examples: [{ row: 7, text: 'n/a?' }],
      },
    ]);
  });

  it('reads date cells as ISO text', async () => {
    const wb = XLSX.utils.book_new();
    const sheet = XLSX.utils.aoa_to_sheet([
      ['when', 'v'],
      [new Date(Date.UTC(2016, 0, 11, 17)), 1],
    ]);
    XLSX.utils.book_append_sheet(wb, sheet, 'S');
    const bytes = new Uint8Array(
      XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer,
    );
    const r = await parseFile('d.xlsx', bytes);
    const when = r.table.columns[0]!;
    expect(when.kind).toBe('string');
    expect(String(when.values[0])).toMatch(/^2016-01-1[01]T/);
  });

  it('refuses a sheet with a header and no rows', async () => {
    await expect(parseFile('w.xlsx', workbook({ S: [['a', 'b']] }))).rejects.toMatchObject({
      kind: 'header-only',
    });
  });
});

describe('files that are not workbooks', () => {
  it('names an .xlsx that is a zip of something else', async () => {
    const zip = zipSync({ 'notes.txt': strToU8('hello'), 'data/table.csv': strToU8('a,b\n1,2\n') });
    const e = await parseFile('report.xlsx', zip).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect(e).toMatchObject({ kind: 'not-a-workbook' });
    expect((e as DataError).message).toBe(
      'report.xlsx: this is not a spreadsheet: an .xlsx that is a zip of something else (it holds notes.txt, data/table.csv)',
    );
  });

  it('says a zip is a Word document when it is one', async () => {
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'word/document.xml': strToU8('<w/>'),
    });
    await expect(parseFile('x.xlsx', docx)).rejects.toThrow(/an \.xlsx that is a Word document/);
  });

  it('maps an encrypted (password-protected) workbook to a typed error', async () => {
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, '/EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0]));
    CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(64));
    const bytes = new Uint8Array(CFB.write(cfb, { type: 'array' }));
    const e = await parseFile('secret.xlsx', bytes).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'password-protected', name: 'DataError' });
    expect((e as DataError).message).toBe('secret.xlsx: the workbook is password-protected');
  });

  it('routes text with a spreadsheet name to the CSV reader', async () => {
    const r = await parseFile('clients.xls', new TextEncoder().encode('ID\tAGE\n1\t24\n2\t26\n'));
    expect(r.format).toBe('tsv');
    expect(r.table.rowCount).toBe(2);
  });
});
