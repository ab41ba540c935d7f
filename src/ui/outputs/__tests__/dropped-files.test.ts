import { describe, expect, it } from 'vitest';
import { type EntryLike, filesOfEntries, MAX_DROPPED_FILES } from '../dropped-files';

const fileEntry = (name: string): EntryLike & { file: (ok: (f: File) => void) => void } => ({
  isFile: true,
  isDirectory: false,
  name,
  file: (ok) => ok(new File([name], name)),
});

/** A directory whose reader hands its entries out `chunk` at a time, as Chromium does (100). */
function dirEntry(name: string, entries: EntryLike[], chunk = 2) {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let at = 0;
      return {
        readEntries(ok: (e: EntryLike[]) => void) {
          const part = entries.slice(at, at + chunk);
          at += chunk;
          setTimeout(() => ok(part), 0);
        },
      };
    },
  };
}

describe('dropped folders', () => {
  it("walks a dropped folder to its files, reading every chunk of a directory (CIFAR-10's batches folder)", async () => {
    const names = [
      'test_batch.bin',
      'readme.html',
      'data_batch_2.bin',
      'batches.meta.txt',
      'data_batch_1.bin',
    ];
    const folder = dirEntry('cifar-10-batches-bin', names.map(fileEntry));
    const files = await filesOfEntries([folder]);
    expect(files.map((f) => f.name)).toEqual([
      'batches.meta.txt',
      'data_batch_1.bin',
      'data_batch_2.bin',
      'readme.html',
      'test_batch.bin',
    ]);
    expect(await files[1]!.text()).toBe('data_batch_1.bin');
  });

  it('takes loose files and nested folders together, and stops at the file limit', async () => {
    const nested = dirEntry('outer', [dirEntry('inner', [fileEntry('b.bin')]), fileEntry('a.bin')]);
    expect((await filesOfEntries([fileEntry('x.tar.gz'), nested])).map((f) => f.name)).toEqual([
      'x.tar.gz',
      'a.bin',
      'b.bin',
    ]);
    const many = dirEntry(
      'many',
      Array.from({ length: MAX_DROPPED_FILES + 50 }, (_, i) => fileEntry(`f${i}`)),
      100,
    );
    expect(await filesOfEntries([many])).toHaveLength(MAX_DROPPED_FILES);
  });
});
