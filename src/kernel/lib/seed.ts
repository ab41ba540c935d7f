export interface SeedState {
  seed: number;
  /** The generator's position: restoring it repeats the draws that followed. */
  state: number;
}

let current: SeedState | null = null;

function install(seeded: SeedState): void {
  current = seeded;
  Math.random = () => {
    // mulberry32: small, fast, and good enough for initialisation and shuffles.
    seeded.state = (seeded.state + 0x6d2b79f5) >>> 0;
    let t = seeded.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `torch.manual_seed` for the kernel. tfjs draws every unseeded random op (initialisers,
 * dropout, shuffles, randomNormal) from a seed taken from Math.random, so a seeded Math.random
 * makes a whole notebook repeatable. Values differ from PyTorch's; curves and results match.
 */
export function manualSeed(seed: number): void {
  install({ seed, state: seed >>> 0 });
}

/** The seed and position of the generator, or null when no seed was set (Math.random is native). */
export function seedState(): SeedState | null {
  return current ? { ...current } : null;
}

/** Puts the generator back where a checkpoint left it, so a resumed run shuffles as the first did. */
export function restoreSeedState(saved: SeedState): void {
  install({ ...saved });
}
