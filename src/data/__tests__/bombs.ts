/// <reference types="node" />
import { constants, deflateRawSync } from 'node:zlib';

/**
 * Decompression bombs, made in memory in a few milliseconds: a raw deflate block of zeros,
 * ended with a full flush (byte-aligned, no back-references), can be repeated any number of
 * times, so 1 GiB of zeros costs one block's worth of work and about 1 MB of file.
 */
export const MiB = 1024 * 1024;

export function zerosDeflate(mib: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(MiB), { finishFlush: constants.Z_FULL_FLUSH });
  const end = deflateRawSync(Buffer.alloc(0)); // one final, empty block
  const out = new Uint8Array(block.length * mib + end.length);
  for (let i = 0; i < mib; i++) out.set(block, i * block.length);
  out.set(end, block.length * mib);
  return out;
}

/**
 * A .gz of `mib` MiB of zeros whose trailer claims `claimed` bytes. The CRC is left 0: no
 * reader of a bomb should get far enough to check it.
 */
export function gzipBomb(mib: number, claimed = mib * MiB): Uint8Array {
  const body = zerosDeflate(mib);
  const out = new Uint8Array(10 + body.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  out.set(body, 10);
  new DataView(out.buffer).setUint32(out.length - 4, claimed >>> 0, true);
  return out;
}

export interface BombMember {
  name: string;
  /** Stored as is. */
  data?: Uint8Array;
  /** Or this many MiB of deflated zeros. */
  zerosMiB?: number;
  /** The uncompressed size the headers claim (default the true size). */
  claimed?: number;
}

/** A zip written byte by byte, so its headers can say what a test wants. */
export function zipBomb(members: readonly BombMember[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const m of members) {
    const name = enc.encode(m.name);
    const deflated = m.zerosMiB !== undefined;
    const data = deflated ? zerosDeflate(m.zerosMiB!) : (m.data ?? new Uint8Array(0));
    const size = m.claimed ?? (deflated ? m.zerosMiB! * MiB : data.length);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, deflated ? 8 : 0, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, size >>> 0, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const head = new Uint8Array(46 + name.length);
    const cv = new DataView(head.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, deflated ? 8 : 0, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, size >>> 0, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    head.set(name, 46);
    parts.push(local, data);
    central.push(head);
    offset += local.length + data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, members.length, true);
  ev.setUint16(10, members.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, eocd];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const xml = (s: string) => new TextEncoder().encode(`<?xml version="1.0"?>${s}`);

/** An .xlsx whose only sheet is `mib` MiB of zeros: the shape of the outside test's bomb. */
export function xlsxBomb(mib: number, claimed?: number): Uint8Array {
  return zipBomb([
    { name: '[Content_Types].xml', data: xml('<Types/>') },
    { name: 'xl/workbook.xml', data: xml('<workbook/>') },
    {
      name: 'xl/worksheets/sheet1.xml',
      zerosMiB: mib,
      ...(claimed !== undefined ? { claimed } : {}),
    },
  ]);
}

/** Peak of the process's ArrayBuffer memory, sampled as often as the code under test reports. */
export function peakMeter(): { sample: () => void; peakMiB: () => number } {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  return {
    sample: () => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    },
    peakMiB: () => (peak - base) / MiB,
  };
}
