// The PyTorch peer (tools/bench-unet-torch.py under Debian's python3) with a tiny network: the network-alone
// timing always, segment()'s whole work per slice only when a slice size is given, and a clear error for a bad one;
// the viewer benchmarks' median batch (`--stat median`, tools/viewer-bench.mjs).
import path from 'node:path';
import { runTorchPeer, type TorchPeerOptions } from '../../src';

const script = path.resolve(__dirname, '../../../../tools/bench-unet-torch.py');
const tiny: TorchPeerOptions = {
  script,
  size: 32,
  batch: 2,
  steps: 1,
  inferBatches: 1,
  threads: [1],
  config: { depth: 3, baseFilters: 4, inputChannels: 1, classes: 3, normalization: 'batch', inputSize: null },
};

describe('runTorchPeer', () => {
  it('times the network alone, and no pipeline without a slice size', async () => {
    const report = await runTorchPeer(tiny);
    expect(report.runs).toHaveLength(1);
    expect(report.runs[0].inferMsPerImage).toBeGreaterThan(0);
    expect(report.runs[0].pipelineMsPerSlice).toBeNull();
    expect(report.runs[0].pipelineLabelsMsPerSlice).toBeNull();
  });

  it.each([
    [[48, 40], 'resize'],
    [[20, 36], 'pad'],
  ] as const)("times segment()'s work for %j slices (%s)", async (sourceSize, fit) => {
    const report = await runTorchPeer({ ...tiny, sourceSize: [...sourceSize], fit });
    const run = report.runs[0];
    for (const ms of [run.pipelineMsPerSlice, run.pipelineLabelsMsPerSlice]) {
      expect(Number.isFinite(ms)).toBe(true);
      expect(ms).toBeGreaterThan(0);
    }
  });

  it('gives the median batch with --stat median, and names a statistic it does not know', async () => {
    const median = {
      ...tiny,
      inferBatches: 5,
      sourceSize: [20, 36] as [number, number],
      fit: 'pad' as const,
    };
    const report = await runTorchPeer({ ...median, stat: 'median' });
    expect(report.runs[0].inferMsPerImage).toBeGreaterThan(0);
    expect(report.runs[0].pipelineLabelsMsPerSlice).toBeGreaterThan(0);
    await expect(runTorchPeer({ ...median, stat: 'mode' as unknown as 'median' })).rejects.toThrow(
      /--stat: invalid choice: 'mode' \(choose from '?mean'?, '?median'?\)/,
    );
  });

  it('names a bad slice size', async () => {
    await expect(runTorchPeer({ ...tiny, sourceSize: [0, 40] })).rejects.toThrow(
      /--source-size must be HxW or S in pixels, got 0x40/,
    );
  });
});
