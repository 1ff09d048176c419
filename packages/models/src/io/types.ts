import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelCard } from '../card';

/** A network together with its card: what segment(), fineTune() and the savers take. */
export interface SeglensModel {
  net: LayersModel;
  card: ModelCard;
}

/** The files of a saved model: model.json, weight shards and seglens.json, by relative path. */
export type ModelFiles = Map<string, Uint8Array>;

/** A file the card's hash or size does not match: the file is corrupt, truncated or from another model. */
export class ModelIntegrityError extends Error {
  constructor(
    readonly file: string,
    readonly expected: { sha256: string; bytes: number },
    readonly actual: { sha256: string; bytes: number },
    source: string,
  ) {
    const what =
      actual.bytes < expected.bytes
        ? `truncated (${actual.bytes} of ${expected.bytes} bytes)`
        : actual.bytes > expected.bytes
          ? `longer than expected (${actual.bytes} bytes, expected ${expected.bytes})`
          : 'corrupt or modified';
    super(
      `Model file ${file} in ${source} is ${what}: sha256 expected ${expected.sha256}, actual ${actual.sha256}`,
    );
    this.name = 'ModelIntegrityError';
  }
}
