// The display set → Volume reader against @seglens/data's own DICOM series reader, on real MR and CT series.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  orientationCode,
  readDicomFolder,
  readDicomSeries,
  readImageFile,
  readNiftiFile,
  reorient,
  resolveDataDir,
  volumeToDicomSeries,
  type Volume,
} from '@seglens/data';
import { normalizeVoxels } from '@seglens/models';
import {
  geometryOf,
  pixelSpacingUnknown,
  readDisplaySetVolume,
  UnsupportedSeriesError,
} from '../../src/ohif/volume';
import type { CornerstoneLibraries, DisplaySet, ImagePlane } from '../../src/ohif/types';
import { fakeCornerstone } from './fake-cornerstone';

const dataDir = resolveDataDir();

async function hippocampusSeries(): Promise<Volume> {
  return readDicomFolder(join(dataDir, 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume'));
}

function displaySet(imageIds: string[], modality = 'MR'): DisplaySet {
  return {
    displaySetInstanceUID: 'ds-1',
    StudyInstanceUID: '1.2.3',
    SeriesInstanceUID: '1.2.3.4',
    SeriesDescription: 'HippoCrop',
    Modality: modality,
    imageIds,
    instances: imageIds.map((_, k) => ({ SOPInstanceUID: `1.2.3.4.${k}` })),
  };
}

describe('readDisplaySetVolume', () => {
  it('gives the same voxels and geometry as reading the DICOM series directly', async () => {
    const series = await hippocampusSeries();
    const { libs, imageIds } = fakeCornerstone(series);
    const progress: number[] = [];
    const volume = await readDisplaySetVolume(displaySet(imageIds), libs, {
      onProgress: (f) => progress.push(f),
    });
    expect(volume.dims).toEqual(series.dims);
    expect(volume.channels).toBe(1);
    for (let a = 0; a < 3; a++) {
      expect(volume.spacing[a]).toBeCloseTo(series.spacing[a], 5);
      expect(volume.origin[a]).toBeCloseTo(series.origin[a], 5);
    }
    volume.direction.forEach((v, i) => expect(v).toBeCloseTo(series.direction[i], 6));
    expect(Array.from(volume.voxels)).toEqual(Array.from(series.voxels, Number));
    expect(progress[progress.length - 1]).toBe(1);
    expect(volume.dicom?.sopInstanceUIDs).toHaveLength(series.dims[2]);
  });

  it("carries the series' true orientation (dcmdump's IOP), so a model sees it the way it was trained", async () => {
    const series = await hippocampusSeries();
    const first = join(dataDir, 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume', '1.dcm');
    const dumped = spawnSync('dcmdump', ['+P', '0020,0037', first], { encoding: 'utf8' }).stdout;
    const iop = (dumped.match(/\[([^\]]*)\]/)?.[1] ?? '').split('\\').map(Number);
    expect(iop).toEqual([1, 0, 0, 0, 1, 0]);
    const { libs, imageIds } = fakeCornerstone(series);
    const volume = await readDisplaySetVolume(displaySet(imageIds), libs);
    expect(volume.direction.slice(0, 6)).toEqual(iop);
    expect(orientationCode(volume)).toBe('LPS');
    // Shown top slice first (positions descending), the k axis points down and the code says so.
    const reversed = await readDisplaySetVolume(displaySet([...imageIds].reverse()), libs);
    expect(orientationCode(reversed)).toBe('LPI');
    const back = reorient(reversed, 'LPS');
    expect(back.origin).toEqual(volume.origin);
    expect(Array.from(back.voxels)).toEqual(Array.from(volume.voxels));
  });

  it('applies slope and intercept when Cornerstone did not pre-scale', async () => {
    const series = await hippocampusSeries();
    const fake = fakeCornerstone(series);
    for (const image of fake.cache.values())
      Object.assign(image, { isPreScaled: false, slope: 2, intercept: -1024 });
    const volume = await readDisplaySetVolume(displaySet(fake.imageIds), fake.libs);
    expect(volume.voxels[5]).toBeCloseTo(Number(series.voxels[5]) * 2 - 1024, 4);
  });

  it('names the series when it has no images', async () => {
    const series = await hippocampusSeries();
    const { libs } = fakeCornerstone(series);
    await expect(readDisplaySetVolume(displaySet([]), libs)).rejects.toThrow(
      new UnsupportedSeriesError('Series "HippoCrop" (MR) has no pixel data to segment'),
    );
  });

  it('refuses NaN and infinite pixel values with a message the panel shows', async () => {
    const series = await hippocampusSeries();
    const voxels = Float32Array.from(series.voxels, Number);
    // Three NaN voxels and one infinite one, on the real series.
    for (const i of [10, 500, 1500]) voxels[i] = Number.NaN;
    voxels[2000] = Number.POSITIVE_INFINITY;
    const fake = fakeCornerstone({ ...series, voxels });
    await expect(readDisplaySetVolume(displaySet(fake.imageIds), fake.libs)).rejects.toThrow(
      new UnsupportedSeriesError(
        `Series "HippoCrop" (MR) has 3 NaN and 1 infinite pixel values (of ${voxels.length}); a model cannot segment undefined intensities`,
      ),
    );
  });

  it('refuses a series whose images differ in size, naming the image', async () => {
    const series = await hippocampusSeries();
    const fake = fakeCornerstone(series);
    const plane = fake.libs.cornerstone.metaData.get('imagePlaneModule', fake.imageIds[3]) as {
      rows: number;
    };
    plane.rows = 7;
    await expect(readDisplaySetVolume(displaySet(fake.imageIds), fake.libs)).rejects.toThrow(
      /image 4 is 35×7/,
    );
  });
});

/** 'none', or the first voxel where two volumes differ (jest's toEqual on millions of numbers takes minutes). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): string {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `voxel ${i}: ${a[i]} vs ${b[i]}`;
  return 'none';
}

/** Rescale Slope/Intercept and the slice position of every file of a series, as dcmdump reads them. */
function rescaleByPosition(dir: string): Array<{ z: number; slope: number; intercept: number }> {
  return readdirSync(dir).map((file) => {
    const dumped = spawnSync(
      'dcmdump',
      ['+P', '0020,0032', '+P', '0028,1052', '+P', '0028,1053', join(dir, file)],
      {
        encoding: 'utf8',
      },
    ).stdout;
    const value = (tag: string) => dumped.match(new RegExp(`\\(${tag}\\) DS \\[([^\\]]*)\\]`))?.[1] ?? '';
    return {
      z: Number(value('0020,0032').split('\\')[2]),
      slope: Number(value('0028,1053')),
      intercept: Number(value('0028,1052')),
    };
  });
}

/**
 * A Cornerstone that did not pre-scale: each image holds the stored values and the series' own Rescale
 * Slope/Intercept (read by dcmdump, not by @seglens/data), as an image loader without pre-scaling reports them.
 */
function unscaledCornerstone(series: Volume, dir: string) {
  const rescale = rescaleByPosition(dir);
  const fake = fakeCornerstone(series);
  const plane = series.dims[0] * series.dims[1];
  fake.imageIds.forEach((id, k) => {
    const z = series.origin[2] + k * series.spacing[2] * series.direction[8];
    const r = rescale.find((f) => Math.abs(f.z - z) < 1e-3);
    if (!r || !(r.slope > 0)) throw new Error(`no DICOM file of ${dir} at z = ${z} with a rescale slope`);
    const stored = Float32Array.from(
      series.voxels.subarray(k * plane, (k + 1) * plane),
      (hu) => (hu - r.intercept) / r.slope,
    );
    Object.assign(fake.cache.get(id)!, {
      isPreScaled: false,
      slope: r.slope,
      intercept: r.intercept,
      getPixelData: () => stored,
    });
  });
  return { fake, rescale };
}

describe('readDisplaySetVolume on CT: the same HU as @seglens/data, so a HU window means the same', () => {
  const window = { kind: 'window' as const, lower: -125, upper: 275 };

  it.each([
    ['JPEG 2000 abdominal CT (TotalSegmentator)', join('ct-abdomen-totalsegmentator', 'dicom')],
    ['implicit VR liver CT (dcmqi)', join('ct-liver-dicom-seg', 'dicom')],
  ])('%s', async (_, folder) => {
    const dir = join(dataDir, folder);
    const series = await readDicomFolder(dir);
    const { fake, rescale } = unscaledCornerstone(series, dir);
    // Both series store raw values with an intercept of -1024: HU need the rescale.
    expect(rescale.every((r) => r.slope === 1 && r.intercept === -1024)).toBe(true);
    const volume = await readDisplaySetVolume(displaySet(fake.imageIds, 'CT'), fake.libs);
    expect(volume.dims).toEqual(series.dims);
    expect(firstDifference(volume.voxels, series.voxels)).toBe('none');
    // Air around the patient is about -1000 HU in both readers, not the stored ~24.
    expect(Math.min(...volume.voxels.subarray(0, series.dims[0]))).toBeLessThan(-900);
    expect(
      firstDifference(normalizeVoxels(volume.voxels, 1, window), normalizeVoxels(series.voxels, 1, window)),
    ).toBe('none');
  });

  it('puts the liver of the JPEG 2000 CT at plausible HU, inside the -125..275 window', async () => {
    const base = join(dataDir, 'ct-abdomen-totalsegmentator');
    const series = await readDicomFolder(join(base, 'dicom'));
    const { fake } = unscaledCornerstone(series, join(base, 'dicom'));
    const volume = await readDisplaySetVolume(displaySet(fake.imageIds, 'CT'), fake.libs);
    // TotalSegmentator's label map (LAS) on the series' grid: re-indexed to the series' LPS order.
    const labels = reorient(
      (await readNiftiFile(join(base, 'labels.nii.gz'), { labels: true })).volume,
      orientationCode(volume),
    );
    expect(labels.dims).toEqual(volume.dims);
    labels.origin.forEach((o, a) => expect(o).toBeCloseTo(volume.origin[a], 2));
    const windowed = normalizeVoxels(volume.voxels, 1, window);
    let n = 0;
    let hu = 0;
    let w = 0;
    labels.voxels.forEach((label, i) => {
      if (label !== 5) return; // 5: liver in TotalSegmentator's class map
      n++;
      hu += volume.voxels[i];
      w += windowed[i];
    });
    expect(n).toBeGreaterThan(10000);
    expect(hu / n).toBeGreaterThan(40);
    expect(hu / n).toBeLessThan(150);
    expect(w / n).toBeCloseTo((hu / n + 125) / 400, 4);
  });
});

describe('geometryOf', () => {
  it('takes the slice axis from the first to the last position and the mean spacing', () => {
    const plane = (z: number) => ({
      imagePositionPatient: [10, 20, z] as [number, number, number],
      rowCosines: [1, 0, 0] as [number, number, number],
      columnCosines: [0, 1, 0] as [number, number, number],
      rowPixelSpacing: 0.8,
      columnPixelSpacing: 0.6,
      rows: 4,
      columns: 5,
    });
    const g = geometryOf([plane(-5), plane(-3), plane(-1)]);
    expect(g).toEqual({
      dims: [5, 4, 3],
      spacing: [0.6, 0.8, 2],
      origin: [10, 20, -5],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    });
    // One slice: the normal of the plane, spacing 1.
    expect(geometryOf([plane(7)]).direction.slice(6)).toEqual([0, 0, 1]);
  });
});

describe('pixel spacing: a series without one is measured in pixels, never in an invented mm', () => {
  it('reads a colonoscopy frame stored without PixelSpacing as spacingUnknown, and a MR series as mm', async () => {
    const frame = await readImageFile(
      join(dataDir, 'polypgen-256', 'val', 'images', '106OLCV1_100H0014.jpg'),
    );
    const stored = await readDicomSeries([
      new Uint8Array(volumeToDicomSeries(frame, { patientName: 'x', modality: 'ES' })[0]),
    ]);
    const polyp = fakeCornerstone(stored);
    const volume = await readDisplaySetVolume(displaySet(polyp.imageIds, 'ES'), polyp.libs);
    expect(volume.channels).toBe(3);
    expect(volume.spacingUnknown).toBe(true);
    const mr = fakeCornerstone(await hippocampusSeries());
    expect((await readDisplaySetVolume(displaySet(mr.imageIds), mr.libs)).spacingUnknown).toBeUndefined();
  });

  const plane = (over: Partial<ImagePlane>): ImagePlane => ({
    imagePositionPatient: [0, 0, 0],
    rowCosines: [1, 0, 0],
    columnCosines: [0, 1, 0],
    rowPixelSpacing: 0.7,
    columnPixelSpacing: 0.7,
    rows: 4,
    columns: 4,
    ...over,
  });
  it.each<[string, Partial<ImagePlane>, unknown, boolean]>([
    ['PixelSpacing given', {}, { PixelSpacing: [0.7, 0.7] }, false],
    ["Cornerstone's null spacing", { rowPixelSpacing: null, columnPixelSpacing: null }, undefined, true],
    [
      "OHIF's 1 x 1 default, no PixelSpacing",
      { rowPixelSpacing: 1, columnPixelSpacing: 1, usingDefaultValues: true },
      {},
      true,
    ],
    [
      "OHIF's default for a missing orientation only",
      { usingDefaultValues: true },
      { PixelSpacing: [0.7, 0.7] },
      false,
    ],
    [
      'ImagerPixelSpacing only (OHIF uses it)',
      { usingDefaultValues: true },
      { ImagerPixelSpacing: [0.2, 0.2] },
      false,
    ],
    [
      'defaults and no instance metadata',
      { rowPixelSpacing: 1, columnPixelSpacing: 1, usingDefaultValues: true },
      undefined,
      true,
    ],
  ])('%s', (_what, over, instance, expected) => {
    const libs = {
      cornerstone: { metaData: { get: (type: string) => (type === 'instance' ? instance : undefined) } },
    } as unknown as CornerstoneLibraries;
    expect(pixelSpacingUnknown(libs, 'id', plane(over))).toBe(expected);
  });
});
