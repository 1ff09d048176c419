/** The two-stage pixel sums: block sizes, and agreement with plain sums for every block-size case. */
import { blockSize, channelTotals, imageSums, pixelSums, total } from '../src/reduce';
import { rng } from './helpers/random';
import { tf, useBackend } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

test.each([
  [65536, 256],
  [1048576, 1024],
  [20, 1],
  [289, 17],
  [1000003, 1], // prime: a single stage
  [2 * 1000003, 1],
  [1200, 30],
])('blockSize(%p) = %p', (n, k) => {
  expect(blockSize(n)).toBe(k);
  if (k > 1) expect(n % k).toBe(0);
});

test.each([
  ['single stage', [2, 20, 3]],
  ['two stages', [3, 578, 2]],
])('pixelSums, imageSums, channelTotals and total match plain sums (%s)', (_name, shape) => {
  const [B, N, C] = shape;
  const next = rng(5);
  const x = Array.from({ length: B * N * C }, () => next() - 0.5);
  const w = Array.from({ length: B * N }, () => next());
  const xt = tf.tensor3d(x, [B, N, C]);
  const wt = tf.tensor2d(w, [B, N]);
  const expected = Array.from({ length: B }, (_, b) =>
    Array.from({ length: C }, (_, c) => {
      let s = 0;
      for (let i = 0; i < N; i++) s += w[b * N + i] * x[(b * N + i) * C + c];
      return s;
    }),
  );
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const got = pixelSums(xt, wt).arraySync() as number[][];
    got.forEach((row, b) => row.forEach((v, c) => expect(v).toBeCloseTo(expected[b][c], 4)));
    const totals = channelTotals(xt, wt).arraySync() as number[];
    totals.forEach((v, c) =>
      expect(v).toBeCloseTo(expected[0][c] + expected.slice(1).reduce((a, r) => a + r[c], 0), 4),
    );
    const perImage = imageSums(wt).arraySync() as number[];
    perImage.forEach((v, b) =>
      expect(v).toBeCloseTo(
        w.slice(b * N, (b + 1) * N).reduce((a, y) => a + y, 0),
        4,
      ),
    );
    expect(total(wt).dataSync()[0]).toBeCloseTo(
      w.reduce((a, y) => a + y, 0),
      3,
    );
  });
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([xt, wt]);
});
