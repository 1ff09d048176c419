// The landing page's "Open DICOM files from your computer" (OHIF's /local route), as a user uses it: a DICOM
// series and the SEG `seglens predict` wrote for it, picked from disk, then the study opened in the seglens mode.
// The series is the 51×35 hippocampus crop: its frames do not fill whole bytes, which OHIF's reader of local
// files (dcmjs 0.52's AsyncDicomReader) gets wrong for 1-bit SEGs (bits reversed within each byte, or a thrown
// error on the pad byte). The SEG must open, hold the CLI's voxels, and lie where the model put them: the same
// model run in the browser on the same pixels agrees with it (DSC ≥ 0.98 per class).
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDataDir } from '@seglens/data';
import { startViewer, type RunningViewer } from '../../src/server';
import { DESKTOP, openBrowser, type Browser } from './browser';
import { segmentations, until } from './panel';
import { seglens } from './seglens-cli';
import { recordDsc } from './task-models';

jest.setTimeout(10 * 60_000);

const SERIES = join(resolveDataDir(), 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume');

interface PredictJson {
  perClass: { name: string; voxels: number }[];
}

describe("OHIF's /local route with a series and the SEG seglens wrote for it", () => {
  let viewer: RunningViewer;
  let b: Browser;
  let folder: string;
  let predicted: PredictJson;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'seglens-local-'));
    cpSync(SERIES, folder, { recursive: true });
    const stdout = await seglens([
      'predict',
      '--model',
      'hippocampus-rce',
      '--input',
      SERIES,
      '--out',
      join(folder, 'seg.dcm'),
      '--json',
      '--quiet',
    ]);
    predicted = JSON.parse(stdout) as PredictJson;
    viewer = await startViewer({ port: 0, distDir: process.env.SEGLENS_VIEWER_DIST || undefined });
    b = await openBrowser({ webgpu: false, viewport: DESKTOP });
  });
  afterAll(async () => {
    await b?.close();
    await viewer?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('opens the SEG as the reference, with its voxels where the model put them', async () => {
    await b.page.goto(new URL('/', viewer.url).href);
    await b.page.getByTestId('local-files').click();
    const input = b.page.locator('input[type=file]').first();
    await input.waitFor({ state: 'attached', timeout: 60_000 });
    await input.setInputFiles(readdirSync(folder).map((f) => join(folder, f)));
    // OHIF lists the study it read; the user picks it and launches the seglens mode.
    await b.page.getByText('MR RCBV SEQUENCE').first().click({ timeout: 60_000 });
    await b.page.getByText('seglens: RCE vs Dice').first().click({ timeout: 30_000 });
    await b.page.waitForFunction(() => 'seglens' in window, undefined, { timeout: 120_000 });

    const opened = await until(
      b,
      'the SEG from local files as the reference',
      (x) => x.comparison?.reference === 'DICOM SEG: seglens hippocampus-rce (rce)',
      120_000,
    );
    expect(opened.series?.dims).toEqual([35, 51, 32]);
    const cliVoxels = predicted.perClass.filter((c) => c.name !== 'background').map((c) => c.voxels);
    expect(cliVoxels.every((v) => v > 1000)).toBe(true);
    const [reference] = await segmentations(b.page);
    expect(reference.voxels).toBe(cliVoxels.reduce((a, v) => a + v, 0));

    // Only hippocampus-rce, on WASM like the CLI: its overlay must coincide with the SEG's, class by class.
    const models = opened.models.filter((m) => m.selected).map((m) => m.name);
    for (const name of models.filter((m) => m !== 'hippocampus-rce'))
      await b.page.getByLabel(`Use ${name}`).click();
    await until(b, 'only hippocampus-rce selected', (x) =>
      x.models.every((m) => m.selected === (m.name === 'hippocampus-rce')),
    );
    await b.page.getByTestId('seglens-segment').click();
    const s = await until(
      b,
      'hippocampus-rce compared with the SEG',
      (x) => x.busy === null && x.predictions.length === 1 && (x.comparison?.rows.length ?? 0) > 0,
      5 * 60_000,
    );
    await b.shot('11-local-files-seg-and-model');
    await recordDsc('local-files-hippocampus', s);
    const rows = s.comparison!.rows.filter((r) => r.model === 'hippocampus-rce');
    expect(rows.map((r) => r.className).sort()).toEqual(['anterior hippocampus', 'posterior hippocampus']);
    for (const r of rows) expect([r.className, r.dsc >= 0.98]).toEqual([r.className, true]);
  });
});
