// Synthetic multi-organ label maps for the benchmark: each class is an ellipsoid; the "prediction" moves,
// rescales and speckles it, so that every class has real surface disagreements to measure.

/** Deterministic PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paintEllipsoid(labels, dims, label, centre, radii) {
  const [nx, ny, nz] = dims;
  const z0 = Math.max(0, Math.floor(centre[2] - radii[2]));
  const z1 = Math.min(nz - 1, Math.ceil(centre[2] + radii[2]));
  const y0 = Math.max(0, Math.floor(centre[1] - radii[1]));
  const y1 = Math.min(ny - 1, Math.ceil(centre[1] + radii[1]));
  const x0 = Math.max(0, Math.floor(centre[0] - radii[0]));
  const x1 = Math.min(nx - 1, Math.ceil(centre[0] + radii[0]));
  for (let z = z0; z <= z1; z++) {
    const dz = nz === 1 ? 0 : (z - centre[2]) / radii[2];
    for (let y = y0; y <= y1; y++) {
      const dy = (y - centre[1]) / radii[1];
      for (let x = x0; x <= x1; x++) {
        const dx = (x - centre[0]) / radii[0];
        if (dx * dx + dy * dy + dz * dz <= 1) labels[(z * ny + y) * nx + x] = label;
      }
    }
  }
}

/** { truth, pred } Uint8Array label maps with classes 1..numForeground on background 0. */
export function syntheticPair(dims, numForeground, seed) {
  const random = rng(seed);
  const n = dims[0] * dims[1] * dims[2];
  const truth = new Uint8Array(n);
  const pred = new Uint8Array(n);
  for (let k = 1; k <= numForeground; k++) {
    const centre = dims.map((d) => (d === 1 ? 0 : d * (0.2 + 0.6 * random())));
    const radii = dims.map((d) => (d === 1 ? 1 : Math.max(1.5, d * (0.04 + 0.12 * random()))));
    paintEllipsoid(truth, dims, k, centre, radii);
    const moved = centre.map((c, a) => (dims[a] === 1 ? c : c + (random() - 0.5) * 4));
    const scaled = radii.map((r, a) => (dims[a] === 1 ? r : r * (0.9 + 0.2 * random())));
    paintEllipsoid(pred, dims, k, moved, scaled);
  }
  // Speckle: isolated false positives far from the organs, which is what makes HD95 differ from ASSD.
  for (let s = 0; s < n / 20000; s++)
    pred[Math.floor(random() * n)] = 1 + Math.floor(random() * numForeground);
  return { truth, pred };
}
