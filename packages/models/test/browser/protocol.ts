// What the test (Node) and the page script (browser) say to each other through playwright's page.evaluate.
// Only JSON crosses that boundary, so voxel and label arrays travel as base64 strings.
import type { BackendName } from '../../src/backend';

/** Element types of Volume.voxels that the test sends (NIfTI and image readers give these). */
export type VoxelType = 'uint8' | 'int16' | 'uint16' | 'int32' | 'float32';

/** A @seglens/data Volume without its DICOM identity, voxels as base64 of their bytes. */
export interface VolumeMessage {
  type: VoxelType;
  voxels: string;
  dims: [number, number, number];
  spacing: [number, number, number];
  origin: [number, number, number];
  direction: [number, number, number, number, number, number, number, number, number];
  channels: number;
}

export interface RunRequest {
  backend: BackendName;
  /** URL prefix of tfjs-backend-wasm's .wasm files, ending in '/'. */
  wasmPaths: string;
  /** URL of the model folder (ending in '/'). */
  modelUrl: string;
  volume: VolumeMessage;
}

export interface RunSuccess {
  ok: true;
  /** tf.getBackend() after selectBackend, i.e. the backend that really ran the network. */
  backend: string;
  /** The label map, one uint8 per voxel, as base64. */
  labels: string;
  /** Voxels per class index. */
  counts: number[];
  loadMs: number;
  segmentMs: number;
  /** Live TF.js tensors before loading and after disposing the model: equal unless something leaked. */
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface RunFailure {
  ok: false;
  name: string;
  message: string;
}

export type RunResult = RunSuccess | RunFailure;

/** What the page script puts on globalThis once its module has run. */
export interface PageApi {
  run(request: RunRequest): Promise<RunResult>;
}

export const PAGE_API = 'seglensBrowserTest';
