// The one seeded generator of seglens: training (slice order, augmentation), fine-tuning and the bootstrap
// draw from it, so a seed fixes an experiment on every machine, which Math.random cannot. It lives in this leaf
// package because both @seglens/metrics (bootstrap) and @seglens/models (training) need it and leaves depend
// on nothing. Its whole state is four 32-bit numbers, so a training checkpoint can store it and a resumed run
// draws exactly the numbers an uninterrupted one would. sfc32 (Chris Doty-Humphrey's Small Fast Counting
// generator) passes PractRand far beyond what shuffling, augmentation and resampling need.
//
// Changing anything here changes every seeded result: training runs (and their resumption from checkpoints
// written before the change) and published bootstrap intervals. The golden values in test/random.test.ts say so.

export type RngState = [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** From an integer seed (any 32-bit value), or from a saved state. */
  constructor(seedOrState: number | RngState) {
    if (Array.isArray(seedOrState)) {
      if (
        seedOrState.length !== 4 ||
        !seedOrState.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff)
      ) {
        throw new Error(`Rng: a state must be four unsigned 32-bit integers, got [${seedOrState}]`);
      }
      [this.a, this.b, this.c, this.d] = seedOrState;
      return;
    }
    if (!Number.isInteger(seedOrState)) throw new Error(`Rng: seed must be an integer, got ${seedOrState}`);
    // splitmix32 spreads nearby seeds (1, 2, 3) into unrelated states.
    let s = seedOrState >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }

  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }
}
