/**
 * Seeded randomness for chaos tests: a failing run replays with its seed. Each concern (a client's cuts, its
 * compose times...) draws from its own stream, so one stream's draws do not shift another's when timing varies.
 */

/** mulberry32: small, fast, and good enough to pick delays. Returns numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The stream named `label` of the run seeded with `seed` (FNV-1a of the label, mixed with the seed). */
export function streamOf(seed: number, label: string): () => number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return seededRandom(hash);
}

/** A whole number in [min, max]. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** The seed given in `variable`, or a fresh one. */
export function seedFrom(variable: string | undefined): number {
  const given = Number(variable);
  return variable !== undefined && Number.isSafeInteger(given) ? given : Math.floor(Math.random() * 2 ** 31);
}
