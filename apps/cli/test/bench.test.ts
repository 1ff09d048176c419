// `seglens bench` with a tiny network: TF.js timings from @seglens/models' benchmarkUNet and the PyTorch peer
// (tools/bench-unet-torch.py under Debian's python3) in the same run, joined into the documented rows.
import { availableParallelism } from 'node:os';
import { peakResidentSetMb } from '@seglens/models';
import { cli } from './fixtures';

const TINY_NET = [
  '--size',
  '32',
  '--batch',
  '2',
  '--depth',
  '3',
  '--base-filters',
  '4',
  '--steps',
  '1',
  '--infer-batches',
  '1',
  '--quiet',
];

describe('seglens bench', () => {
  it('prints one row per backend with the PyTorch peer and the ratios', async () => {
    const r = await cli(['bench', ...TINY_NET, '--backends', 'wasm', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { rows, peerThreads } = JSON.parse(r.stdout);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(Object.keys(row)).toEqual([
      'backend',
      'size',
      'batch',
      'trainMsPerStep',
      'inferMsPerImage',
      'peerTrainMsPerStep',
      'peerInferMsPerImage',
      'trainRatio',
      'inferRatio',
      'threads',
      'simd',
      'threadFallback',
      'peakRssMb',
      'convolution',
    ]);
    // wasm on every core by default, and PyTorch on as many.
    const cores = availableParallelism();
    expect(row).toMatchObject({
      backend: 'wasm',
      size: 32,
      batch: 2,
      threads: cores,
      simd: true,
      threadFallback: null,
      convolution: 'winograd4',
    });
    expect(peerThreads).toBe(cores);
    // The bench runs inside this jest worker, so its peak starts from whatever the worker holds (the reset of the
    // high-water mark is tested in @seglens/models): tens of MB at least, and at most what the worker holds now.
    expect(row.peakRssMb).toBeGreaterThan(50);
    expect(row.peakRssMb).toBeLessThanOrEqual(peakResidentSetMb() + 1);
    for (const key of ['trainMsPerStep', 'inferMsPerImage', 'peerTrainMsPerStep', 'peerInferMsPerImage']) {
      expect(row[key]).toBeGreaterThan(0);
      expect(Number.isFinite(row[key])).toBe(true);
    }
    expect(row.trainRatio).toBeCloseTo(row.trainMsPerStep / row.peerTrainMsPerStep, 12);
    expect(row.inferRatio).toBeCloseTo(row.inferMsPerImage / row.peerInferMsPerImage, 12);
  });

  it('--convolution direct times inference with the direct sum on wasm, and says so', async () => {
    const r = await cli([
      'bench',
      ...TINY_NET,
      '--backends',
      'wasm',
      '--skip-peer',
      '--convolution',
      'direct',
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows[0].convolution).toBe('direct');
    const bad = await cli(['bench', '--convolution', 'fft']);
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([
      2,
      "seglens bench: --convolution must be one of winograd4, winograd, direct; got 'fft'",
    ]);
  });

  it('times TF.js alone with --skip-peer and prints a table', async () => {
    const r = await cli(['bench', ...TINY_NET, '--backends', 'cpu', '--skip-peer']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    // 1 -> 2 channels, depth 3, base 4: the parameter count of createUNet for this configuration.
    expect(lines[0]).toMatch(
      /^U-Net depth 3, base 4, norm none, 1 -> 2 channels: [\d,]+ parameters \(TF\.js\)$/,
    );
    expect(lines[1].split(/\s{2,}/)).toEqual([
      'backend',
      'size',
      'batch',
      'train ms/step',
      'infer ms/image',
      'torch train',
      'torch infer',
      'train ratio',
      'infer ratio',
      'threads',
      'infer conv',
      'peak RSS MB',
    ]);
    expect(lines[3].split(/\s{2,}/).slice(0, 3)).toEqual(['cpu', '32', '2']);
    // Winograd's convolution is a wasm kernel: cpu runs the direct sum whatever --convolution says
    expect(lines[3].split(/\s{2,}/).slice(5, 11)).toEqual(['-', '-', '-', '-', '1', 'direct']);
    expect(lines[4]).toBe('PyTorch peer skipped.');
  });

  it('rejects backends that Node cannot run and sizes the network cannot take', async () => {
    const webgl = await cli(['bench', '--backends', 'wasm,webgl']);
    expect([webgl.code, webgl.stderr.split('\n')[0]]).toEqual([
      2,
      "seglens bench: --backends must list backends available in Node (wasm, cpu), got 'wasm,webgl'",
    ]);
    const threads = await cli(['bench', '--threads', '0']);
    expect([threads.code, threads.stderr.split('\n')[0]]).toEqual([
      2,
      expect.stringMatching(/^seglens bench: --threads .*0/),
    ]);
    const size = await cli(['bench', '--size', '100']);
    expect([size.code, size.stderr.split('\n')[0]]).toEqual([
      2,
      'seglens bench: --size 100 must be divisible by 8 (2^(depth-1) for --depth 4)',
    ]);
  });
});
