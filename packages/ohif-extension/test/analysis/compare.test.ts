// compareWithReference: hand-computed 2D cases, and a real MSD hippocampus label map against
// @seglens/metrics called directly.
import { join } from 'node:path';
import { datasetDir, DATASET_FOLDERS, readNiftiFile, type Volume } from '@seglens/data';
import { evaluateSegmentation, regionProportions } from '@seglens/metrics';
import { compareWithReference, labelProportions } from '../../src/analysis';
import type { ClassView } from '../../src/panel/state';

const CLASSES: ClassView[] = [
  { index: 0, name: 'background', color: [0, 0, 0] },
  { index: 1, name: 'A', color: [255, 0, 0] },
  { index: 2, name: 'B', color: [0, 255, 0] },
];

/** A 4x4 image with class A on the 2x2 square whose left column is x0, rows 0..1. */
function square(x0: number): Uint8Array {
  const labels = new Uint8Array(16);
  for (const y of [0, 1]) for (const x of [x0, x0 + 1]) labels[y * 4 + x] = 1;
  return labels;
}

describe('compareWithReference', () => {
  it('matches hand-computed DSC, IoU, HD95 and NSD (1 mm) on 2x2 squares', () => {
    const r = compareWithReference({
      reference: square(0),
      predictions: [
        { name: 'same', loss: 'rce', labels: square(0), color: [1, 2, 3] },
        { name: 'shift1', loss: 'dice', labels: square(1), color: [4, 5, 6] },
        { name: 'shift2', loss: 'dice', labels: square(2), color: [7, 8, 9] },
      ],
      dims: [4, 4, 1],
      spacing: [1, 1, 1],
      classes: CLASSES,
    });
    const row = (model: string, classIndex: number) =>
      r.rows.find((x) => x.model === model && x.classIndex === classIndex)!;
    expect(r.rows).toHaveLength(6);
    expect(row('same', 1)).toEqual({
      model: 'same',
      loss: 'rce',
      className: 'A',
      classIndex: 1,
      dsc: 1,
      iou: 1,
      hd95: 0,
      nsd: 1,
      predRegions: 1,
      falseRegionShare: 0,
    });
    // One column shared of four voxels each: DSC 2·2/8, IoU 2/6; every surface voxel within 1 mm.
    expect(row('shift1', 1)).toMatchObject({ dsc: 0.5, hd95: 1, nsd: 1 });
    expect(row('shift1', 1).iou).toBeCloseTo(1 / 3, 15);
    // Disjoint: distances {1, 1, 2, 2} both ways, HD95 = 2 (linear percentile), NSD = 4/8 within 1 mm.
    expect(row('shift2', 1)).toMatchObject({ dsc: 0, iou: 0, hd95: 2, nsd: 0.5 });
    // Its one region touches no voxel of A in the reference: all of it is off the reference.
    expect(row('shift2', 1)).toMatchObject({ predRegions: 1, falseRegionShare: 1 });
    // Class B is in neither map: DSC and IoU 1 by the metrics' empty-set rule, distances undefined.
    expect(row('same', 2)).toMatchObject({ className: 'B', dsc: 1, iou: 1 });
    expect(row('same', 2).hd95).toBeNaN();
    expect(row('same', 2).nsd).toBeNaN();
    expect(r.proportions).toEqual([
      { source: 'reference', color: [230, 230, 230], values: [0.75, 0.25, 0] },
      { source: 'same', color: [1, 2, 3], values: [0.75, 0.25, 0] },
      { source: 'shift1', color: [4, 5, 6], values: [0.75, 0.25, 0] },
      { source: 'shift2', color: [7, 8, 9], values: [0.75, 0.25, 0] },
    ]);
  });

  it('leaves voxels without reference (255) out of metrics and proportions', () => {
    const reference = square(0);
    reference[1] = 255; // (1, 0): a voxel of A in both maps
    reference[15] = 255; // (3, 3): background in both
    const r = compareWithReference({
      reference,
      predictions: [{ name: 'shift1', loss: 'dice', labels: square(1), color: [0, 0, 0] }],
      dims: [4, 4, 1],
      spacing: [1, 1, 1],
      classes: CLASSES.slice(0, 2),
    });
    // Reference A = 3 voxels, prediction A on valid voxels = 3, overlap 1: DSC 2/6.
    expect(r.rows[0].dsc).toBeCloseTo(1 / 3, 15);
    expect(r.proportions[0].values).toEqual([11 / 14, 3 / 14]);
    expect(r.proportions[1].values).toEqual([11 / 14, 3 / 14]);
  });

  it('without a reference: no rows, each prediction over all voxels', () => {
    const r = compareWithReference({
      reference: null,
      predictions: [{ name: 'p', loss: 'rce', labels: square(0), color: [9, 9, 9] }],
      dims: [4, 4, 1],
      spacing: [1, 1, 1],
      classes: CLASSES,
    });
    expect(r).toEqual({
      rows: [],
      unscored: [],
      proportions: [{ source: 'p', color: [9, 9, 9], values: [0.75, 0.25, 0] }],
      distanceUnit: 'mm',
    });
  });

  it('scores only the classes the reference labels; the others get no rows and no reference proportion', () => {
    // The reference labels A only (a SEG of one organ); the prediction finds A and, on the right half, B.
    const prediction = square(0);
    for (const i of [10, 11, 14, 15]) prediction[i] = 2;
    const input = {
      reference: square(0),
      predictions: [
        { name: 'p', loss: 'rce', labels: prediction, color: [9, 9, 9] as [number, number, number] },
      ],
      dims: [4, 4, 1] as [number, number, number],
      spacing: [1, 1, 1] as [number, number, number],
      classes: CLASSES,
    };
    const partial = compareWithReference({ ...input, labelled: [1] });
    expect(partial.rows.map((r) => [r.className, r.dsc])).toEqual([['A', 1]]);
    expect(partial.unscored).toEqual(['B']);
    expect(partial.proportions).toEqual([
      { source: 'reference', color: [230, 230, 230], values: [0.75, 0.25, Number.NaN] },
      { source: 'p', color: [9, 9, 9], values: [0.5, 0.25, 0.25] },
    ]);
    // Read as a reference of every class, the same map gives B a DSC of 0 (found where the reference has none).
    const whole = compareWithReference(input);
    expect(whole.rows.map((r) => [r.className, r.dsc])).toEqual([
      ['A', 1],
      ['B', 0],
    ]);
    expect(whole.unscored).toEqual([]);
    // A reference none of whose segments names a class scores nothing.
    const none = compareWithReference({ ...input, labelled: [] });
    expect([none.rows, none.unscored]).toEqual([[], ['A', 'B']]);
  });

  it.each([
    ['mm' as const, 0.5],
    ['px' as const, 1],
    ['voxels' as const, 0.5],
  ])(
    'measures NSD at 1 mm, at 2 px for an image without a pixel size and at 1 voxel for slices without one, as seglens evaluate does (%s)',
    (unit, nsd) => {
      // The disjoint squares: surface distances {1, 1, 2, 2} both ways, so half are within 1 and all within 2.
      const r = compareWithReference({
        reference: square(0),
        predictions: [{ name: 'shift2', loss: 'dice', labels: square(2), color: [7, 8, 9] }],
        dims: [4, 4, 1],
        spacing: [1, 1, 1],
        distanceUnit: unit,
        classes: CLASSES.slice(0, 2),
      });
      expect(r.distanceUnit).toBe(unit);
      expect(r.rows[0]).toMatchObject({ hd95: 2, nsd });
    },
  );

  it('names wrong sizes and classes', () => {
    const base = {
      dims: [4, 4, 1] as [number, number, number],
      spacing: [1, 1, 1] as [number, number, number],
      classes: CLASSES,
    };
    expect(() => compareWithReference({ ...base, reference: new Uint8Array(5), predictions: [] })).toThrow(
      'compareWithReference: reference has 5 voxels but dims 4x4x1 need 16',
    );
    expect(() =>
      compareWithReference({
        ...base,
        reference: null,
        predictions: [{ name: 'p', loss: 'x', labels: new Uint8Array(3), color: [0, 0, 0] }],
      }),
    ).toThrow('compareWithReference: prediction "p" has 3 voxels but dims 4x4x1 need 16');
    expect(() =>
      compareWithReference({ ...base, classes: [CLASSES[0], CLASSES[0]], reference: null, predictions: [] }),
    ).toThrow(
      'compareWithReference: class "background" has index 0; indices must be distinct integers 0..254',
    );
  });

  describe('on a real hippocampus label map', () => {
    let truth: Volume;
    beforeAll(async () => {
      truth = (
        await readNiftiFile(join(datasetDir(DATASET_FOLDERS.hippocampus), 'labels', 'hippocampus_004.nii.gz'))
      ).volume;
    });

    it('equals @seglens/metrics for an eroded and a relabelled prediction, with the voxel spacing', () => {
      const labels = Uint8Array.from(truth.voxels);
      const [nx] = truth.dims;
      // Prediction 1: every labelled voxel whose +x neighbour is background becomes background (one-sided erosion).
      const eroded = labels.slice();
      for (let v = 0; v < labels.length; v++)
        if (labels[v] && (v % nx === nx - 1 || labels[v + 1] === 0)) eroded[v] = 0;
      // Prediction 2: anterior labelled posterior.
      const swapped = labels.map((y) => (y === 1 ? 2 : y));
      const spacing: [number, number, number] = [1, 1.5, 2];
      const r = compareWithReference({
        reference: labels,
        predictions: [
          { name: 'eroded', loss: 'rce', labels: eroded, color: [0, 0, 255] },
          { name: 'swapped', loss: 'dice', labels: swapped, color: [255, 128, 0] },
        ],
        dims: truth.dims,
        spacing,
        classes: [
          { index: 0, name: 'background', color: [0, 0, 0] },
          { index: 1, name: 'anterior', color: [1, 1, 1] },
          { index: 2, name: 'posterior', color: [2, 2, 2] },
        ],
      });
      for (const [name, pred] of [
        ['eroded', eroded],
        ['swapped', swapped],
      ] as const) {
        const expected = evaluateSegmentation(pred, labels, {
          dims: truth.dims,
          spacing,
          numClasses: 3,
          nsdTolerance: 1,
        });
        for (const c of expected.perClass) {
          const row = r.rows.find((x) => x.model === name && x.classIndex === c.classIndex)!;
          expect([row.dsc, row.iou, row.hd95, row.nsd]).toEqual([c.dsc, c.iou, c.hd95, c.nsd]);
          expect([row.predRegions, row.falseRegionShare]).toEqual([c.predRegions, c.falseRegionShare]);
        }
        expect(r.proportions.find((p) => p.source === name)!.values).toEqual(
          Array.from(regionProportions(pred, { numClasses: 3 })),
        );
      }
      expect(r.rows.find((x) => x.model === 'eroded' && x.classIndex === 1)!.dsc).toBeGreaterThan(0.5);
      expect(r.rows.find((x) => x.model === 'eroded' && x.classIndex === 1)!.dsc).toBeLessThan(1);
      // An erosion of the reference lies inside it: regions, none of them off the reference.
      const erodedAnterior = r.rows.find((x) => x.model === 'eroded' && x.classIndex === 1)!;
      expect(erodedAnterior.predRegions).toBeGreaterThanOrEqual(1);
      expect(erodedAnterior.falseRegionShare).toBe(0);
      const swappedAnterior = r.rows.find((x) => x.model === 'swapped' && x.classIndex === 1)!;
      expect(swappedAnterior.dsc).toBe(0);
      expect(swappedAnterior.hd95).toBeNaN();
      expect(r.proportions[0].values).toEqual(labelProportions(labels, 3));
      expect(r.proportions[0].values[1]).toBeGreaterThan(0.01);
    });
  });
});
