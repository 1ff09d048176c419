// Starting TF.js on the backend a command asks for (wasm by default in Node, cpu when wasm cannot start).
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName, type BackendSelection } from '@seglens/models';

/**
 * TF.js production mode. It only silences TF.js's console notices, such as the cpu backend's advice to
 * install tfjs-node, which would land in the middle of the CLI's own output; it changes no computation.
 */
export function quietTfjs(): void {
  tf.env().set('PROD', true);
}

export async function useBackend(name: string | undefined): Promise<string> {
  return (await startBackend(name)).name;
}

/** useBackend with the whole selection: threads, SIMD, and why wasm got fewer threads than asked for. */
export async function startBackend(name: string | undefined): Promise<BackendSelection> {
  quietTfjs();
  return selectBackend(name ? { force: name as BackendName } : {});
}
