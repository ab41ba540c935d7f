import { describe, expect, it } from 'vitest';
import { acceptsFile } from '../accept';
import { collapseText } from '../collapse';
import { progressStats } from '../ProgressOutput';
import { displaySize, pngSize } from '../png-size';
import { tensorValuesText } from '../TensorOutput';
import { rowWindow } from '../virtual-window';

describe('collapseText', () => {
  it('leaves short output alone', () => {
    expect(collapseText('a\nb\n')).toBeNull();
  });

  it('keeps the first and the last lines of a long log and counts the hidden ones', () => {
    const text = `${Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\n')}\n`;
    const collapsed = collapseText(text);
    expect(collapsed?.head.split('\n')).toHaveLength(20);
    expect(collapsed?.head.startsWith('line 0\n')).toBe(true);
    expect(collapsed?.tail.split('\n')).toHaveLength(60);
    expect(collapsed?.tail.endsWith('line 499')).toBe(true);
    expect(collapsed?.hidden).toBe('420 lines');
  });

  it('collapses a few enormous lines by characters', () => {
    const collapsed = collapseText('x'.repeat(100_000));
    expect(collapsed?.hidden).toBe('85,000 characters');
  });
});

describe('rowWindow', () => {
  it('renders the visible rows plus overscan and pads the rest', () => {
    expect(rowWindow(2800, 360, 28, 30_000, 10)).toEqual({
      start: 90,
      end: 124,
      padTop: 90 * 28,
      padBottom: (30_000 - 124) * 28,
    });
  });

  it('clamps at both ends', () => {
    expect(rowWindow(0, 360, 28, 5, 10)).toEqual({ start: 0, end: 5, padTop: 0, padBottom: 0 });
    const last = rowWindow(1e9, 360, 28, 300, 10);
    expect(last.end).toBe(300);
    expect(last.padBottom).toBe(0);
  });
});

describe('PNG size', () => {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const u32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const ihdr = (w: number, h: number) =>
    btoa(String.fromCharCode(...signature, ...u32(13), 73, 72, 68, 82, ...u32(w), ...u32(h), 8, 0));

  it('reads width and height from the header, even when the base64 is wrapped', () => {
    expect(pngSize(ihdr(28, 28))).toEqual({ width: 28, height: 28 });
    const wrapped = ihdr(28, 14).replace(/(.{10})/g, '$1\n');
    expect(pngSize(wrapped)).toEqual({ width: 28, height: 14 });
    expect(pngSize(ihdr(640, 3_000_000))).toEqual({ width: 640, height: 3_000_000 });
  });

  it('returns null for anything that is not a PNG', () => {
    expect(pngSize(btoa(String.fromCharCode(...signature)))).toBeNull();
    expect(pngSize('not base64!')).toBeNull();
    expect(pngSize(btoa('GIF89a......................'))).toBeNull();
  });

  it('scales tiny images up by a whole factor to at least 112 px, pixelated', () => {
    expect(displaySize(28, 28)).toEqual({ width: 112, height: 112, pixelated: true });
    expect(displaySize(30, 10)).toEqual({ width: 120, height: 40, pixelated: true });
    expect(displaySize(640, 480)).toEqual({ width: 640, height: 480, pixelated: false });
  });
});

describe('acceptsFile', () => {
  it('matches extensions case-insensitively, including double ones', () => {
    expect(acceptsFile({ name: 'Data.CSV', type: '' }, ['.csv'])).toBe(true);
    expect(acceptsFile({ name: 'data.csv.gz', type: '' }, ['.csv.gz', '.xlsx'])).toBe(true);
    expect(acceptsFile({ name: 'data.xls', type: '' }, ['.csv', '.xlsx'])).toBe(false);
  });

  it('matches MIME types and wildcards, and accepts anything when the list is empty', () => {
    expect(acceptsFile({ name: 'a', type: 'image/png' }, ['image/*'])).toBe(true);
    expect(acceptsFile({ name: 'a', type: 'text/csv' }, ['text/csv'])).toBe(true);
    expect(acceptsFile({ name: 'a.bin', type: '' }, [])).toBe(true);
  });
});

describe('progress stats', () => {
  const base = { label: 'fit', total: 1000, unit: 'samples', elapsedMs: 5_000 } as const;

  it('shows elapsed, ETA and samples/s while running', () => {
    expect(progressStats({ ...base, done: 250, state: 'running', samplesPerSecond: 50 })).toEqual([
      '0:05 elapsed',
      'ETA 0:15',
      '50.0 samples/s',
    ]);
  });

  it('falls back to the unit rate when samples/s is not given', () => {
    expect(progressStats({ ...base, unit: 'steps', done: 25, state: 'running' })).toEqual([
      '0:05 elapsed',
      'ETA 3:15',
      '5.00 steps/s',
    ]);
  });

  it('drops the ETA once finished and says when it was stopped', () => {
    expect(progressStats({ ...base, done: 1000, state: 'done' })).toEqual([
      '0:05 elapsed',
      '200 samples/s',
    ]);
    expect(progressStats({ ...base, done: 10, state: 'stopped' })).toEqual([
      '0:05 elapsed',
      '2.00 samples/s',
      'stopped',
    ]);
  });
});

describe('tensor values text', () => {
  it("drops print()'s own Tensor line and its indent, keeping the inner alignment", () => {
    expect(tensorValuesText('Tensor\n    [[1, 2],\n     [3, 4]]')).toBe('[[1, 2],\n [3, 4]]');
  });

  it('leaves text without that header as it is', () => {
    expect(tensorValuesText('[1, 2, 3]')).toBe('[1, 2, 3]');
  });
});
