// The PyTorch peer of the U-Net benchmarks (`npm run bench:models`, `seglens bench`): tools/bench-unet-torch.py
// builds the same network as createUNet (same parameter count) and times it with Debian's python3-torch, in
// the same run as the TF.js timings, so that the ratio holds however busy the machine is. Node only.
import type { UNetConfig } from '../config';
import type * as ChildProcess from 'node:child_process';
import type * as FsPromises from 'node:fs/promises';
import { nodeBuiltin } from '@seglens/data';

export interface TorchRun {
  threads: number;
  trainMsPerStep: number;
  inferMsPerImage: number;
  /** segment()'s whole work per slice of `sourceSize`, with the per-voxel probabilities (null without it). */
  pipelineMsPerSlice?: number | null;
  /** The same keeping the labels and the scores at the model's size (segment() with modelScores). */
  pipelineLabelsMsPerSlice?: number | null;
}

export interface TorchReport {
  torch: string;
  parameters: number;
  runs: TorchRun[];
}

export interface TorchPeerOptions {
  /** Path of tools/bench-unet-torch.py. */
  script: string;
  /** Default /usr/bin/python3 (Debian's, where python3-torch installs). */
  python?: string;
  size: number;
  batch: number;
  steps: number;
  inferBatches: number;
  /** PyTorch thread counts to time, one run each. */
  threads: number[];
  config: UNetConfig;
  /**
   * Also time segment()'s whole work per slice of [rows, columns] pixels: the fit to `size` (`fit`, default
   * 'resize'), the network, softmax, the scores back to the slice, class-last probabilities and the argmax.
   */
  sourceSize?: [number, number];
  fit?: 'resize' | 'pad';
  /**
   * Inference per image: the mean of `inferBatches` batches (default), or their median batch (the viewer's
   * benchmarks: one batch slowed by another process does not move it).
   */
  stat?: 'mean' | 'median';
  signal?: AbortSignal;
}

/** Runs the PyTorch peer and parses its JSON report; errors name the script and say what went wrong. */
export async function runTorchPeer(o: TorchPeerOptions): Promise<TorchReport> {
  const python = o.python ?? '/usr/bin/python3';
  try {
    await nodeBuiltin<typeof FsPromises>('node:fs/promises', 'runTorchPeer').access(o.script);
  } catch {
    throw new Error(`runTorchPeer: the PyTorch peer script ${o.script} does not exist`);
  }
  const c = o.config;
  const args = [
    o.script,
    ...['--size', o.size, '--batch', o.batch, '--steps', o.steps, '--infer-batches', o.inferBatches],
    ...['--depth', c.depth ?? 4, '--base', c.baseFilters ?? 16, '--in-channels', c.inputChannels],
    ...[
      '--classes',
      c.classes,
      '--norm',
      c.normalization ?? 'batch',
      '--upsampling',
      c.upsampling ?? 'transpose',
    ],
    ...['--threads', o.threads.join(',')],
    ...(o.sourceSize ? ['--source-size', o.sourceSize.join('x'), '--fit', o.fit ?? 'resize'] : []),
    ...(o.stat ? ['--stat', o.stat] : []),
  ].map(String);
  const { execFile } = nodeBuiltin<typeof ChildProcess>('node:child_process', 'runTorchPeer');
  return new Promise((resolve, reject) => {
    execFile(python, args, { maxBuffer: 1 << 20, signal: o.signal }, (error, stdout, stderr) => {
      if (error) {
        if (error.name === 'AbortError') return reject(error);
        const detail = stderr ? `\n${String(stderr).trim()}` : '';
        return reject(
          new Error(`runTorchPeer: ${python} ${o.script} failed: ${error.message.trim()}${detail}`),
        );
      }
      try {
        resolve(JSON.parse(String(stdout)) as TorchReport);
      } catch {
        reject(new Error(`runTorchPeer: ${o.script} printed no JSON: ${String(stdout).slice(0, 200)}`));
      }
    });
  });
}
