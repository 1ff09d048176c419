// Shared by the end-to-end tests of the shipped task models (cardiac, CT): start the viewer and a browser, check
// the models are shipped, segment and wait for both overlays, read DSC per class, check the overlays landed.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startViewer } from '../../src/server';
import type { DemoIndex, ModelIndex } from '../../src/contracts';
import { ARTIFACTS, DESKTOP, openBrowser, type Browser } from './browser';
import { segmentations, until, type PanelSnapshot } from './panel';

export interface TaskViewer {
  viewer: { url: string; close(): Promise<void> };
  demo: DemoIndex;
  b: Browser;
  close(): Promise<void>;
}

/** The viewer (SEGLENS_VIEWER_DIST: one built elsewhere) and a desktop browser; fails naming missing models. */
export async function openTaskViewer(models: readonly string[]): Promise<TaskViewer> {
  const viewer = await startViewer({ port: 0, distDir: process.env.SEGLENS_VIEWER_DIST || undefined });
  try {
    const index = (await (
      await fetch(new URL('/_seglens/models/index.json', viewer.url))
    ).json()) as ModelIndex;
    const names = index.models.map((m) => m.name);
    const missing = models.filter((n) => !names.includes(n));
    if (missing.length > 0)
      throw new Error(
        `the viewer ships no ${missing.join(', ')} (it has ${names.join(', ')}): copy each trained model ` +
          `folder (model.json, seglens.json, weights) into packages/models/pretrained/<name>/ and rebuild the ` +
          `viewer (npx nx run viewer:build; npm run e2e does it)`,
      );
    const demo = (await (await fetch(new URL('/demo/index.json', viewer.url))).json()) as DemoIndex;
    const b = await openBrowser({ webgpu: false, viewport: DESKTOP });
    return {
      viewer,
      demo,
      b,
      async close() {
        await b.close();
        await viewer.close();
      },
    };
  } catch (error) {
    await viewer.close();
    throw error;
  }
}

/** The rows of one model, by class name. */
export function dscOf(s: PanelSnapshot, model: string): Map<string, number> {
  return new Map(s.comparison!.rows.filter((r) => r.model === model).map((r) => [r.className, r.dsc]));
}

/** Keeps every model's DSC per class of a study in e2e-artifacts/dsc-<study>.json (how the floors were measured). */
export async function recordDsc(study: string, s: PanelSnapshot): Promise<void> {
  const table = Object.fromEntries(
    s.predictions.map((p) => [p.modelName, Object.fromEntries(dscOf(s, p.modelName))]),
  );
  await writeFile(join(ARTIFACTS, `dsc-${study}.json`), JSON.stringify(table, null, 2) + '\n');
}

/** Segments with the selected models and waits for both overlays (and the comparison when there is a SEG). */
export async function segmentBoth(b: Browser, what: string, withReference: boolean): Promise<PanelSnapshot> {
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
export async function expectOverlays(b: Browser, s: PanelSnapshot, min: number): Promise<void> {
  const segs = await segmentations(b.page);
  for (const p of s.predictions) {
    const voxels = segs.find((x) => x.segmentationId === p.segmentationId)?.voxels ?? 0;
    expect([p.modelName, voxels >= min]).toEqual([p.modelName, true]);
  }
}

/** The names of the models the panel selected for the open series, sorted. */
export function selectedModels(s: PanelSnapshot): string[] {
  return s.models
    .filter((m) => m.selected)
    .map((m) => m.name)
    .sort();
}

/**
 * The viewport legend lies clear of OHIF's bottom corner overlays (window/level, slice number): the rectangles
 * of the legend and of each non-empty corner overlay, in page pixels, do not intersect.
 */
export async function expectLegendClearOfCorners(b: Browser): Promise<void> {
  const boxes = await b.page.evaluate(() => {
    const rect = (el: Element | null) => {
      if (!el || !(el.textContent ?? '').trim()) return null;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0
        ? { left: r.left, right: r.right, top: r.top, bottom: r.bottom }
        : null;
    };
    return {
      legend: rect(document.querySelector('[data-testid="seglens-viewport-legend"]')),
      corners: ['bottom-left', 'bottom-right'].map(
        (c) => [c, rect(document.querySelector(`[data-cy="viewport-overlay-${c}"]`))] as const,
      ),
    };
  });
  expect(boxes.legend).not.toBeNull();
  // OHIF draws its corner texts on every image viewport: finding none would mean their markers changed.
  expect(boxes.corners.filter(([, box]) => box !== null).length).toBeGreaterThan(0);
  const legend = boxes.legend!;
  for (const [corner, box] of boxes.corners) {
    if (!box) continue;
    const overlaps =
      box.left < legend.right &&
      legend.left < box.right &&
      box.top < legend.bottom &&
      legend.top < box.bottom;
    expect([corner, overlaps]).toEqual([corner, false]);
  }
}
