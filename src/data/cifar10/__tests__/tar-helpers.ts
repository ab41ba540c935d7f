import { TarReader } from '../tar';

/** Every member of a tar, read with the reader under test fed in odd-sized chunks. */
export function unpacked(tar: Uint8Array): { name: string; bytes: Uint8Array }[] {
  const out: { name: string; bytes: Uint8Array }[] = [];
  const reader = new TarReader({ archive: 't', want: () => true, onEntry: (e) => out.push(e) });
  for (let at = 0; at < tar.length; at += 777) reader.push(tar.subarray(at, at + 777));
  reader.end();
  return out;
}

/** A minimal ustar archive, for inputs the real files do not cover. */
export function makeTar(files: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const f of files) {
    const h = new Uint8Array(512);
    h.set(enc.encode(f.name), 0);
    h.set(enc.encode('0000644\0'), 100);
    h.set(enc.encode(`${f.bytes.length.toString(8).padStart(11, '0')}\0`), 124);
    h.set(enc.encode('00000000000\0'), 136);
    h[156] = 0x30;
    h.set(enc.encode('ustar\x0000'), 257);
    h.fill(32, 148, 156);
    const sum = h.reduce((s, b) => s + b, 0);
    h.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    blocks.push(h);
    const data = new Uint8Array(Math.ceil(f.bytes.length / 512) * 512);
    data.set(f.bytes);
    blocks.push(data);
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
