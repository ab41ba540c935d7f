/**
 * mulberry32: tiny, fast, and good enough for shuffling rows. The same seed gives the same
 * order on every machine, which is what "random_state=0" buys in the books. It does not
 * reproduce NumPy's MT19937 streams, so row orders differ from pandas; sizes match.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates over 0..n-1. */
export function permutation(n: number, seed = 0): Int32Array {
  const rand = mulberry32(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** n draws from 0..size-1 with replacement, as pandas `sample(n, replace=True)` does. */
export function drawWithReplacement(size: number, n: number, seed = 0): Int32Array {
  const rand = mulberry32(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * size);
  return out;
}
