// Small models and volumes shared by the io, infer, train and fine-tune tests.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVolume, type Volume } from '@seglens/data';
import { selectBackend } from '../../src/backend';
import { createModelCard, type InputSpec } from '../../src/card';
import type { SeglensModel } from '../../src/io';
import { createUNet, type UNetConfig } from '../../src/unet';

export async function useWasm(): Promise<void> {
  expect((await selectBackend({ force: 'wasm' })).name).toBe('wasm');
}

export function tinyModel(
  overrides: Partial<UNetConfig> = {},
  input: Partial<InputSpec> = {},
  seed = 1,
): SeglensModel {
  const architecture: UNetConfig = {
    inputChannels: 1,
    classes: 3,
    depth: 2,
    baseFilters: 4,
    normalization: 'batch',
    ...overrides,
  };
  const net = createUNet({ ...architecture, seed });
  const card = createModelCard({
    name: 'tiny',
    task: 'test',
    modality: 'MR',
    classNames: Array.from({ length: architecture.classes }, (_, k) =>
      k === 0 ? 'background' : `structure ${k}`,
    ),
    input: {
      channels: architecture.inputChannels,
      size: [16, 16],
      sliceAxis: 2,
      fit: 'resize',
      normalization: { kind: 'zscore' },
      ...input,
    },
    architecture,
  });
  return { net, card };
}

/** A deterministic grey volume with a bright blob, on a non-trivial geometry. */
export function testVolume(dims: [number, number, number], channels = 1): Volume {
  const [nx, ny, nz] = dims;
  const voxels = new Float32Array(nx * ny * nz * channels);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        for (let c = 0; c < channels; c++) {
          const inside = (i - nx / 2) ** 2 + (j - ny / 3) ** 2 < (Math.min(nx, ny) / 4) ** 2;
          voxels[((k * ny + j) * nx + i) * channels + c] =
            (inside ? 100 : 20) + ((i * 7 + j * 13 + k * 5 + c * 3) % 11);
        }
  return createVolume({
    voxels,
    dims,
    channels,
    spacing: [0.8, 1.1, 2.5],
    origin: [-12.5, 30, 7],
    direction: [0, 1, 0, 0, 0, -1, 1, 0, 0],
    dicom: {
      studyInstanceUID: '1.2.3',
      seriesInstanceUID: '1.2.3.4',
      sopInstanceUIDs: Array.from({ length: nz }, (_, k) => `1.2.3.4.${k + 1}`),
    },
  });
}

export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'seglens-models-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function predict(model: SeglensModel, x: tf.Tensor4D): Float32Array {
  return tf.tidy(() => (model.net.predict(x) as tf.Tensor).dataSync() as Float32Array);
}
