// A TrainingStore in a directory (Node only): `<dir>/model` holds the best model (a normal model directory,
// what loadModel(dir) finds) and `<dir>/checkpoint` the last finished epoch (float32 model files plus
// optimizer.bin and training-state.json). Each is replaced whole, so a run killed at any moment leaves the
// previous checkpoint and best model intact.
import type { ModelCard } from '../../card';
import {
  decodeModel,
  encodeModel,
  loadModelFromDirectory,
  saveModelToDirectory,
  type SeglensModel,
} from '../../io';
import { errorMessage, nodePath } from '../../io/node/builtin';
import { exists, readFileIn, writeDirectoryAtomic } from '../../io/node/directory';
import { sha256Node } from '../../io/node/hash';
import {
  OPTIMIZER_FILE,
  TRAINING_STATE_FILE,
  type TrainingCheckpoint,
  type TrainingState,
  type TrainingStore,
} from '../checkpoint';

const CALLER = 'directoryTrainingStore';

export function directoryTrainingStore(
  dir: string,
): TrainingStore & { modelDir: string; checkpointDir: string } {
  const path = nodePath(CALLER);
  const root = path.resolve(dir);
  const modelDir = path.join(root, 'model');
  const checkpointDir = path.join(root, 'checkpoint');
  return {
    location: root,
    modelDir,
    checkpointDir,
    async loadCheckpoint(): Promise<TrainingCheckpoint | null> {
      if (!(await exists(path.join(checkpointDir, TRAINING_STATE_FILE), CALLER))) return null;
      const read = (name: string) => readFileIn(checkpointDir, name, CALLER);
      let state: TrainingState;
      try {
        state = JSON.parse(new TextDecoder().decode(await read(TRAINING_STATE_FILE))) as TrainingState;
      } catch (error) {
        throw new Error(
          `${CALLER}: ${path.join(checkpointDir, TRAINING_STATE_FILE)} is not valid JSON: ${errorMessage(error)}`,
        );
      }
      if (state.format !== 'seglens-training-state' || state.version !== 1) {
        throw new Error(
          `${CALLER}: ${path.join(checkpointDir, TRAINING_STATE_FILE)} is not a seglens training state (version 1)`,
        );
      }
      const optimizer = await read(OPTIMIZER_FILE);
      const actual = await sha256Node(optimizer);
      if (actual !== state.optimizerSha256) {
        throw new Error(
          `${CALLER}: ${path.join(checkpointDir, OPTIMIZER_FILE)} is corrupt or truncated (${optimizer.length} bytes): sha256 expected ${state.optimizerSha256}, actual ${actual}`,
        );
      }
      const model = await decodeModel(read, sha256Node, checkpointDir);
      const moments = new Float32Array(
        optimizer.buffer.slice(optimizer.byteOffset, optimizer.byteOffset + optimizer.byteLength),
      );
      return { model, state, moments };
    },
    async saveCheckpoint(cp: TrainingCheckpoint): Promise<void> {
      const { files } = await encodeModel(cp.model, sha256Node, { weightDtype: 'float32' });
      const optimizer = new Uint8Array(cp.moments.buffer, cp.moments.byteOffset, cp.moments.byteLength);
      const state: TrainingState = { ...cp.state, optimizerSha256: await sha256Node(optimizer) };
      files.set(OPTIMIZER_FILE, optimizer);
      files.set(TRAINING_STATE_FILE, new TextEncoder().encode(`${JSON.stringify(state, null, 1)}\n`));
      await writeDirectoryAtomic(checkpointDir, files, CALLER);
    },
    async saveBest(model: SeglensModel): Promise<ModelCard> {
      return saveModelToDirectory(model, modelDir);
    },
    async loadBest(): Promise<SeglensModel | null> {
      if (!(await exists(modelDir, CALLER))) return null;
      return loadModelFromDirectory(modelDir);
    },
  };
}
