// End to end, in Debian's headless Chromium: the shipped cardiac models (ACDC: right ventricle, myocardium, left
// ventricle) on the labelled cardiac demo study. Segment runs the RCE and the Dice model, both overlays land in
// OHIF, and each model's DSC per class against the study's SEG is a real number, the left ventricle's above a
// floor measured with the shipped models (minus a margin: the floor catches a model that sees the image upside
// down or in the wrong units, not a retrained model that is a little worse). Screenshots land in
// apps/viewer/e2e-artifacts/ (21-*.png). The CT models (ct-abdomen-rce/-dice) are not shipped yet; their demo
// study (ct-abdomen-labelled) is listed and tested once they are.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startViewer } from '../../src/server';
import type { DemoIndex, ModelIndex } from '../../src/contracts';
import { ARTIFACTS, DESKTOP, openBrowser, type Browser } from './browser';
import { openStudy, segmentations, shots, until, type PanelSnapshot } from './panel';

jest.setTimeout(20 * 60_000);

const CARDIAC_MODELS = ['cardiac-dice', 'cardiac-rce'];

/**
 * Lowest DSC each model must reach on the left ventricle cavity: far below a working model, far above one that
 * sees the image mirrored or in the wrong units (about 0). Measured values are written to
 * e2e-artifacts/dsc-cardiac-labelled.json; see the viewer README for the shipped models' numbers.
 */
const FLOORS = {
  'cardiac-labelled': { 'left ventricle cavity': 0.35 },
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

describe('cardiac models in OHIF (headless Chromium, 1920x1080)', () => {
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
    const missing = CARDIAC_MODELS.filter((n) => !names.includes(n));
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
});
