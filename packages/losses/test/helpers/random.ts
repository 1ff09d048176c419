/** Seeded random inputs, so every failure reproduces. */
export function rng(seed: number): () => number {
  // mulberry32: small, fast, and good enough for test inputs.
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Case {
  /** logits shape [B, ...spatial, C] */
  shape: number[];
  logits: number[];
  labels: number[];
  ignoreIndex: number;
}

/**
 * Random logits (uniform in [-scale, scale]) and labels; `ignoreFraction` of the pixels get ignoreIndex.
 * Binary mode (C = 1) draws labels in {0, 1}.
 */
export function randomCase(
  shape: number[],
  seed: number,
  ignoreFraction = 0,
  scale = 2,
  ignoreIndex = 255,
): Case {
  const next = rng(seed);
  const c = shape[shape.length - 1];
  const pixels = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const labelValues = c === 1 ? 2 : c;
  const logits = Array.from({ length: pixels * c }, () => (next() * 2 - 1) * scale);
  const labels = Array.from({ length: pixels }, () =>
    next() < ignoreFraction ? ignoreIndex : Math.floor(next() * labelValues),
  );
  return { shape, logits, labels, ignoreIndex };
}
