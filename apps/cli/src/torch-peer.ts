// The PyTorch peer of `seglens bench`: tools/bench-unet-torch.py (the same U-Net as createUNet, written by
// @seglens/models for its own benchmark) run with Debian's python3, in the same run as the TF.js timings.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { UNetConfig } from '@seglens/models';

export interface TorchRun {
  threads: number;
  trainMsPerStep: number;
  inferMsPerImage: number;
}

export interface TorchReport {
  torch: string;
  parameters: number;
  runs: TorchRun[];
}

export interface TorchPeerOptions {
  script: string;
  python: string;
  size: number;
  batch: number;
  steps: number;
  inferBatches: number;
  threads: number[];
  config: UNetConfig;
  signal?: AbortSignal;
}

/** tools/bench-unet-torch.py of the repository @seglens/models belongs to. */
export function defaultTorchScript(): string {
  const from = typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'noop.js');
  const models = path.dirname(createRequire(from).resolve('@seglens/models/package.json'));
  return path.resolve(models, '..', '..', 'tools', 'bench-unet-torch.py');
}

export function runTorchPeer(o: TorchPeerOptions): Promise<TorchReport> {
  if (!existsSync(o.script))
    return Promise.reject(
      new Error(`the PyTorch peer script ${o.script} does not exist (pass --torch-script, or --skip-peer)`),
    );
  const c = o.config;
  const args = [
    o.script,
    ...['--size', o.size, '--batch', o.batch, '--steps', o.steps, '--infer-batches', o.inferBatches],
    ...[
      '--depth',
      c.depth ?? 4,
      '--base',
      c.baseFilters ?? 16,
      '--in-channels',
      c.inputChannels,
      '--classes',
      c.classes,
    ],
    ...[
      '--norm',
      c.normalization ?? 'batch',
      '--upsampling',
      c.upsampling ?? 'transpose',
      '--threads',
      o.threads.join(','),
    ],
  ].map(String);
  return new Promise((resolve, reject) => {
    execFile(o.python, args, { maxBuffer: 1 << 20, signal: o.signal }, (error, stdout, stderr) => {
      if (error) {
        if (error.name === 'AbortError') return reject(error);
        return reject(
          new Error(
            `the PyTorch peer (${o.python} ${o.script}) failed: ${error.message.trim()}${stderr ? `\n${stderr.trim()}` : ''} (pass --skip-peer to time TF.js only)`,
          ),
        );
      }
      try {
        resolve(JSON.parse(stdout) as TorchReport);
      } catch {
        reject(new Error(`the PyTorch peer ${o.script} printed no JSON: ${stdout.slice(0, 200)}`));
      }
    });
  });
}
