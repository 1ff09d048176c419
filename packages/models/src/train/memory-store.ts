// A TrainingStore in memory, holding the same encoded bytes a directory would (so a checkpoint is a real
// snapshot, not shared tensors). For browsers and tests.
import { decodeModel, encodeModel, sha256WebCrypto, type ModelFiles, type SeglensModel } from '../io';
import type { ModelCard } from '../card';
import type { TrainingCheckpoint, TrainingState, TrainingStore } from './checkpoint';

function reader(files: ModelFiles, location: string) {
  return async (name: string): Promise<Uint8Array> => {
    const bytes = files.get(name);
    if (!bytes) throw new Error(`memory store ${location}: no file ${name}`);
    return bytes;
  };
}

export function memoryTrainingStore(
  location = 'memory',
): TrainingStore & { checkpointFiles(): ModelFiles | null; bestFiles(): ModelFiles | null } {
  let checkpoint: { files: ModelFiles; state: string; moments: Float32Array } | null = null;
  let best: ModelFiles | null = null;
  return {
    location,
    async loadCheckpoint(): Promise<TrainingCheckpoint | null> {
      if (!checkpoint) return null;
      const model = await decodeModel(
        reader(checkpoint.files, location),
        sha256WebCrypto,
        `${location}/checkpoint`,
      );
      return {
        model,
        state: JSON.parse(checkpoint.state) as TrainingState,
        moments: checkpoint.moments.slice(),
      };
    },
    async saveCheckpoint(cp: TrainingCheckpoint): Promise<void> {
      const { files } = await encodeModel(cp.model, sha256WebCrypto, { weightDtype: 'float32' });
      checkpoint = { files, state: JSON.stringify(cp.state), moments: cp.moments.slice() };
    },
    async saveBest(model: SeglensModel): Promise<ModelCard> {
      const { files, card } = await encodeModel(model, sha256WebCrypto);
      best = files;
      return card;
    },
    async loadBest(): Promise<SeglensModel | null> {
      return best ? decodeModel(reader(best, location), sha256WebCrypto, `${location}/best`) : null;
    },
    checkpointFiles: () => checkpoint?.files ?? null,
    bestFiles: () => best,
  };
}
