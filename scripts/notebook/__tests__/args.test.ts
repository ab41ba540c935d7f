import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../args';
import { globToRegExp } from '../glob';

describe('parseArgs', () => {
  it('reads run with its notebook and every option, in either flag form', () => {
    expect(
      parseArgs([
        'run',
        'nb.ipynb',
        '--backend',
        'cpu',
        '--preset=quick',
        '--out',
        'o',
        '--timeout-min',
        '5',
        '--url',
        'http://localhost:9/',
        '--profile=runner-profile',
      ]),
    ).toEqual({
      command: 'run',
      notebook: 'nb.ipynb',
      writeResults: false,
      backend: 'cpu',
      preset: 'quick',
      outDir: 'o',
      timeoutMin: 5,
      port: 4351,
      url: 'http://localhost:9',
      profile: 'runner-profile',
      mutate: null,
    });
  });

  it('reads --mutate, keeps a mutation run out of RESULTS, and refuses an unknown kind', () => {
    expect(parseArgs(['run', 'a.ipynb', '--mutate', 'lr/20'])).toMatchObject({
      mutate: 'lr/20',
      writeResults: false,
    });
    expect(parseArgs(['run-all', '--mutate=zero-features'])).toMatchObject({
      command: 'run-all',
      mutate: 'zero-features',
    });
    expect(() => parseArgs(['run', 'a.ipynb', '--mutate', 'lr/20', '--results'])).toThrow(
      /never go to docs\/RESULTS.md/,
    );
    expect(() => parseArgs(['run', 'a.ipynb', '--mutate', 'break-it'])).toThrow(
      '--mutate must be one of zero-features, shuffle-labels, no-training, lr/20, not "break-it".',
    );
  });

  it('defaults to wasm, the book schedule, and writing results only for run-all', () => {
    expect(parseArgs(['run-all'])).toMatchObject({
      command: 'run-all',
      pattern: null,
      backend: 'wasm',
      preset: 'book',
      profile: null,
    });
    expect(parseArgs(['run', 'a.ipynb', '--results'])).toMatchObject({ writeResults: true });
  });

  it('refuses unknown commands, options and values with a message', () => {
    expect(() => parseArgs(['go'])).toThrow(UsageError);
    expect(() => parseArgs(['run', 'a.ipynb', '--preset', 'fast'])).toThrow(
      '--preset must be one of book, quick, not "fast".',
    );
    expect(() => parseArgs(['run'])).toThrow(/needs the path/);
    expect(() => parseArgs(['run', 'a', '--speed', '2'])).toThrow(/Unknown option --speed/);
    expect(() => parseArgs(['run', 'a', '--timeout-min', '0'])).toThrow(/positive number/);
  });
});

describe('globToRegExp', () => {
  it('matches * within a folder and ** across folders', () => {
    expect(globToRegExp('pytorch-workshop/ch0*').test('pytorch-workshop/ch01-x.ipynb')).toBe(true);
    expect(globToRegExp('*.ipynb').test('pytorch-workshop/ch01-x.ipynb')).toBe(false);
    expect(globToRegExp('**/ch01*').test('pytorch-workshop/ch01-x.ipynb')).toBe(true);
  });
});
