// Writing predictions into OHIF labelmaps and reading labels back, including a DICOM SEG's layout: several
// labelmap images per slice (one per layer), slices without any, and segment numbers named differently from
// the model's classes.
import { join } from 'node:path';
import { readDicomFolder, resolveDataDir, type Volume } from '@seglens/data';
import {
  createLabelmap,
  readLabels,
  setOutlineOnly,
  writeLabels,
  type LabelmapTarget,
} from '../../src/ohif/labelmap';
import type { DisplaySet, OhifSegmentation, OhifServices } from '../../src/ohif/types';
import type { ClassView } from '../../src/panel/state';
import { fakeCornerstone, type FakeCornerstone } from './fake-cornerstone';

const CLASSES: ClassView[] = [
  { index: 0, name: 'background', color: [0, 0, 0] },
  { index: 1, name: 'anterior hippocampus', color: [230, 25, 75] },
  { index: 2, name: 'posterior hippocampus', color: [60, 180, 75] },
];

let series: Volume;
beforeAll(async () => {
  series = await readDicomFolder(join(resolveDataDir(), 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume'));
});

/** A segmentation service that keeps segmentations as OHIF does: labelmap images derived from the source. */
function fakeServices(fake: FakeCornerstone) {
  const segmentations = new Map<string, OhifSegmentation>();
  // Each representation added: its options, and how many labelled voxels its labelmap held at that moment.
  const representations: { options: { segmentationId: string; config?: unknown }; voxels: number }[] = [];
  const services = {
    segmentationService: {
      createLabelmapForDisplaySet: async (
        ds: DisplaySet,
        o: { label: string; segments?: Record<number, { label: string }> },
      ) => {
        const id = `seg-${segmentations.size + 1}`;
        const imageIds = (ds.imageIds ?? []).map((src, k) => {
          const lid = `${id}:${k}`;
          const source = fake.cache.get(src)!;
          const data = new Uint8Array(source.rows * source.columns);
          fake.cache.set(lid, {
            rows: source.rows,
            columns: source.columns,
            color: false,
            referencedImageId: src,
            getPixelData: () => data,
          });
          return lid;
        });
        const segments = Object.fromEntries(
          Object.entries(o.segments ?? {}).map(([i, s]) => [i, { segmentIndex: Number(i), label: s.label }]),
        );
        segmentations.set(id, {
          segmentationId: id,
          label: o.label,
          segments,
          representationData: { Labelmap: { imageIds, referencedImageIds: ds.imageIds } },
        });
        return id;
      },
      addSegmentationRepresentation: (_v: string, options: { segmentationId: string }) => {
        const ids = segmentations.get(options.segmentationId)?.representationData.Labelmap?.imageIds ?? [];
        const voxels = ids
          .map((id) => fake.cache.get(id)!.getPixelData())
          .reduce((n, data) => n + Array.from(data).filter((v) => v !== 0).length, 0);
        representations.push({ options, voxels });
      },
      getSegmentation: (id: string) => segmentations.get(id),
      getSegmentations: () => [...segmentations.values()],
      setSegmentVisibility: () => undefined,
      setActiveSegmentation: () => undefined,
      setActiveSegment: () => undefined,
      remove: (id: string) => segmentations.delete(id),
      EVENTS: {},
      subscribe: () => ({ unsubscribe: () => undefined }),
    },
  } as unknown as OhifServices;
  return { services, segmentations, representations };
}

function setup() {
  const fake = fakeCornerstone(series);
  const { services, segmentations, representations } = fakeServices(fake);
  const target: LabelmapTarget = { services, libs: fake.libs, viewportId: 'default' };
  const ds: DisplaySet = {
    displaySetInstanceUID: 'ds',
    StudyInstanceUID: 's',
    SeriesInstanceUID: 'r',
    Modality: 'MR',
    imageIds: fake.imageIds,
  };
  return { fake, target, ds, segmentations, representations };
}

/** A label volume with a block of class 1 and a block of class 2 on some slices. */
function blocks(): Uint8Array {
  const [nx, ny, nz] = series.dims;
  const labels = new Uint8Array(nx * ny * nz);
  for (let k = 5; k < 10; k++)
    for (let j = 10; j < 20; j++) for (let i = 5; i < 15; i++) labels[(k * ny + j) * nx + i] = j < 15 ? 1 : 2;
  return labels;
}

describe('labelmaps in the segmentation service', () => {
  it('creates a labelmap with its labels and its colours before anything draws it, and reads it back', async () => {
    const { fake, target, ds, representations } = setup();
    const labels = blocks();
    const id = await createLabelmap(
      target,
      ds,
      'hippocampus-rce · RCE',
      CLASSES,
      [
        [255, 0, 0],
        [255, 128, 0],
      ],
      labels,
    );
    // One representation, added with the labels already in (5 slices x 10 x 10 voxels) and the colours as its
    // lookup table; no data-modified event, which would redraw the viewport a second time.
    expect(representations).toEqual([
      {
        options: {
          segmentationId: id,
          config: {
            colorLUTOrIndex: [
              [0, 0, 0, 0],
              [255, 0, 0, 255],
              [255, 128, 0, 255],
            ],
          },
        },
        voxels: 500,
      },
    ]);
    expect(fake.modified).toEqual([]);
    expect(readLabels(target, id, ds).labels).toEqual(labels);
  });

  it('rewrites a labelmap in place and announces it (one data-modified event)', async () => {
    const { fake, target, ds, representations } = setup();
    const id = await createLabelmap(target, ds, 'empty', CLASSES, []);
    expect(representations.map((r) => r.voxels)).toEqual([0]);
    const labels = blocks();
    writeLabels(target, id, ds, labels);
    expect(fake.modified).toEqual([id]);
    expect(readLabels(target, id, ds).labels).toEqual(labels);
  });

  it('removes a new labelmap whose labels do not fit it, and says which slice', async () => {
    const { target, ds, segmentations, representations, fake } = setup();
    // Slice 3's labelmap image is missing from the cache: the labels have nowhere to go there.
    const create = target.services.segmentationService.createLabelmapForDisplaySet;
    target.services.segmentationService.createLabelmapForDisplaySet = async (d, o) => {
      const id = await create(d, o);
      fake.cache.delete(segmentations.get(id)!.representationData.Labelmap!.imageIds![3]);
      return id;
    };
    await expect(createLabelmap(target, ds, 'broken', CLASSES, [], blocks())).rejects.toThrow(
      /^Slice 4 of segmentation seg-1 has 1 labelmap images, expected one in the cache$/,
    );
    expect(segmentations.size).toBe(0);
    expect(representations).toEqual([]);
  });

  it('colours classes by their index: the class colour without a given one, gaps transparent', async () => {
    const { target, ds, representations } = setup();
    const classes: ClassView[] = [
      { index: 0, name: 'background', color: [0, 0, 0] },
      { index: 1, name: 'liver', color: [10, 20, 30] },
      { index: 3, name: 'spleen', color: [40, 50, 60] },
    ];
    await createLabelmap(target, ds, 'gap', classes, [[200, 0, 0]]);
    expect(representations[0].options.config).toEqual({
      colorLUTOrIndex: [
        [0, 0, 0, 0],
        [200, 0, 0, 255],
        [0, 0, 0, 0],
        [40, 50, 60, 255],
      ],
    });
  });

  it('reads a SEG-like labelmap: two layers per slice, unlabelled slices missing, segments matched by name', async () => {
    const { fake, target, ds, segmentations } = setup();
    const [nx, ny] = series.dims;
    const size = nx * ny;
    // SEG segment 1 is "Posterior hippocampus" and segment 2 "anterior hippocampus": swapped against the classes.
    const imageIds: string[] = [];
    const add = (slice: number, segment: number, pixels: number[]) => {
      const data = new Uint8Array(size);
      for (const p of pixels) data[p] = segment;
      const id = `segfile:${slice}:${segment}`;
      fake.cache.set(id, {
        rows: ny,
        columns: nx,
        color: false,
        referencedImageId: fake.imageIds[slice],
        getPixelData: () => data,
      });
      imageIds.push(id);
    };
    add(3, 1, [0, 1, 2]);
    add(3, 2, [10, 11]);
    add(7, 2, [100]);
    segmentations.set('dicom-seg', {
      segmentationId: 'dicom-seg',
      label: 'Reference',
      segments: {
        1: { segmentIndex: 1, label: 'Posterior hippocampus' },
        2: { segmentIndex: 2, label: 'anterior hippocampus' },
      },
      representationData: { Labelmap: { imageIds } },
    });
    const { labels, unmatched, labelled } = readLabels(target, 'dicom-seg', ds, CLASSES);
    expect(unmatched).toEqual([]);
    expect(labelled).toEqual([1, 2]);
    const nonZero = [...labels.entries()]
      .filter(([, v]) => v)
      .map(([i, v]) => [Math.floor(i / size), i % size, v]);
    expect(nonZero).toEqual([
      [3, 0, 2],
      [3, 1, 2],
      [3, 2, 2],
      [3, 10, 1],
      [3, 11, 1],
      [7, 100, 1],
    ]);
  });

  it('reports SEG segments that match no class', async () => {
    const { fake, target, ds, segmentations } = setup();
    const [nx, ny] = series.dims;
    const data = new Uint8Array(nx * ny).fill(1);
    fake.cache.set('seg:0', {
      rows: ny,
      columns: nx,
      color: false,
      referencedImageId: fake.imageIds[0],
      getPixelData: () => data,
    });
    segmentations.set('x', {
      segmentationId: 'x',
      label: 'Liver',
      segments: { 1: { segmentIndex: 1, label: 'Liver' } },
      representationData: { Labelmap: { imageIds: ['seg:0'] } },
    });
    const { labels, unmatched, labelled } = readLabels(target, 'x', ds, CLASSES);
    expect(unmatched).toEqual(['Liver']);
    expect(labelled).toEqual([]);
    expect(labels.some((v) => v !== 0)).toBe(false);
  });

  it('names the segmentation when it has no labelmap', () => {
    const { target, ds, segmentations } = setup();
    segmentations.set('contour', {
      segmentationId: 'contour',
      label: 'c',
      segments: {},
      representationData: {},
    });
    expect(() => readLabels(target, 'contour', ds)).toThrow('Segmentation contour has no labelmap images');
  });

  it('draws a reference as outlines once: restyling an outlined one again would only cost a redraw', () => {
    const { target, fake } = setup();
    const styles = new Map<string, Record<string, unknown>>();
    const set: string[] = [];
    let renders = 0;
    const key = (s: Record<string, unknown>) => `${String(s.viewportId)}|${String(s.segmentationId)}`;
    const withStyle: LabelmapTarget = {
      ...target,
      libs: {
        ...fake.libs,
        cornerstone: {
          ...fake.libs.cornerstone,
          getEnabledElementByViewportId: () => ({ viewport: { render: () => void renders++ } }),
        },
        cornerstoneTools: {
          segmentation: {
            ...fake.libs.cornerstoneTools.segmentation,
            config: {
              style: {
                getStyle: (s) => ({ renderFill: true, renderOutline: true, ...styles.get(key(s)) }),
                setStyle: (s, style) => {
                  set.push(key(s));
                  styles.set(key(s), { ...styles.get(key(s)), ...style });
                },
              },
            },
          },
        },
      },
    };
    setOutlineOnly(withStyle, 'ref');
    setOutlineOnly(withStyle, 'ref');
    setOutlineOnly({ ...withStyle, viewportId: 'other' }, 'ref');
    expect(set).toEqual(['default|ref', 'other|ref']);
    expect(renders).toBe(2);
    expect(styles.get('default|ref')).toMatchObject({
      renderFill: false,
      renderOutline: true,
      outlineWidth: 2,
    });
    // A host without getStyle: styled every time, as before.
    const { getStyle: _, ...noGet } = withStyle.libs.cornerstoneTools.segmentation.config!.style!;
    const plain: LabelmapTarget = {
      ...withStyle,
      libs: {
        ...withStyle.libs,
        cornerstoneTools: {
          segmentation: { ...withStyle.libs.cornerstoneTools.segmentation, config: { style: noGet } },
        },
      },
    };
    setOutlineOnly(plain, 'ref');
    expect(set).toEqual(['default|ref', 'other|ref', 'default|ref']);
  });
});
