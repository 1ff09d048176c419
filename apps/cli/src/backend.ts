// Starting TF.js on the backend a command asks for (wasm by default in Node, cpu when wasm cannot start).
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '@seglens/models';

/**
 * TF.js production mode. It only silences TF.js's console notices, such as the cpu backend's advice to
 * install tfjs-node, which would land in the middle of the CLI's own output; it changes no computation.
 */
export function quietTfjs(): void {
  tf.env().set('PROD', true);
}

export async function useBackend(name: string | undefined): Promise<string> {
  quietTfjs();
  const selection = await selectBackend(name ? { force: name as BackendName } : {});
  return selection.name;
}
