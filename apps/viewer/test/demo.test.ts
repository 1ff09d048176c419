import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  mirrorRowDirection,
  listImagePairs,
  orientationCode,
  polypSequenceId,
  readDicomFolder,
  readDicomSeg,
  readDicomSeries,
  readMaskFile,
  readNiftiFile,
  reorient,
  resolveDataDir,
  type OhifManifest,
  type Volume,
} from '@seglens/data';
import type { DemoIndex } from '../src/contracts';
import { PRETRAINED_DIR } from '../src/paths';
import { startViewer, type RunningViewer } from '../src/server';
import { buildFixtureViewer, rawGet, type BuiltViewer } from './helpers';
import { volumeWindow } from '../src/demo/window';
import { ABDOMEN_WINDOW, evenSlices } from '../src/demo/ct-abdomen-labelled';

const run = promisify(execFile);
const dataDir = resolveDataDir();

let viewer: BuiltViewer;
let server: RunningViewer;
let index: DemoIndex;
const manifests = new Map<string, OhifManifest>();

beforeAll(async () => {
  viewer = await buildFixtureViewer();
  server = await startViewer({ port: 0, distDir: viewer.outDir });
  index = JSON.parse((await rawGet(server.port, '/demo/index.json')).body.toString()) as DemoIndex;
  for (const study of index.studies) {
    manifests.set(
      study.id,
      JSON.parse((await rawGet(server.port, study.manifest)).body.toString()) as OhifManifest,
    );
  }
});
afterAll(async () => {
  await server?.close();
  await viewer?.cleanup();
});

/** The files of one series of a manifest, as served (URL without the dicomweb: prefix). */
const instanceUrls = (manifest: OhifManifest, modality?: string): string[] =>
  manifest.studies[0].series
    .filter((s) => modality === undefined || s.Modality === modality)
    .flatMap((s) => s.instances.map((i) => i.url.replace(/^dicomweb:/, '')));

async function fetchFile(url: string): Promise<{ name: string; data: Uint8Array }> {
  const r = await rawGet(server.port, url);
  expect([url, r.status]).toEqual([url, 200]);
  return { name: url, data: new Uint8Array(r.body) };
}

