// The result of `seglens bench` (one row per TF.js backend with the PyTorch peer's times and the ratios) and
// the table and notes printed without --json.
import type { ConvolutionAlgorithm, TorchReport } from '@seglens/models';
import { fixed, formatTable } from '../table';
import type { BenchOptions } from './bench-options';

export interface BenchRow {
  backend: string;
  size: number;
  batch: number;
  trainMsPerStep: number;
  inferMsPerImage: number;
  peerTrainMsPerStep: number | null;
  peerInferMsPerImage: number | null;
  trainRatio: number | null;
  inferRatio: number | null;
  /** Threads TF.js computed with (wasm's thread pool; 1 on cpu). */
  threads: number;
  /** wasm: whether WebAssembly SIMD is on; null for cpu. */
  simd: boolean | null;
  /** Why wasm got fewer threads than requested, else null. */
  threadFallback: string | null;
  /** Peak resident set of this process after this backend's runs, in MB (10^6 bytes). */
  peakRssMb: number;
  /** How inference ran the 3x3 convolutions (--convolution; Winograd's on wasm only). */
  convolution: ConvolutionAlgorithm;
}

export interface BenchResult {
  rows: BenchRow[];
  parameters: number;
  torch: TorchReport | null;
  /** PyTorch's thread count, null when the peer was skipped. */
  peerThreads: number | null;
}

export function formatBench(r: BenchResult, o: BenchOptions): string {
  const ratio = (v: number | null) => (v === null ? '-' : `${v.toFixed(2)}x`);
  const table = formatTable(
    [
      { header: 'backend', align: 'left' },
      { header: 'size' },
      { header: 'batch' },
      { header: 'train ms/step' },
      { header: 'infer ms/image' },
      { header: 'torch train' },
      { header: 'torch infer' },
      { header: 'train ratio' },
      { header: 'infer ratio' },
      { header: 'threads' },
      { header: 'infer conv', align: 'left' },
      { header: 'peak RSS MB' },
    ],
    r.rows.map((row) => [
      row.backend,
      String(row.size),
      String(row.batch),
      fixed(row.trainMsPerStep, 0),
      fixed(row.inferMsPerImage, 1),
      fixed(row.peerTrainMsPerStep, 0),
      fixed(row.peerInferMsPerImage, 1),
      ratio(row.trainRatio),
      ratio(row.inferRatio),
      String(row.threads),
      row.convolution,
      fixed(row.peakRssMb, 0),
    ]),
  );
  const c = o.config;
  const lines = [
    `U-Net depth ${c.depth}, base ${c.baseFilters}, norm ${c.normalization}, ${c.inputChannels} -> ${c.classes} channels: ${r.parameters.toLocaleString('en-US')} parameters (TF.js)`,
    table.trimEnd(),
  ];
  for (const row of r.rows) {
    if (row.threadFallback)
      lines.push(
        `${row.backend}: fast path unavailable, ran on ${row.threads} thread(s): ${row.threadFallback}`,
      );
    if (row.simd === false) lines.push(`${row.backend}: no WebAssembly SIMD here, TF.js ran its plain build`);
  }
  lines.push(
    r.torch
      ? `PyTorch ${r.torch.torch}, ${r.peerThreads} thread(s), ${r.torch.parameters.toLocaleString('en-US')} parameters. Ratio = TF.js / PyTorch time.`
      : 'PyTorch peer skipped.',
  );
  return `${lines.join('\n')}\n`;
}
