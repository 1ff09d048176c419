// End to end, in Debian's headless Chromium: the shipped CT models (BTCV, 13 organs) and cardiac models (ACDC,
// 3 structures) on the demo studies they apply to. Segment runs the RCE and the Dice model of the task, both
// overlays land in OHIF, and on the labelled studies each model's DSC per class against the study's SEG is a
// real number, the large structures' above a floor measured with the shipped models (minus a margin: the
// floors catch a model that sees the image upside down or in the wrong units, not a retrained model that is a
// little worse). Screenshots land in apps/viewer/e2e-artifacts/ (20-*.png to 23-*.png).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startViewer } from '../../src/server';
import type { DemoIndex, ModelIndex } from '../../src/contracts';
import { ARTIFACTS, DESKTOP, openBrowser, type Browser } from './browser';
import { openStudy, segmentations, shots, until, type PanelSnapshot } from './panel';

jest.setTimeout(20 * 60_000);

const CT_MODELS = ['ct-abdomen-dice', 'ct-abdomen-rce'];
const CARDIAC_MODELS = ['cardiac-dice', 'cardiac-rce'];

/**
 * Lowest DSC each model must reach on a class, per study: far below a working model, far above one that sees
 * the image mirrored or in the wrong units (about 0). Measured (e2e-artifacts/dsc-<study>.json): cardiac-labelled's
 * left ventricle cavity 0.50 (cardiac-rce) and 0.87 (cardiac-dice) after 2 of 10 training epochs, floor 0.15
 * below the lower. The CT floors are not measured yet (the CT models were still in their first epoch): 0.3 on
 * the liver, the largest organ.
 */
const FLOORS = {
  'ct-abdomen-labelled': { liver: 0.3 },
  'cardiac-labelled': { 'left ventricle cavity': 0.35 },
  'ct-liver-seg': { liver: 0.3 },
} as const;

/** The rows of one model, by class name. */
function dscOf(s: PanelSnapshot, model: string): Map<string, number> {
  return new Map(s.comparison!.rows.filter((r) => r.model === model).map((r) => [r.className, r.dsc]));
}

/** Keeps every model's DSC per class of a study in e2e-artifacts/dsc-<study>.json (how the floors were measured). */
async function recordDsc(study: string, s: PanelSnapshot): Promise<void> {
  const table = Object.fromEntries(
    s.predictions.map((p) => [p.modelName, Object.fromEntries(dscOf(s, p.modelName))]),
  );
  await writeFile(join(ARTIFACTS, `dsc-${study}.json`), JSON.stringify(table, null, 2) + '\n');
}

/** Segments with the selected models and waits for both overlays (and the comparison when there is a SEG). */
async function segment(b: Browser, what: string, withReference: boolean): Promise<PanelSnapshot> {
  await b.page.getByTestId('seglens-segment').click();
  return until(
    b,
    what,
    (x) =>
      x.predictions.length >= 2 &&
      x.busy === null &&
      (!withReference || (x.comparison?.rows.length ?? 0) > 0),
    15 * 60_000,
  );
}

/** Every prediction is a labelmap in OHIF's segmentation service with at least `min` voxels on the series. */
async function expectOverlays(b: Browser, s: PanelSnapshot, min: number): Promise<void> {
  const segs = await segmentations(b.page);
  for (const p of s.predictions) {
    const voxels = segs.find((x) => x.segmentationId === p.segmentationId)?.voxels ?? 0;
    expect([p.modelName, voxels >= min]).toEqual([p.modelName, true]);
  }
}

