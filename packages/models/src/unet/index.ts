// The 2D U-Net, its cost, and its benchmark.
export { createUNet } from './build-unet';
export { InstanceNormalization } from './instance-norm';
export type { InstanceNormalizationArgs } from './instance-norm';
export { resolveUNetConfig } from './config';
export type { Normalization, UNetConfig, Upsampling, ResolvedUNetConfig } from './config';
export { unetCost } from './cost';
export type { UNetCost } from './cost';
export { benchmarkUNet, REFERENCE_UNET } from './benchmark';
export type { UNetBenchmarkOptions, UNetBenchmarkResult } from './benchmark';
export { runTorchPeer } from './node/torch-peer';
export type { TorchPeerOptions, TorchReport, TorchRun } from './node/torch-peer';
export { peakResidentSetMb, resetPeakResidentSet } from './node/peak-rss';
