/**
 * `torch.manual_seed` for the kernel. tfjs draws every unseeded random op (initialisers,
 * dropout, shuffles, randomNormal) from a seed taken from Math.random, so a seeded Math.random
 * makes a whole notebook repeatable. Values differ from PyTorch's; curves and results match.
 */
export function manualSeed(seed: number): void {
  let state = seed >>> 0;
  Math.random = () => {
    // mulberry32: small, fast, and good enough for initialisation and shuffles.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