describe('CT and cardiac models in OHIF (headless Chromium, 1920x1080)', () => {
  let viewer: { url: string; close(): Promise<void> };
  let demo: DemoIndex;
  let b: Browser;

  beforeAll(async () => {
    // SEGLENS_VIEWER_DIST: a viewer built elsewhere (e.g. with SEGLENS_PRETRAINED_DIR=<models to try>).
    viewer = await startViewer({ port: 0, distDir: process.env.SEGLENS_VIEWER_DIST || undefined });
    const models = (await (
      await fetch(new URL('/_seglens/models/index.json', viewer.url))
    ).json()) as ModelIndex;
    const names = models.models.map((m) => m.name);
    const missing = [...CT_MODELS, ...CARDIAC_MODELS].filter((n) => !names.includes(n));
    if (missing.length > 0)
      throw new Error(
        `the viewer ships no ${missing.join(', ')} (it has ${names.join(', ')}): copy each trained model ` +
          `folder (model.json, seglens.json, weights) into packages/models/pretrained/<name>/ and rebuild the ` +
          `viewer (npx nx run viewer:build; npm run e2e does it)`,
      );
    demo = (await (await fetch(new URL('/demo/index.json', viewer.url))).json()) as DemoIndex;
    b = await openBrowser({ webgpu: false, viewport: DESKTOP });
  });
  afterAll(async () => {
    await b?.close();
    await viewer?.close();
  });

  it('segments the labelled BTCV CT with both CT models and scores all 13 organs against its SEG', async () => {
    await openStudy(b, viewer.url, demo, 'ct-abdomen-labelled');
    let s = await until(b, 'the reference on open', (x) => /DICOM SEG/.test(x.comparison?.reference ?? ''));
    expect(s.series).toMatchObject({ modality: 'CT', channels: 1 });
    expect(
      s.models
        .filter((m) => m.selected)
        .map((m) => m.name)
        .sort(),
    ).toEqual(CT_MODELS);
    for (const m of s.models.filter((x) => !x.name.startsWith('ct-abdomen-')))
      expect([m.name, m.fits]).toEqual([m.name, false]);
    await b.shot('20-ct-abdomen-labelled-opened');

    s = await segment(b, 'CT predictions compared with the BTCV SEG', true);
    await shots(b, '20-ct-abdomen-labelled-segmented');
    await recordDsc('ct-abdomen-labelled', s);
    await expectOverlays(b, s, 10_000);
    expect(s.predictions.map((p) => p.loss).sort()).toEqual(['dice', 'rce']);
    for (const model of CT_MODELS) {
      const dsc = dscOf(s, model);
      expect(dsc.size).toBe(13);
      for (const [name, value] of dsc) expect([name, value >= 0 && value <= 1]).toEqual([name, true]);
      for (const organ of ['liver', 'spleen', 'right kidney', 'left kidney', 'stomach'])
        expect([model, organ, dsc.get(organ)! > 0]).toEqual([model, organ, true]);
      expect(dsc.get('liver')).toBeGreaterThan(FLOORS['ct-abdomen-labelled'].liver);
    }
  });

  it('segments the labelled ACDC short-axis MR with both cardiac models and scores them against its SEG', async () => {
    await openStudy(b, viewer.url, demo, 'cardiac-labelled');
    let s = await until(b, 'the reference on open', (x) => /DICOM SEG/.test(x.comparison?.reference ?? ''));
    expect(s.series).toMatchObject({ modality: 'MR', channels: 1 });
    expect(
      s.models
        .filter((m) => m.selected)
        .map((m) => m.name)
        .sort(),
    ).toEqual(CARDIAC_MODELS);
    s = await segment(b, 'cardiac predictions compared with the ACDC SEG', true);
    await shots(b, '21-cardiac-labelled-segmented');
    await recordDsc('cardiac-labelled', s);
    await expectOverlays(b, s, 500);
    for (const model of CARDIAC_MODELS) {
      const dsc = dscOf(s, model);
      expect([...dsc.keys()]).toEqual([
        'right ventricle cavity',
        'left ventricular myocardium',
        'left ventricle cavity',
      ]);
      for (const [name, value] of dsc) expect([name, value >= 0 && value <= 1]).toEqual([name, true]);
      for (const name of ['left ventricular myocardium', 'left ventricle cavity'])
        expect([model, name, dsc.get(name)! > 0]).toEqual([model, name, true]);
      expect(dsc.get('left ventricle cavity')).toBeGreaterThan(
        FLOORS['cardiac-labelled']['left ventricle cavity'],
      );
    }
  });

  it('segments the 20-slice JPEG 2000 CT with both CT models (no reference: proportions only)', async () => {
    await openStudy(b, viewer.url, demo, 'ct-abdomen');
    let s = await state0(b);
    expect(s.series).toMatchObject({ modality: 'CT', channels: 1, dims: [512, 512, 20] });
    expect(
      s.models
        .filter((m) => m.selected)
        .map((m) => m.name)
        .sort(),
    ).toEqual(CT_MODELS);
    s = await segment(b, 'CT predictions on the JPEG 2000 series', false);
    await shots(b, '22-ct-abdomen-segmented');
    await expectOverlays(b, s, 10_000);
    expect(s.comparison?.reference).toBeNull();
    // The slices run through the liver (TotalSegmentator's labels of them: about 8% liver): each model finds
    // liver (class 6) on them.
    for (const p of s.comparison!.proportions)
      expect([p.source, p.values[6] > 0.01]).toEqual([p.source, true]);
  });

  it("segments the 3 CT slices of dcmqi's liver SEG with both CT models and scores the liver against it", async () => {
    await openStudy(b, viewer.url, demo, 'ct-liver-seg');
    let s = await until(b, 'the liver SEG on open', (x) => /DICOM SEG/.test(x.comparison?.reference ?? ''));
    expect(
      s.models
        .filter((m) => m.selected)
        .map((m) => m.name)
        .sort(),
    ).toEqual(CT_MODELS);
    s = await segment(b, 'CT predictions compared with the liver SEG', true);
    await shots(b, '23-ct-liver-seg-segmented');
    await recordDsc('ct-liver-seg', s);
    await expectOverlays(b, s, 1_000);
    for (const model of CT_MODELS)
      expect(dscOf(s, model).get('liver')).toBeGreaterThan(FLOORS['ct-liver-seg'].liver);
  });
});

/** The panel's state once the models are judged against the open series. */
function state0(b: Browser): Promise<PanelSnapshot> {
  return until(b, 'the models judged', (x) => x.models.some((m) => m.selected), 120_000);
}
