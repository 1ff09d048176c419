// The host's message handling on its own: the ready message, malformed requests, duplicate ids, and a
// cancel that reaches a request still waiting in the queue.
import { createWorkerHost } from '../../src/worker/host';
import type { WorkerResponse } from '../../src/worker/protocol';

function collect(): {
  posted: WorkerResponse[];
  settled(count: number): Promise<void>;
  host: ReturnType<typeof createWorkerHost>;
} {
  const posted: WorkerResponse[] = [];
  const host = createWorkerHost((m) => posted.push(m));
  const settled = async (count: number): Promise<void> => {
    for (
      let i = 0;
      i < 100 && posted.filter((m) => m.type === 'result' || m.type === 'error').length < count;
      i++
    )
      await new Promise((r) => setTimeout(r, 5));
  };
  return { posted, settled, host };
}

describe('worker host', () => {
  it('says ready, then answers every request by id, in order', async () => {
    const { posted, settled, host } = collect();
    expect(posted).toEqual([{ type: 'ready' }]);
    host.handle({ type: 'unloadModel', id: 7, modelKey: 'never-loaded' });
    host.handle({ type: 'lossLens', id: 8, modelKey: 'never-loaded', reference: new Uint8Array(1) });
    await settled(2);
    expect(posted[1]).toEqual({ type: 'result', id: 7, value: null });
    expect(posted[2]).toMatchObject({
      type: 'error',
      id: 8,
      error: {
        name: 'Error',
        message:
          'lossLens: no model is loaded under the key "never-loaded" (loaded: none); call loadModel first',
      },
    });
  });

  it('names malformed messages and reused ids', async () => {
    const { posted, settled, host } = collect();
    host.handle({ type: 'segmentAll', id: 1 });
    host.handle('hello');
    host.handle({ type: 'unloadModel', id: 2, modelKey: 'a' });
    host.handle({ type: 'unloadModel', id: 2, modelKey: 'b' });
    await settled(4);
    const errors = posted.filter((m) => m.type === 'error') as Extract<WorkerResponse, { type: 'error' }>[];
    expect(errors.map((e) => [e.id, e.error.message])).toEqual([
      [1, 'segmentation worker: not a request: {"type":"segmentAll","id":1}'],
      [-1, 'segmentation worker: not a request: "hello"'],
      [2, 'segmentation worker: request id 2 is already in use'],
    ]);
    expect(posted).toContainEqual({ type: 'result', id: 2, value: null });
  });

  it('a cancel reaches a queued request before it starts', async () => {
    const { posted, settled, host } = collect();
    host.handle({ type: 'unloadModel', id: 1, modelKey: 'a' });
    host.handle({ type: 'deleteSavedModel', id: 2, modelKey: 'indexeddb://x' });
    host.handle({ type: 'cancel', id: 2 });
    host.handle({ type: 'cancel', id: 99 }); // unknown ids are ignored
    await settled(2);
    expect(posted.slice(1)).toEqual([
      { type: 'result', id: 1, value: null },
      {
        type: 'error',
        id: 2,
        error: expect.objectContaining({
          name: 'AbortError',
          message: 'deleteSavedModel (request 2) was cancelled',
        }),
      },
    ]);
  });
});
