// Runs tools/bench-unet-torch.py (the same U-Net in PyTorch) and parses its JSON report.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { UNetConfig } from '../../src/unet';

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
  python?: string;
  size: number;
  batch: number;
  steps: number;
  inferBatches: number;
  threads: number[];
  config: UNetConfig;
}

export function runTorchPeer(o: TorchPeerOptions): Promise<TorchReport> {
  const python = o.python ?? '/usr/bin/python3';
  if (!existsSync(o.script)) return Promise.reject(new Error(`runTorchPeer: script ${o.script} does not exist`));
  const args = [
    o.script,
    ...['--size', o.size, '--batch', o.batch, '--steps', o.steps, '--infer-batches', o.inferBatches],
    ...['--depth', o.config.depth ?? 4, '--base', o.config.baseFilters ?? 16, '--in-channels', o.config.inputChannels],
    ...['--classes', o.config.classes, '--norm', o.config.normalization ?? 'batch', '--upsampling', o.config.upsampling ?? 'transpose'],
    ...['--threads', o.threads.join(',')],
  ].map(String);
  return new Promise((resolve, reject) => {
    execFile(python, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`runTorchPeer: ${python} ${o.script} failed: ${error.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as TorchReport);
      } catch {
        reject(new Error(`runTorchPeer: ${o.script} printed no JSON: ${stdout.slice(0, 200)}`));
      }
    });
  });
}
