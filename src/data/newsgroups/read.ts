import { TarReader } from '../cifar10/tar';
import { DataError } from '../errors';
import { gunzipLimited } from '../inflate';

/**
 * The 20 Newsgroups "bydate" tarball (`20news-bydate-{train,test}/<group>/<number>`), read into
 * posts with their raw headers kept: the From:, Organization: and NNTP-Posting-Host: lines are
 * the giveaway features the Finance book's LIME section is about, so nothing is stripped.
 */

export interface NewsgroupsSplit {
  count: number;
  /** Each post's whole text, headers included, decoded as Latin-1 (as scikit-learn reads them). */
  texts: string[];
  /** Index into `classes` of each post's group. */
  labels: Uint8Array;
  /** The post's file name (its article number), e.g. `53068`. */
  ids: string[];
}

export interface NewsgroupsData {
  train: NewsgroupsSplit;
  test: NewsgroupsSplit;
  /** The groups found, sorted by name (scikit-learn's `target_names` order). */
  classes: string[];
}

const MEMBER = /^(?:\.\/)?20news-bydate-(train|test)\/([^/]+)\/([^/]+)$/;

interface Post {
  split: 'train' | 'test';
  group: string;
  id: string;
  text: string;
}

/** Posts sorted as scikit-learn's loader lists them before its shuffle: by group, then number. */
function bySplit(posts: Post[], split: 'train' | 'test', classes: string[]): NewsgroupsSplit {
  const chosen = posts
    .filter((p) => p.split === split)
    .sort((a, b) =>
      a.group === b.group ? Number(a.id) - Number(b.id) : a.group < b.group ? -1 : 1,
    );
  return {
    count: chosen.length,
    texts: chosen.map((p) => p.text),
    labels: Uint8Array.from(chosen, (p) => classes.indexOf(p.group)),
    ids: chosen.map((p) => p.id),
  };
}

/** Reads a `20news-bydate` tar or tar.gz (any subset of its groups); refuses one without posts. */
export function readNewsgroups(file: string, bytes: Uint8Array): NewsgroupsData {
  const tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipLimited(file, bytes) : bytes;
  const decoder = new TextDecoder('latin1');
  const posts: Post[] = [];
  const reader = new TarReader({
    archive: file,
    want: (name) => MEMBER.test(name),
    onEntry: (entry) => {
      const m = MEMBER.exec(entry.name);
      if (!m) return;
      posts.push({
        split: m[1] as 'train' | 'test',
        group: m[2]!,
        id: m[3]!,
        text: decoder.decode(entry.bytes),
      });
    },
  });
  reader.push(tar);
  reader.end();
  const classes = [...new Set(posts.map((p) => p.group))].sort();
  const train = bySplit(posts, 'train', classes);
  const test = bySplit(posts, 'test', classes);
  if (train.count === 0 || test.count === 0) {
    throw new DataError(
      'parse',
      `expected posts under 20news-bydate-train/<group>/ and 20news-bydate-test/<group>/, found ${train.count} training and ${test.count} test posts`,
      {
        file,
        hint: 'Use 20news-bydate.tar.gz from http://qwone.com/~jason/20Newsgroups/ (or the two-group subset the app ships).',
      },
    );
  }
  return { train, test, classes };
}
