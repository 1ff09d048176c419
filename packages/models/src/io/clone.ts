// An independent copy of a model (new variables), e.g. so fine-tuning never touches the original.
import * as tf from '@tensorflow/tfjs-core';
import { buildNetwork } from './model-files';
import type { SeglensModel } from './types';

export async function cloneModel(model: SeglensModel): Promise<SeglensModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.net.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('cloneModel: TF.js saved nothing');
  const net = await buildNetwork(artifacts, `cloneModel(${model.card.name})`);
  return { net, card: structuredClone(model.card) };
}
