// seglens's kernel pool: every call of a job runs exactly once, on whichever thread claims it, with that thread's
// scratch; runSplit cuts a kernel's work into CHUNKS_PER_THREAD aligned ranges per thread. The kernels' own bits on
// 1 and 2 threads are tested beside each kernel (exp-simd, binary-simd, filter-grad-simd, winograd-simd).
import { simdKernelsOn } from '../../src/kernels/simd/simd-module';
import {
  CHUNKS_PER_THREAD,
  LARGE_KERNEL_FACTOR,
  MAX_POOL_CALLS,
  SimdPool,
  poolArgs,
  runSplit,
  splitThreads,
  type PoolCall,
} from '../../src/kernels/simd/simd-pool';

const N = 16; // floats per call
const CALLS = MAX_POOL_CALLS;
const REGION = CALLS * N * 4; // bytes of one thread's scratch: room for every call's output

describe('SimdPool', () => {
  it('runs each call of a job once, on the caller or a helper, each into its own thread scratch', async () => {
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 16, shared: true });
    const heap = new Float32Array(memory.buffer);
    const xAt = 0;
    const outAt = 65536;
    for (let i = 0; i < CALLS * N; i++) heap[i] = (i % 7) - 3;
    const expected = new Float32Array(CALLS * N);
    simdKernelsOn(memory)!.expf(xAt, 8192 * 4, 0, CALLS * N);
    expected.set(heap.subarray(8192, 8192 + CALLS * N));
    const pool = new SimdPool(memory, 2);
    try {
      expect(await pool.whenReady()).toBe(1);
      for (let round = 0; round < 200; round++) {
        heap.fill(NaN, outAt / 4, outAt / 4 + (2 * REGION) / 4);
        // call k writes its 16 floats at k * 16 of the scratch of the thread that runs it (argument 1, the output)
        const calls: PoolCall[] = Array.from({ length: CALLS }, (_, k) => ({
          fn: 'expf',
          args: poolArgs([xAt, outAt, k * N, (k + 1) * N]),
          scratch: { arg: 1, bytes: REGION },
        }));
        pool.run(calls);
        for (let k = 0; k < CALLS; k++) {
          const ranOn = [0, 1].filter((t) => !Number.isNaN(heap[(outAt + t * REGION) / 4 + k * N]));
          expect(ranOn).toHaveLength(1);
          const at = (outAt + ranOn[0] * REGION) / 4 + k * N;
          expect(Array.from(heap.subarray(at, at + N))).toEqual(
            Array.from(expected.subarray(k * N, (k + 1) * N)),
          );
        }
      }
    } finally {
      pool.dispose();
    }
    // stopped, the pool runs the same job on the caller alone: every call into thread 0's scratch
    heap.fill(NaN, outAt / 4, outAt / 4 + (2 * REGION) / 4);
    pool.run([{ fn: 'expf', args: poolArgs([xAt, outAt, 0, N]), scratch: { arg: 1, bytes: REGION } }]);
    expect(Array.from(heap.subarray(outAt / 4, outAt / 4 + N))).toEqual(Array.from(expected.subarray(0, N)));
    expect(Number.isNaN(heap[(outAt + REGION) / 4])).toBe(true);
  });

  it('runSplit hands out CHUNKS_PER_THREAD aligned, contiguous ranges per thread, and small work in one call', async () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    const pool = new SimdPool(memory, 2);
    try {
      expect(await pool.whenReady()).toBe(1);
      const run = jest.spyOn(pool, 'run');
      runSplit(pool, 'expf', 1002, (i0, i1) => [0, 8192, i0, i1], 100, 4);
      expect(CHUNKS_PER_THREAD).toBe(4);
      const ranges = run.mock.calls[0][0].map((c) => [c.args[2], c.args[3]]);
      expect(ranges).toEqual([
        [0, 124],
        [124, 248],
        [248, 376],
        [376, 500],
        [500, 624],
        [624, 752],
        [752, 876],
        [876, 1002],
      ]);
      // under minPerThread items per thread: one call on the caller (its output written), not a job
      const heap = new Float32Array(memory.buffer);
      heap.fill(NaN, 2048, 2048 + 150);
      runSplit(pool, 'expf', 150, (i0, i1) => [0, 8192, i0, i1], 100, 4);
      expect(run).toHaveBeenCalledTimes(1);
      expect(heap.subarray(2048, 2048 + 150).every((v) => v === 1)).toBe(true);
    } finally {
      pool.dispose();
    }
  });

  it('runs on the caller alone where there is no SharedArrayBuffer (a page that is not cross-origin isolated)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new Float32Array(memory.buffer);
    const kept = globalThis.SharedArrayBuffer;
    Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
    try {
      expect(typeof SharedArrayBuffer).toBe('undefined');
      const pool = new SimdPool(memory, 2);
      expect(pool.readyHelpers()).toBe(0);
      runSplit(pool, 'expf', 4000, (i0, i1) => [0, 16384, i0, i1], 100, 4);
      expect(heap.subarray(4096, 8096).every((v) => v === 1)).toBe(true);
      pool.dispose();
      pool.dispose();
    } finally {
      globalThis.SharedArrayBuffer = kept;
    }
  });

  it('lets a job use only its first threads: helpers beyond them claim nothing, whatever is left', async () => {
    const memory = new WebAssembly.Memory({ initial: 4, maximum: 16, shared: true });
    const heap = new Float32Array(memory.buffer);
    const outAt = 65536;
    for (let i = 0; i < CALLS * N; i++) heap[i] = (i % 5) - 2;
    // three threads, the caller alone on every kernel: a job asks for more
    const pool = new SimdPool(memory, 3, 1);
    try {
      expect([pool.threads, pool.everyKernel]).toEqual([3, 1]);
      expect(await pool.whenReady()).toBe(2);
      const ranOn = (threads?: number): number[] => {
        heap.fill(NaN, outAt / 4, outAt / 4 + (3 * REGION) / 4);
        const calls: PoolCall[] = Array.from({ length: CALLS }, (_, k) => ({
          fn: 'expf',
          args: poolArgs([0, outAt, k * N, (k + 1) * N]),
          scratch: { arg: 1, bytes: REGION },
        }));
        pool.run(calls, threads);
        const counts = [0, 0, 0];
        for (let k = 0; k < CALLS; k++) {
          const on = [0, 1, 2].filter((t) => !Number.isNaN(heap[(outAt + t * REGION) / 4 + k * N]));
          expect(on).toHaveLength(1);
          counts[on[0]]++;
        }
        return counts;
      };
      // the default is everyKernel: the caller runs the whole job
      expect(ranOn()).toEqual([CALLS, 0, 0]);
      const twoThreads = [0, 0, 0];
      for (let round = 0; round < 200; round++) ranOn(2).forEach((n, t) => (twoThreads[t] += n));
      expect(twoThreads[2]).toBe(0);
      expect(twoThreads[0] + twoThreads[1]).toBe(200 * CALLS);
      for (let round = 0; round < 50; round++) expect(ranOn(3).reduce((a, b) => a + b)).toBe(CALLS);
    } finally {
      pool.dispose();
    }
    expect(() => new SimdPool(memory, 2, 3)).toThrow(
      'SimdPool: everyKernel must be a whole number from 1 to threads (2), got 3',
    );
    expect(() => new SimdPool(memory, 2, 0)).toThrow('got 0');
  });
});

describe('splitThreads: threads beyond everyKernel on large kernels only', () => {
  it("is 16 times a kernel's usual minimum", () => expect(LARGE_KERNEL_FACTOR).toBe(16));

  // [pool threads, everyKernel, items, minimum items per thread, threads]
  it.each([
    [2, 2, 200, 100, 2],
    [2, 2, 199, 100, 1],
    [2, 2, 5000, 100, 2],
    [2, 1, 200, 100, 1],
    [2, 1, 2 * 16 * 100 - 1, 100, 1],
    [2, 1, 2 * 16 * 100, 100, 2],
    [4, 2, 400, 100, 2],
    [4, 2, 3 * 16 * 100, 100, 3],
    [4, 2, 100 * 16 * 100, 100, 4],
    [1, 1, 1e9, 100, 1],
    [2, 1, 0, 100, 1],
  ])(
    '%i threads, %i on every kernel, %i items at %i per thread: %i',
    (threads, everyKernel, count, min, expected) => {
      expect(splitThreads({ threads, everyKernel }, count, min)).toBe(expected);
    },
  );
});
