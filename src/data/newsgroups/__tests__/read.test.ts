import { describe, expect, it } from 'vitest';
import { sharedFile, titled } from '../../__tests__/shared-data';
import { DataError } from '../../errors';
import { readNewsgroups } from '../read';

const REL = '20-newsgroups/20news-bydate-atheism-christian.tar.gz';
const bytes = sharedFile(REL);

describe.skipIf(!bytes)(titled('the real 20 Newsgroups subset', REL, bytes), () => {
  it('reads 1,079 training and 717 test posts of the two groups, headers kept', () => {
    const d = readNewsgroups('20news-bydate-atheism-christian.tar.gz', bytes!);
    expect(d.classes).toEqual(['alt.atheism', 'soc.religion.christian']);
    expect(d.train.count).toBe(1079);
    expect(d.test.count).toBe(717);
    // Class sizes as scikit-learn's fetch_20newsgroups reports them for these two groups.
    expect(d.train.labels.filter((l) => l === 0).length).toBe(480);
    expect(d.test.labels.filter((l) => l === 0).length).toBe(319);
    // Sorted by group, then article number; the first test post is 53068 of alt.atheism.
    expect(d.test.ids[0]).toBe('53068');
    expect(d.test.texts[0]!.startsWith('From: decay@cbnewsj.cb.att.com (dean.kaflowitz)')).toBe(
      true,
    );
    expect(d.test.texts.every((t) => /^(From|Subject|Organization):/m.test(t))).toBe(true);
  });
});

describe('readNewsgroups refusals', () => {
  it('refuses bytes that are not a tar archive', () => {
    expect(() => readNewsgroups('x.tar', new Uint8Array(1024).fill(65))).toThrow(DataError);
  });
});
