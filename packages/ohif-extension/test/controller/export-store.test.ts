// Export and store: Store sends the worker's SEG bytes to a STOW-RS data source and says where it went; a
// data source without STOW-RS gets a clear message and nothing is written.
import { attached, blocks, harness, type Harness } from './fake-host';

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

async function segmented(): Promise<Harness> {
  const h = await harness();
  await attached(h);
  h.predictions.set('hippocampus-rce', blocks(h.volume.dims));
  h.controller.segment();
  await h.idle();
  return h;
}

describe('export and store', () => {
  it('says the data source cannot store when it has no STOW-RS, and writes nothing', async () => {
    const h = await segmented();
    const rce = h.store.get().predictions.find((p) => p.modelName === 'hippocampus-rce')!;
    h.controller.storeSeg(rce.key);
    await h.idle();
    const text = 'Store hippocampus-rce failed: the data source cannot store DICOM (no STOW-RS)';
    // Under Results, where the Store button is, and in OHIF's notifications.
    expect(h.store.get().message).toEqual({ kind: 'error', text, anchor: 'results' });
    expect(h.notes).toEqual([['error', 'seglens', text]]);
    expect(h.worker.writeSeg).toBe(0);
  });

  it("stores the worker's SEG bytes through the data source and notifies with the series", async () => {
    const h = await segmented();
    const stored: ArrayBuffer[] = [];
    h.dataSources.push({
      getConfig: () => ({ supportsStow: true }),
      store: { dicom: async (bytes) => stored.push(bytes as ArrayBuffer) },
    });
    const rce = h.store.get().predictions.find((p) => p.modelName === 'hippocampus-rce')!;
    h.controller.storeSeg(rce.key);
    await h.idle();
    expect(h.store.get().message).toBeNull();
    expect(stored.map((b) => Array.from(new Uint8Array(b)))).toEqual([[68, 73, 67, 77]]);
    expect(h.notes).toHaveLength(1);
    expect(h.notes[0].slice(0, 2)).toEqual(['success', 'DICOM SEG stored']);
    expect(h.notes[0][2]).toMatch(/^Series \d+ "seglens hippocampus-rce/);
  });
});
