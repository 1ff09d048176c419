// Fine-tuning in the worker: @seglens/models fineTune() on the user's labelled slices (it trains a copy, so
// the base model is never touched), DSC on those slices before and after, then the new model saved to
// IndexedDB under the chosen name with a fineTuning record naming its base, loss and slices. A cancel before
// the save leaves nothing behind; the save itself writes the card last, as its commit.
import { createVolume, type Volume } from '@seglens/data';
import { isLossName, type LossName } from '@seglens/losses';
import {
  fineTune,
  modelSliceAxis,
  saveModelToIndexedDB,
  type ModelCard,
  type SeglensModel,
} from '@seglens/models';
import { abortError } from './errors';
import { checkVolume } from './volume-check';
import { withMessageTurns } from './message-turns';
import type { FineTuneJob, FineTuneOutput, FineTuneProgress, WorkerFineTuneRecord } from './protocol';
import { sliceStack, stackDsc } from './slice-dsc';

function checkJob(job: FineTuneJob, card: ModelCard): { image: Volume; loss: LossName } {
  const what = `fineTune(${card.name})`;
  if (!job || typeof job !== 'object')
    throw new Error(
      `${what}: the request needs image, labels, slices, loss, epochs, learningRate and saveAs`,
    );
  const image = checkVolume(job.image, `${what}: image`);
  const voxels = image.dims[0] * image.dims[1] * image.dims[2];
  if (!(job.labels instanceof Uint8Array) || job.labels.length !== voxels)
    throw new Error(
      `${what}: labels must be a Uint8Array of ${voxels} values (one per voxel of the image), got ${job.labels instanceof Uint8Array ? job.labels.length : typeof job.labels}`,
    );
  // Slices count along the stored axis the model slices along (axis 2 for an axial series).
  const { axis } = modelSliceAxis(card.input, image);
  const count = image.dims[axis];
  if (!Array.isArray(job.slices) || job.slices.length === 0)
    throw new Error(`${what}: slices must list at least one slice index`);
  for (const s of job.slices)
    if (!Number.isInteger(s) || s < 0 || s >= count)
      throw new Error(`${what}: slices has ${s}, outside 0..${count - 1} (axis ${axis})`);
  if (new Set(job.slices).size !== job.slices.length)
    throw new Error(`${what}: slices lists a slice twice: [${job.slices.join(', ')}]`);
  if (typeof job.loss !== 'string' || !isLossName(job.loss))
    throw new Error(`${what}: loss must be a loss name of @seglens/losses, got ${JSON.stringify(job.loss)}`);
  if (typeof job.saveAs !== 'string' || job.saveAs.trim().length === 0 || job.saveAs.includes('/'))
    throw new Error(
      `${what}: saveAs must be a non-empty name without '/', got ${JSON.stringify(job.saveAs)}`,
    );
  return { image, loss: job.loss };
}

export async function runFineTune(
  base: SeglensModel,
  baseKey: string,
  job: FineTuneJob,
  onProgress: (p: FineTuneProgress) => void,
  signal: AbortSignal,
): Promise<{ output: Omit<FineTuneOutput, 'modelKey'>; model: SeglensModel }> {
  const { image, loss } = checkJob(job, base.card);
  const labels = createVolume({
    voxels: job.labels,
    dims: [...image.dims],
    spacing: [...image.spacing],
    origin: [...image.origin],
    direction: [...image.direction],
  });
  const stack = sliceStack(base, image, job.labels, job.slices);
  const dscBefore = await withMessageTurns(() => stackDsc(base, stack, signal));
  const result = await withMessageTurns(() =>
    fineTune(base, [{ image, labels, slices: job.slices }], {
      loss,
      epochs: job.epochs,
      learningRate: job.learningRate,
      onProgress,
      onStep: (p) => onProgress(p),
      signal,
    }),
  );
  try {
    const dscAfter = await withMessageTurns(() => stackDsc(result.model, stack, signal));
    if (signal.aborted) throw abortError(`fineTune(${base.card.name})`);
    const tuned = result.model.card;
    const record: WorkerFineTuneRecord = {
      ...tuned.fineTuning[tuned.fineTuning.length - 1],
      baseModel: base.card.name,
      baseModelKey: baseKey,
      slices: [...job.slices],
      sliceAxis: base.card.input.sliceAxis,
    };
    const card: ModelCard = {
      ...tuned,
      name: job.saveAs,
      fineTuning: [...tuned.fineTuning.slice(0, -1), record],
    };
    const model: SeglensModel = { net: result.model.net, card };
    const saved = await saveModelToIndexedDB(model, job.saveAs);
    return {
      model: { net: result.model.net, card: saved },
      output: {
        card: saved,
        lossBefore: result.lossBefore,
        lossAfter: result.lossAfter,
        history: result.history.map((loss, i) => ({ epoch: i + 1, loss })),
        dscBefore,
        dscAfter,
      },
    };
  } catch (error) {
    result.model.net.dispose();
    throw error;
  }
}
