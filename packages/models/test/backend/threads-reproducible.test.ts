// Training on threaded wasm is reproducible: the same seed gives the same weights run after run on 2 threads,
// and the same weights as on 1 thread (XNNPACK splits each convolution's output among the threads; every
// output value is still summed by one thread in one order). Also: on 2 threads nothing leaks and validation
// DSC is the 1-thread one, and segment() gives the same probabilities. Threads are fixed per process, so each
// run is a child process.
import { buildSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Run {
  threads: number;
  fallback: string | null;
  weights: string;
  probabilities: string;
  losses: number[];
  dsc: number[];
  tensors: number;
}

const dir = mkdtempSync(join(tmpdir(), 'seglens-threads-test-'));
const bundle = join(dir, 'train-with-threads.cjs');

function run(threads: number): Run {
  const out = execFileSync(process.execPath, [bundle, '--threads', String(threads)], {
    // The bundle leaves TF.js external; it resolves from the repository's node_modules.
    env: { ...process.env, NODE_PATH: resolve(__dirname, '../../../../node_modules') },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

beforeAll(() => {
  buildSync({
    entryPoints: [join(__dirname, 'fixtures', 'train-with-threads.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    external: ['@tensorflow/*'],
    logLevel: 'warning',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training with wasm threads', () => {
  it('gives the same weights for the same seed, on 2 threads twice and on 1 thread', () => {
    const one = run(1);
    const twoA = run(2);
    const twoB = run(2);
    expect([one.threads, twoA.threads, twoB.threads]).toEqual([1, 2, 2]);
    expect(twoA.fallback).toBeNull();
    expect(one.losses.length).toBe(16);
    expect(one.losses.every(Number.isFinite)).toBe(true);
    expect(one.losses[one.losses.length - 1]).toBeLessThan(one.losses[0]);
    expect(twoB.weights).toBe(twoA.weights);
    expect(twoA.losses).toEqual(one.losses);
    expect(twoA.weights).toBe(one.weights);
    expect(twoA.dsc).toEqual(one.dsc);
    expect(twoB.probabilities).toBe(twoA.probabilities);
    expect(twoA.probabilities).toBe(one.probabilities);
    expect(twoA.tensors).toBe(one.tensors);
  });
});
