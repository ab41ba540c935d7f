import { describe, expect, it } from 'vitest';
import { presetFromUrl } from '../settings';

describe('presetFromUrl', () => {
  it('reads ?preset=quick or book, and ignores anything else', () => {
    expect(presetFromUrl('?preset=quick')).toBe('quick');
    expect(presetFromUrl('?backend=wasm&preset=book')).toBe('book');
    expect(presetFromUrl('?preset=fast')).toBeNull();
    expect(presetFromUrl('')).toBeNull();
  });
});
