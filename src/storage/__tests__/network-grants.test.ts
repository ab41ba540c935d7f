import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allNetworkGrants, grantedHosts, grantHost, revokeHost } from '../network-grants';

/** Node has no localStorage: a Map behind the Storage methods the store uses. */
function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('network grants', () => {
  beforeEach(() => {
    Object.defineProperty(globalThis, 'localStorage', {
      value: memoryStorage(),
      configurable: true,
    });
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('keeps hosts per notebook, once each, and forgets a notebook with no host left', () => {
    grantHost('imported/a.ipynb', 'example.com');
    grantHost('imported/a.ipynb', 'example.com');
    grantHost('imported/a.ipynb', '127.0.0.1:4455');
    grantHost('book/b.ipynb', 'archive.ics.uci.edu');
    expect(grantedHosts('imported/a.ipynb')).toEqual(['127.0.0.1:4455', 'example.com']);
    expect(grantedHosts('other.ipynb')).toEqual([]);
    revokeHost('imported/a.ipynb', '127.0.0.1:4455');
    revokeHost('imported/a.ipynb', 'example.com');
    expect(allNetworkGrants()).toEqual({ 'book/b.ipynb': ['archive.ics.uci.edu'] });
  });

  it('refuses a host that is not a plain host name, and ignores one written there by hand', () => {
    expect(() => grantHost('a.ipynb', 'x.com; connect-src *')).toThrow(/not a host name/);
    localStorage.setItem(
      'tfnb.network-grants',
      JSON.stringify({ 'a.ipynb': ['*', 'ok.example', 42], 'b.ipynb': 'x' }),
    );
    expect(allNetworkGrants()).toEqual({ 'a.ipynb': ['ok.example'] });
  });

  it('reads a damaged record as no grants', () => {
    localStorage.setItem('tfnb.network-grants', '{oops');
    expect(allNetworkGrants()).toEqual({});
  });
});
