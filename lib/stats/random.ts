// A small seeded generator, so that a bootstrap interval is reproducible.

/** mulberry32: a fast 32-bit generator with a good spread for simulation. */
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

function standardNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A Binomial(n, p) draw: exact inversion while n·min(p, 1−p) is small, the
 * normal approximation (rounded, clamped) beyond, where its error is far
 * below the bootstrap's own Monte Carlo error.
 */
export function binomial(n: number, p: number, random: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = Math.min(p, 1 - p);
  let draw: number;
  if (n * q < 30) {
    const ratio = q / (1 - q);
    let probability = (1 - q) ** n;
    let cumulative = probability;
    const u = random();
    draw = 0;
    while (u > cumulative && draw < n) {
      probability *= (ratio * (n - draw)) / (draw + 1);
      cumulative += probability;
      draw++;
    }
  } else {
    const mean = n * q;
    draw = Math.round(mean + Math.sqrt(mean * (1 - q)) * standardNormal(random));
    draw = Math.min(n, Math.max(0, draw));
  }
  return q === p ? draw : n - draw;
}

/** Counts of `n` draws over categories with the given weights (a multinomial draw). */
export function multinomial(n: number, weights: readonly number[], random: () => number): number[] {
  let remainingWeight = weights.reduce((s, w) => s + w, 0);
  let remaining = n;
  return weights.map((w) => {
    if (remaining === 0 || remainingWeight <= 0) return 0;
    const count = binomial(remaining, Math.min(1, w / remainingWeight), random);
    remaining -= count;
    remainingWeight -= w;
    return count;
  });
}