function labelCounts(volume: Volume): Map<number, number> {
  const counts = new Map<number, number>();
  for (const v of volume.voxels) if (v !== 0) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

describe('/demo/index.json', () => {
  it('lists the nine demo studies with their manifests and seglens viewer URLs', () => {
    expect(index.studies.map((s) => s.id)).toEqual([
      'hippocampus-1',
      'hippocampus-2',
      'hippocampus-3',
      'hippocampus-labelled',
      'ct-abdomen',
      'ct-liver-seg',
      'ct-abdomen-labelled',
      'cardiac-labelled',
      'polyp',
    ]);
    for (const s of index.studies) {
      expect(s.manifest).toBe(`/demo/${s.id}.json`);
      expect(s.viewerUrl).toBe(
        `/seglens/dicomjson?url=${encodeURIComponent(s.manifest)}&StudyInstanceUIDs=${s.studyInstanceUID}`,
      );
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.description.length).toBeGreaterThan(0);
      expect(manifests.get(s.id)?.studies.map((st) => st.StudyInstanceUID)).toEqual([s.studyInstanceUID]);
    }
  });

  it('gives the Study Instance UIDs the data directory holds (derived ones for blank UIDs, as the reader does)', async () => {
    const folders: Record<string, string> = {
      'hippocampus-1': 'msd-hippocampus-dicom/Study1/13_HCropVolume',
      'hippocampus-2': 'msd-hippocampus-dicom/Study2/14_HCropVolume',
      'hippocampus-3': 'msd-hippocampus-dicom/Study3/11_HCropVolume',
      'ct-abdomen': 'ct-abdomen-totalsegmentator/dicom',
      'ct-liver-seg': 'ct-liver-dicom-seg/dicom',
    };
    for (const [id, folder] of Object.entries(folders)) {
      const volume = await readDicomFolder(path.join(dataDir, folder));
      const study = index.studies.find((s) => s.id === id);
      expect([id, study?.studyInstanceUID]).toEqual([id, volume.dicom?.studyInstanceUID]);
    }
  });

  it('lists files that the server returns byte for byte from the data directory or the generated DICOM', async () => {
    let fromData = 0;
    for (const [id, manifest] of manifests) {
      for (const url of instanceUrls(manifest)) {
        const served = await rawGet(server.port, url);
        expect([url, served.status]).toEqual([url, 200]);
        const onDisk = url.startsWith('/data/')
          ? path.join(dataDir, ...url.slice('/data/'.length).split('/').map(decodeURIComponent))
          : path.join(viewer.outDir, ...url.slice(1).split('/').map(decodeURIComponent));
        if (url.startsWith('/data/')) fromData++;
        else expect([id, url.startsWith(`/demo/${id}/`)]).toEqual([id, true]);
        expect([url, served.body.equals(await readFile(onDisk))]).toEqual([url, true]);
      }
    }
    // 32 + 35 + 40 hippocampus slices, 20 CT slices, 3 CT slices and liver.dcm.
    expect(fromData).toBe(32 + 35 + 40 + 20 + 3 + 1);
  });

  it('writes descriptions and patient fields that fit their VR (LO and PN at most 64 characters)', async () => {
    const generated = [...manifests.values()]
      .flatMap((m) => instanceUrls(m))
      .filter((url) => !url.startsWith('/data/'))
      .map((url) => path.join(viewer.outDir, ...url.slice(1).split('/').map(decodeURIComponent)));
    expect(generated.length).toBeGreaterThan(40);
    const tags = ['0008,1030', '0008,103e', '0010,0010', '0010,0020'];
    const { stdout } = await run('dcmdump', [...tags.flatMap((t) => ['+P', t]), ...generated], {
      maxBuffer: 64 << 20,
    });
    // "(0008,1030) LO [text]   #  58, 1 StudyDescription": the number is the value's length in bytes.
    const values = [...stdout.matchAll(/^\((\w{4},\w{4})\) (LO|PN) .*#\s*(\d+),/gm)];
    expect(values.length).toBe(generated.length * tags.length);
    const tooLong = values.filter((v) => Number(v[3]) > 64).map((v) => v[0]);
    expect(tooLong).toEqual([]);
  });
});

describe('hippocampus-labelled', () => {
  it('holds the first validation case as an MR series and its labels as a SEG that reads back to the same labels', async () => {
    const card = JSON.parse(
      await readFile(path.join(PRETRAINED_DIR, 'hippocampus-rce', 'seglens.json'), 'utf8'),
    );
    const caseFile: string = card.training.dataset.validationCases[0];
    const manifest = manifests.get('hippocampus-labelled') as OhifManifest;
    expect(manifest.studies[0].series.map((s) => s.Modality)).toEqual(['MR', 'SEG']);

    const mr = await readDicomSeries(await Promise.all(instanceUrls(manifest, 'MR').map(fetchFile)));
    const { volume: image } = await readNiftiFile(path.join(dataDir, 'msd-hippocampus', 'images', caseFile));
    expect(mr.dims).toEqual(image.dims);
    expect(mr.dicom?.modality).toBe('MR');
    // One VOI window on every slice (0.5th to 99.5th percentile of the volume), so the brightness does not
    // jump from slice to slice; OHIF reads it from the manifest's metadata.
    const window = volumeWindow(image);
    expect(window.width).toBeGreaterThan(0);
    const mrSeries = manifest.studies[0].series.find((s) => s.Modality === 'MR')!;
    for (const instance of mrSeries.instances) {
      const m = instance.metadata as { WindowCenter?: unknown; WindowWidth?: unknown };
      expect(Number([m.WindowCenter].flat()[0])).toBeCloseTo(window.center, 3);
      expect(Number([m.WindowWidth].flat()[0])).toBeCloseTo(window.width, 3);
    }

    const [segUrl] = instanceUrls(manifest, 'SEG');
    const segFile = path.join(viewer.outDir, ...segUrl.slice(1).split('/'));
    const { stdout } = await run('dcmdump', [segFile]);
    expect(stdout).toContain('(0008,0060) CS [SEG]');
    expect(stdout).toContain('[anterior hippocampus]');
    expect(stdout).toContain('[posterior hippocampus]');

    const seg = readDicomSeg(await fetchFile(segUrl), mr);
    expect(seg.segments.map((s) => s.label)).toEqual(['anterior hippocampus', 'posterior hippocampus']);
    const { volume: labels } = await readNiftiFile(
      path.join(dataDir, 'msd-hippocampus', 'labels', caseFile),
      { labels: true },
    );
    const expected = labelCounts(labels);
    expect(expected.get(1)).toBeGreaterThan(0);
    expect(expected.get(2)).toBeGreaterThan(0);
    expect(labelCounts(seg.labels)).toEqual(expected);
    // The RAS crop is stored as LPS slices (as scanners and other converters write it), and the SEG puts every
    // label on the voxel at the same world position.
    expect(orientationCode(image)).toBe('RAS');
    expect(orientationCode(mr)).toBe('LPS');
    expect(Array.from(seg.labels.voxels)).toEqual(Array.from(reorient(labels, 'LPS').voxels));
  });
});

/** The card of a shipped model (the demo studies take their case from its validation list). */
async function validationCases(model: string): Promise<string[]> {
  const card = JSON.parse(await readFile(path.join(PRETRAINED_DIR, model, 'seglens.json'), 'utf8'));
  return card.training.dataset.validationCases as string[];
}

/** Mean column and row of the voxels labelled `value` (in the volume's storage order). */
function centroid(volume: Volume, value: number): { column: number; row: number } {
  const [nx, ny] = volume.dims;
  let [n, columns, rows] = [0, 0, 0];
  volume.voxels.forEach((v, index) => {
    if (v !== value) return;
    n++;
    columns += index % nx;
    rows += Math.floor(index / nx) % ny;
  });
  if (n === 0) throw new Error(`no voxel is labelled ${value}`);
  return { column: columns / n, row: rows / n };
}

describe('ct-abdomen', () => {
  it("holds the JPEG 2000 CT as it is and TotalSegmentator's labels of the 8 organs the CT models share as a SEG", async () => {
    const manifest = manifests.get('ct-abdomen') as OhifManifest;
    expect(manifest.studies[0].series.map((s) => s.Modality)).toEqual(['CT', 'SEG']);
    const ct = await readDicomSeries(await Promise.all(instanceUrls(manifest, 'CT').map(fetchFile)));
    expect(ct.dims).toEqual([512, 512, 20]);
    const [segUrl] = instanceUrls(manifest, 'SEG');
    expect(segUrl).toBe('/demo/ct-abdomen/seg/totalsegmentator.dcm');
    const segFile = path.join(viewer.outDir, ...segUrl.slice(1).split('/'));
    const { stdout } = await run('dcmdump', ['+P', '0062,0008', '+P', '0062,0009', segFile]);
    // A model's labels, and the file says so: every segment AUTOMATIC, by TotalSegmentator.
    expect(stdout.match(/\[AUTOMATIC\]/g)).toHaveLength(8);
    expect(stdout.match(/\[TotalSegmentator \(fast mode\)\]/g)).toHaveLength(8);
    const seg = readDicomSeg(await fetchFile(segUrl), ct);
    expect(seg.segments.map((x) => x.label)).toEqual([
      'spleen',
      'liver',
      'stomach',
      'aorta',
      'inferior vena cava',
      'portal and splenic vein',
      'pancreas',
      'right adrenal gland',
    ]);
    // Each organ has exactly the voxels TotalSegmentator gave its label value (the two grids are the same
    // 512x512x20, one LAS and one LPS: placing the map moves voxels, it neither adds nor drops any); its
    // colon, vertebrae, ribs and muscles are none of the models' classes and stay background.
    const { volume: labels } = await readNiftiFile(
      path.join(dataDir, 'ct-abdomen-totalsegmentator', 'labels.nii.gz'),
      { labels: true },
    );
    const source = labelCounts(labels);
    // TotalSegmentator's value of each organ.
    const valueOf = new Map([
      ['spleen', 1],
      ['liver', 5],
      ['stomach', 6],
      ['pancreas', 7],
      ['right adrenal gland', 8],
      ['aorta', 52],
      ['inferior vena cava', 63],
      ['portal and splenic vein', 64],
    ]);
    const counts = labelCounts(seg.labels);
    expect(new Map(seg.segments.map((x) => [x.label, counts.get(x.number)]))).toEqual(
      new Map([...valueOf].map(([name, value]) => [name, source.get(value)])),
    );
    expect(source.get(5)).toBeGreaterThan(300_000); // the liver: a real count, not two missing ones
    const number = (name: string) => seg.segments.find((x) => x.label === name)!.number;
    // The right way round on an LPS series: the liver on the viewer's left (the patient's right), the spleen
    // on the other side.
    expect(orientationCode(ct)).toBe('LPS');
    expect(centroid(seg.labels, number('liver')).column).toBeLessThan(ct.dims[0] / 2);
    expect(centroid(seg.labels, number('spleen')).column).toBeGreaterThan(ct.dims[0] / 2);
    // And front to back: rows run to the patient's back, and the aorta lies behind the stomach (the map is
    // LAS, rows the other way: placed by index, this would fail).
    const rows = {
      aorta: centroid(seg.labels, number('aorta')).row,
      stomach: centroid(seg.labels, number('stomach')).row,
    };
    expect(rows.aorta).toBeGreaterThan(rows.stomach);
  });
});

describe('ct-abdomen-labelled', () => {
  it('holds the first BTCV validation case as a CT series in HU, the right way up, and its 13 organs as a SEG', async () => {
    const [caseFile] = await validationCases('ct-abdomen-rce');
    expect(caseFile).toMatch(/^btcv_\d+\.nii\.gz$/);
    const manifest = manifests.get('ct-abdomen-labelled') as OhifManifest;
    expect(manifest.studies[0].series.map((s) => s.Modality)).toEqual(['CT', 'SEG']);
    const ctSeries = manifest.studies[0].series.find((s) => s.Modality === 'CT')!;
    for (const instance of ctSeries.instances) {
      const m = instance.metadata as Record<string, unknown>;
      expect([m.SOPClassUID, Number([m.WindowCenter].flat()[0]), Number([m.WindowWidth].flat()[0])]).toEqual([
        '1.2.840.10008.5.1.4.1.1.2',
        ABDOMEN_WINDOW.center,
        ABDOMEN_WINDOW.width,
      ]);
      expect(m.RescaleType).toBe('HU');
    }

    // The HU a reader gets through Rescale Slope/Intercept are the NIfTI's (its scl_slope/scl_inter applied),
    // which is what the CT models' -125..275 window saw in training: quantised to 16 bits, off by < 0.01 HU.
    const ct = await readDicomSeries(await Promise.all(instanceUrls(manifest, 'CT').map(fetchFile)));
    const dir = path.join(dataDir, 'btcv-abdomen-ct');
    const { volume: image } = await readNiftiFile(path.join(dir, 'images', caseFile));
    // 256x256: the last column and row (air) are left out, so the SEG's frames pack without a pad byte.
    const expected = reorient(evenSlices(mirrorRowDirection(image)), 'LPS');
    expect(ct.dims).toEqual([256, 256, image.dims[2]]);
    expect(ct.dims).toEqual(expected.dims);
    let worst = 0;
    for (let i = 0; i < ct.voxels.length; i++)
      worst = Math.max(worst, Math.abs(ct.voxels[i] - expected.voxels[i]));
    expect(worst).toBeLessThan(0.01);
    // Air is clipped to the source's -125 HU (its window), as the NIfTI says.
    let lowest = Infinity;
    for (const v of ct.voxels) lowest = Math.min(lowest, v);
    expect(lowest).toBeCloseTo(-125, 2);

    const [segUrl] = instanceUrls(manifest, 'SEG');
    const segFile = path.join(viewer.outDir, ...segUrl.slice(1).split('/'));
    const { stdout } = await run('dcmdump', ['+P', '0008,0060', '+P', '0062,0005', segFile]);
    expect(stdout).toContain('(0008,0060) CS [SEG]');
    const seg = readDicomSeg(await fetchFile(segUrl), ct);
    const names = ['spleen', 'right kidney', 'left kidney', 'gallbladder', 'esophagus', 'liver', 'stomach'];
    names.push('aorta', 'inferior vena cava', 'portal and splenic vein', 'pancreas');
    names.push('right adrenal gland', 'left adrenal gland');
    expect(seg.segments.map((x) => x.label)).toEqual(names);
    for (const name of names) expect(stdout).toContain(`[${name}]`);
    const { volume: labels } = await readNiftiFile(path.join(dir, 'labels', caseFile), { labels: true });
    expect(labelCounts(seg.labels)).toEqual(labelCounts(evenSlices(labels)));
    // The labels cover the edge column and row it leaves out nowhere: every organ voxel is kept.
    expect(labelCounts(evenSlices(labels))).toEqual(labelCounts(labels));

    // Shown as stored (rows and columns in the display order of an axial CT): the liver (6) on the viewer's
    // left, which is the patient's right, and the kidneys (2, 3) behind the gallbladder (4), spine at the bottom.
    expect(orientationCode(ct)).toBe('LPS');
    const liver = centroid(seg.labels, 6);
    expect(liver.column).toBeLessThan(ct.dims[0] / 2);
    expect(liver.column).toBeLessThan(centroid(seg.labels, 1).column);
    expect(centroid(seg.labels, 2).row).toBeGreaterThan(centroid(seg.labels, 4).row);
    expect(centroid(seg.labels, 3).row).toBeGreaterThan(centroid(seg.labels, 4).row);
  });
});

describe('cardiac-labelled', () => {
  it('holds the first end-diastolic ACDC validation frame as MR slices without a size and its 3 structures as a SEG', async () => {
    const cases = await validationCases('cardiac-rce');
    const caseFile = cases.find((c) => /_frame01\.nii\.gz$/.test(c))!;
    expect(caseFile).toBeDefined();
    const manifest = manifests.get('cardiac-labelled') as OhifManifest;
    expect(manifest.studies[0].series.map((s) => s.Modality)).toEqual(['MR', 'SEG']);
    expect(manifest.studies[0].PatientID).toBe(caseFile.replace('.nii.gz', ''));
    const mrUrls = instanceUrls(manifest, 'MR');
    const mr = await readDicomSeries(await Promise.all(mrUrls.map(fetchFile)));
    const dir = path.join(dataDir, 'acdc-cardiac-mr');
    const { volume: image } = await readNiftiFile(path.join(dir, 'images', caseFile));
    expect(Array.from(mr.voxels)).toEqual(Array.from(reorient(image, 'LPS').voxels));
    // The source dropped ACDC's voxel size: no PixelSpacing (so no false mm), hence Secondary Capture, Modality MR.
    expect(mr.spacingUnknown).toBe(true);
    const { stdout: mrDump } = await run('dcmdump', [
      path.join(viewer.outDir, ...mrUrls[0].slice(1).split('/')),
    ]);
    expect(mrDump).toMatch(/\(0008,0016\) UI =SecondaryCaptureImageStorage/);
    expect(mrDump).toMatch(/\(0008,0060\) CS \[MR\]/);
    expect(mrDump).not.toMatch(/\(0028,0030\)/);

    const [segUrl] = instanceUrls(manifest, 'SEG');
    const { stdout } = await run('dcmdump', [path.join(viewer.outDir, ...segUrl.slice(1).split('/'))]);
    const names = ['right ventricle cavity', 'left ventricular myocardium', 'left ventricle cavity'];
    for (const name of names) expect(stdout).toContain(`[${name}]`);
    const seg = readDicomSeg(await fetchFile(segUrl), mr);
    expect(seg.segments.map((x) => x.label)).toEqual(names);
    const { volume: labels } = await readNiftiFile(path.join(dir, 'labels', caseFile), { labels: true });
    const expected = labelCounts(labels);
    expect([...expected.keys()].sort()).toEqual([1, 2, 3]);
    expect(labelCounts(seg.labels)).toEqual(expected);
  });
});

describe('polyp', () => {
  it('holds four RGB ES frames of different video sequences, each with its mask as a SEG that reads back exactly', async () => {
    const manifest = manifests.get('polyp') as OhifManifest;
    const series = manifest.studies[0].series;
    const frames = series.filter((s) => s.Modality === 'ES');
    expect(frames).toHaveLength(4);
    expect(series.filter((s) => s.Modality === 'SEG')).toHaveLength(4);
    const { pairs } = await listImagePairs(path.join(dataDir, 'polypgen-256', 'val'));
    const sequences = new Set<string>();
    for (const frame of frames) {
      const [url] = frame.instances.map((i) => i.url.replace(/^dicomweb:/, ''));
      const image = await readDicomSeries([await fetchFile(url)]);
      expect(image.channels).toBe(3);
      const name = (frame.SeriesDescription ?? '').replace(/^Frame /, '');
      const pair = pairs.find((p) => p.id === name);
      if (!pair) throw new Error(`no PolypGen val frame named ${name}`);
      sequences.add(polypSequenceId(pair.id));

      const segSeries = series.find(
        (s) =>
          s.Modality === 'SEG' &&
          (s.instances[0].metadata.ReferencedSeriesSequence as { SeriesInstanceUID: string }[])[0]
            .SeriesInstanceUID === frame.SeriesInstanceUID,
      );
      if (!segSeries) throw new Error(`no SEG references ${name}`);
      const segUrl = segSeries.instances[0].url.replace(/^dicomweb:/, '');
      const { stdout } = await run('dcmdump', [path.join(viewer.outDir, ...segUrl.slice(1).split('/'))]);
      expect(stdout).toContain('[polyp]');
      // readDicomSeg takes a one-channel source; the SEG only needs the frame's grid and UIDs.
      const grid: Volume = { ...image, channels: 1, voxels: new Uint8Array(image.voxels.length / 3) };
      const seg = readDicomSeg(await fetchFile(segUrl), grid);
      expect(seg.segments.map((s) => s.label)).toEqual(['polyp']);
      const mask = await readMaskFile(pair.label);
      const expected = labelCounts(mask);
      expect(expected.get(1)).toBeGreaterThan(0);
      expect(labelCounts(seg.labels)).toEqual(expected);
    }
    expect(sequences.size).toBe(4);
  });
});
