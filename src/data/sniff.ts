/** What the first bytes say a file is; names lie (a tab-separated text file called .xls). */
export type Container = 'gzip' | 'ole2' | 'zip' | 'text';

export function sniff(b: Uint8Array): Container {
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (
    b[0] === 0xd0 &&
    b[1] === 0xcf &&
    b[2] === 0x11 &&
    b[3] === 0xe0 &&
    b[4] === 0xa1 &&
    b[5] === 0xb1 &&
    b[6] === 0x1a &&
    b[7] === 0xe1
  ) {
    return 'ole2';
  }
  // PK\x03\x04 is a zip with members; PK\x05\x06 an empty one.
  if (b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6)) {
    return 'zip';
  }
  return 'text';
}

export function extensionOf(name: string): string {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  const dot = base.lastIndexOf('.');
  return dot >= 0 ? base.slice(dot + 1) : '';
}
