import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXPANSION_RATIO, gunzipLimited, unzipLimited } from '../inflate';
import { parseFile } from '../parse';
import { gzipBomb, MiB, peakMeter, xlsxBomb } from './bombs';
import { refused, refusedSync } from './refusals';
import { utf8 } from './shared-data';

describe('archive bombs', () => {
  it('refuses a .gz whose trailer admits 1 GiB before unpacking, naming both limits', async () => {
    const bomb = gzipBomb(1024);
    expect(bomb.length).toBeLessThan(2 * MiB);
    const e = await refused(parseFile('bomb.csv.gz', bomb));
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(/^bomb\.csv\.gz: it says it expands to 1024\.0 MB/);
    expect(e.message).toContain(`${EXPANSION_RATIO} × its size`);
    expect(e.message).toContain('never past 1536.0 MB');
    expect(e.message).toContain('before anything was unpacked');
  });

  it('stops a .gz that lies about its size once the real output passes the limit', () => {
    const bomb = gzipBomb(1024, 1000);
    const meter = peakMeter();
    let produced = 0;
    const e = refusedSync(() =>
      gunzipLimited('liar.csv.gz', bomb, undefined, (n) => {
        produced = n;
        meter.sample();
      }),
    );
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(
      /^liar\.csv\.gz: it expanded past 20\d\.\d MB while being unpacked \(its trailer said 1000 bytes\)/,
    );
    expect(e.message).toContain('memory was given back');
    // It stopped within one step of the limit, far from the 1 GiB inside.
    expect(produced).toBeLessThan(220 * MiB);
    // What was made is held until the limit (about 200 MiB), plus garbage the GC has not taken.
    expect(meter.peakMiB()).toBeLessThan(400);
  });

  it('refuses an .xlsx whose directory admits 1 GiB, naming the member', async () => {
    const e = await refused(parseFile('report.xlsx', xlsxBomb(1024)));
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(/^report\.xlsx: its members say they expand to 1024\.0 MB/);
    expect(e.message).toContain('xl/worksheets/sheet1.xml');
    expect(e.message).toContain('before anything was unpacked');
  });

  it('stops an .xlsx whose directory lies before SheetJS inflates it', async () => {
    const bomb = xlsxBomb(1024, 2000);
    const e = await refused(parseFile('liar.xlsx', bomb));
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(
      /^liar\.xlsx: it expanded past 20\d\.\d MB while being unpacked, in xl\/worksheets\/sheet1\.xml \(which said it holds 2000 bytes\)/,
    );
    const meter = peakMeter();
    refusedSync(() =>
      unzipLimited('liar.xlsx', bomb, { keep: () => false, onProgress: meter.sample }),
    );
    // Counted and dropped: the check holds one step's output at a time, so what the peak shows
    // is garbage the GC has not taken yet, well below the 200 MiB that were inflated.
    expect(meter.peakMiB()).toBeLessThan(150);
  });

  it('still reads ordinary compressed files: a .csv.gz and a zipped workbook member', async () => {
    const csv = 'a,b\n1,2\n3,4\n';
    const r = await parseFile('small.csv.gz', gzipSync(utf8(csv)));
    expect(r.table.rowCount).toBe(2);
    expect(r.detected.gzip).toBe(true);
    const zip = zipSync({
      'x.txt': utf8('x'.repeat(100_000)),
      'dir/y.bin': [utf8('yz'), { level: 0 }],
    });
    const members = unzipLimited('ok.zip', zip);
    expect(members.get('x.txt')?.length).toBe(100_000);
    expect(new TextDecoder().decode(members.get('dir/y.bin'))).toBe('yz');
  });

  it('says a damaged or cut-off .gz is damaged, never "Failed to fetch"', async () => {
    const good = gzipSync(utf8('a,b\n'.repeat(5000)));
    const cut = await refused(parseFile('cut.csv.gz', good.subarray(0, good.length >> 1)));
    expect(cut.message).toBe('cut.csv.gz: the .gz file is cut off: its compressed data ends early');
    const garbled = good.slice();
    garbled.fill(0xff, 10, 40);
    const bad = await refused(parseFile('bad.csv.gz', garbled));
    expect(bad.message).toMatch(/^bad\.csv\.gz: the \.gz file is (damaged|cut off)/);
    for (const e of [cut, bad]) expect(e.message).not.toContain('Failed to fetch');
  });
});
