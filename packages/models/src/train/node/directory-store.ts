// A TrainingStore in a directory (Node only): `<dir>/model` holds the best model (a normal model directory,
// what loadModel(dir) finds) and `<dir>/checkpoint` the last finished epoch (float32 model files plus
// optimizer.bin and training-state.json). Each is replaced whole, so a run killed at any moment leaves the
// previous checkpoint and best model intact: a kill between the two renames of a swap leaves the previous
// version beside the folder (`.checkpoint.old-…`), and recover() puts it back before anything is read.
import type * as Path from 'node:path';
import { errorMessage, nodeBuiltin } from '@seglens/data';
import type { ModelCard } from '../../card';
import {
  decodeModel,
  encodeModel,
  loadModelFromDirectory,
  saveModelToDirectory,
  type SeglensModel,
} from '../../io';
import { exists, readFileIn, recoverDirectoryAtomic, writeDirectoryAtomic } from '../../io/node/directory';
import { sha256Node } from '../../io/node/hash';
import {
  OPTIMIZER_FILE,
  TRAINING_STATE_FILE,
  type TrainingCheckpoint,
  type TrainingState,
  type TrainingStore,
} from '../checkpoint';

const CALLER = 'directoryTrainingStore';

export interface DirectoryTrainingStore extends TrainingStore {
  modelDir: string;
  checkpointDir: string;
  /**
   * Restores `model/` and `checkpoint/` when a save was killed between its two renames (and deletes what dead
   * writers left behind). Returns the folders restored, e.g. ['checkpoint']. loadCheckpoint and loadBest call it.
   */
  recover(): Promise<string[]>;
}

export function directoryTrainingStore(dir: string): DirectoryTrainingStore {
  const path = nodeBuiltin<typeof Path>('node:path', CALLER);
  const root = path.resolve(dir);
  const modelDir = path.join(root, 'model');
  const checkpointDir = path.join(root, 'checkpoint');
  const recover = async (): Promise<string[]> => {
    const restored: string[] = [];
    for (const d of [modelDir, checkpointDir])
      if (await recoverDirectoryAtomic(d, CALLER)) restored.push(path.basename(d));
    return restored;
  };
  return {
    location: root,
    modelDir,
    checkpointDir,
    recover,
    async loadCheckpoint(): Promise<TrainingCheckpoint | null> {
      await recover();
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
      await recover();
      if (!(await exists(modelDir, CALLER))) return null;
      return loadModelFromDirectory(modelDir);
    },
  };
}
