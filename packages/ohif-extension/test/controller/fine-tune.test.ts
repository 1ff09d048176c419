// Labelling and fine-tuning: Draw labels makes the user's labelmap with the base model's classes and sizes
// OHIF's brush to the image; painted slices are listed once the strokes settle; Fine-tune refuses to start
// without labels and names why.
import { fineTunedName } from '../../src/controller/fine-tune';
import { attached, harness } from './fake-host';

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('labelling and fine-tuning', () => {
  it('refuses to fine-tune before any labels are drawn', async () => {
    const h = await harness();
    await attached(h);
    h.controller.fineTune();
    expect(h.store.get().message).toEqual({
      kind: 'error',
      text: 'Fine-tune: press "Draw labels" and paint some slices first.',
      anchor: 'fine-tune',
    });
    expect(h.store.get().busy).toBeNull();
  });

  it('makes "Your labels" with the base classes, activates a brush sized to the image, lists painted slices', async () => {
    const h = await harness();
    await attached(h);
    h.controller.startLabelling();
    await h.idle();
    const id = h.store.get().fineTune.labelsSegmentationId!;
    const seg = h.segmentations.get(id)!;
    expect(seg.label).toBe('Your labels · hippocampus');
    expect(Object.values(seg.segments).map((s) => s?.label)).toEqual([
      'anterior hippocampus',
      'posterior hippocampus',
    ]);
    const [nx, ny] = h.volume.dims;
    const side = Math.min(nx * h.volume.spacing[0], ny * h.volume.spacing[1]);
    expect(h.commands).toEqual([
      ['setToolActive', { toolName: 'CircularBrush' }],
      ['setBrushSize', { value: Math.max(1, Math.round(side * 0.05)) }],
    ]);
    // Paint on slices 3 and 8 (0-based) of the labelmap, as the brush does, and tell the controller.
    const images = seg.representationData.Labelmap!.imageIds!;
    (h.fake.cache.get(images[3])!.getPixelData() as Uint8Array)[40] = 1;
    (h.fake.cache.get(images[8])!.getPixelData() as Uint8Array)[41] = 2;
    h.segmentation.fire('data-modified');
    h.segmentation.fire('data-modified');
    await new Promise((r) => setTimeout(r, 400));
    expect(h.store.get().fineTune.labelledSlices).toEqual([3, 8]);
  });

  it('names a fine-tuned model after its base and the local time, dropping an earlier stamp', () => {
    const at = new Date(2026, 11, 3, 9, 5, 7);
    expect(fineTunedName('hippocampus-rce', at)).toBe('hippocampus-rce-ft-20261203-090507');
    expect(fineTunedName('hippocampus-rce-ft-20261201-101010', at)).toBe(
      'hippocampus-rce-ft-20261203-090507',
    );
  });
});
