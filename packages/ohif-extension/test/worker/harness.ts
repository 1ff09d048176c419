// The worker host and the client wired in one process through a real MessageChannel (structured clone and
// transfer as between threads), plus the real data and shipped models the tests use.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { join } from 'node:path';
import { datasetDir, DATASET_FOLDERS, readNiftiFile, type Volume } from '@seglens/data';
import { createWorkerHost, type WorkerHost, type WorkerHostOptions } from '../../src/worker/host';
import { SegmentationWorker, type WorkerLike } from '../../src/worker/client';

export const PRETRAINED = join(__dirname, '../../../models/pretrained');
export const modelDir = (name: string): string => join(PRETRAINED, name);

/** hippocampus_004 is a validation case of the shipped hippocampus models. */
export const VALIDATION_CASE = 'hippocampus_004';

export async function hippocampusCase(id = VALIDATION_CASE): Promise<{ image: Volume; labels: Volume }> {
  const dir = datasetDir(DATASET_FOLDERS.hippocampus);
  const [image, labels] = await Promise.all([
    readNiftiFile(join(dir, 'images', `${id}.nii.gz`)),
    readNiftiFile(join(dir, 'labels', `${id}.nii.gz`)),
  ]);
  return { image: image.volume, labels: labels.volume };
}

/** A copy of the volume (the client transfers the voxels it is given). */
export const copyVolume = (v: Volume): Volume => ({ ...v, voxels: v.voxels.slice() });

export interface InProcessWorker {
  client: SegmentationWorker;
  host: WorkerHost;
  /** Every message the host posted, in order (for assertions on progress and events). */
  posted: unknown[];
  close(): void;
}

function portAsWorker(port: MessagePort, onTerminate: () => void): WorkerLike {
  return {
    postMessage: (message, transfer) => port.postMessage(message, (transfer ?? []) as ArrayBuffer[]),
    addEventListener: (type, listener) => {
      if (type === 'message') port.on('message', (data: unknown) => listener({ data } as MessageEvent));
      if (type === 'messageerror') port.on('messageerror', () => listener(new Event('messageerror')));
    },
    terminate: onTerminate,
  };
}

export function inProcessWorker(
  options: ConstructorParameters<typeof SegmentationWorker>[1] = {},
  hostOptions: WorkerHostOptions = {},
): InProcessWorker {
  const { port1, port2 } = new MessageChannel();
  const posted: unknown[] = [];
  const host = createWorkerHost((message, transfer) => {
    posted.push(message);
    port2.postMessage(message, (transfer ?? []) as ArrayBuffer[]);
  }, hostOptions);
  port2.on('message', (data: unknown) => host.handle(data));
  const close = (): void => {
    port1.close();
    port2.close();
  };
  const client = new SegmentationWorker(portAsWorker(port1, close), options);
  return { client, host, posted, close };
}
