// The sfc32 stream is a contract: training checkpoints store an Rng state and resume from it, and published
// bootstrap intervals were drawn from it. The expected numbers come from an independent Python transcription of
// splitmix32 seeding and sfc32 (python3, plain integers masked to 32 bits), not from this code.
import { bootstrapMeanCi, Rng } from '../src';

describe('Rng (sfc32 seeded by splitmix32)', () => {
  it('draws the published algorithm’s numbers', () => {
    // Seed 1 ^ 0x5eed1e55 is what `seglens train --seed 1` starts from.
    const r = new Rng(1 ^ 0x5eed1e55);
    expect(Array.from({ length: 4 }, () => r.nextUint32())).toEqual([
      4138532366, 98470530, 4209635601, 2564329649,
    ]);
    expect(r.state()).toEqual([3851944756, 2622895862, 2979941063, 4061130473]);
    const zero = new Rng(0);
    expect(Array.from({ length: 3 }, () => zero.nextUint32())).toEqual([4205396811, 3543653536, 1222415357]);
    const top = new Rng(0xffffffff);
    expect(Array.from({ length: 3 }, () => top.nextUint32())).toEqual([1413747962, 91561161, 3282502067]);
  });

  it('resumes from a saved state exactly, and permutes from the same stream', () => {
    const a = new Rng(42);
    a.next();
    const b = new Rng(a.state());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(Array.from({ length: 100 }, () => a.next()));
    expect(new Rng(1 ^ 0x5eed1e55).permutation(0)).toEqual([]);
    const p = new Rng(7).permutation(10);
    expect([...p].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('names a bad seed or state', () => {
    expect(() => new Rng(1.5)).toThrow('Rng: seed must be an integer, got 1.5');
    expect(() => new Rng([1, 2, 3] as never)).toThrow(
      'Rng: a state must be four unsigned 32-bit integers, got [1,2,3]',
    );
    expect(() => new Rng([1, 2, 3, -1])).toThrow('got [1,2,3,-1]');
  });
});

describe('bootstrapMeanCi draws from Rng', () => {
  it('gives the interval an independent Python bootstrap gives with the same sfc32 stream (numpy percentiles)', () => {
    const values = [0.12, -0.05, 0.31, 0.08, 0.02, -0.11, 0.27, 0.15, 0.04, 0.09];
    const [low, high] = bootstrapMeanCi(values, { seed: 1, resamples: 2000 });
    expect(low).toBeCloseTo(0.016975, 12);
    expect(high).toBeCloseTo(0.170025, 12);
    expect(() => bootstrapMeanCi(values, { seed: 0.5 })).toThrow(
      'bootstrapMeanCi: seed must be an integer, got 0.5',
    );
  });
});
