// The seglens panel as the end-to-end tests see it: its state and OHIF's segmentations through `window.seglens`
// (the viewer's real state, not the panel's text), waiting on that state, and opening a demo study.
import type { Page } from 'playwright-core';
import type { DemoIndex } from '../../src/contracts';
import { ARTIFACTS, type Browser } from './browser';

export interface PanelSnapshot {
  backend: { name: string; threads?: number; reason?: string } | null;
  series: { modality: string; channels: number; dims: [number, number, number] } | null;
  models: {
    key: string;
    name: string;
    loss: string;
    fits: boolean;
    fitReason?: string;
    selected: boolean;
    origin: string;
    preload?: {
      status: 'loading' | 'ready' | 'failed';
      ms?: number;
      loadMs?: number;
      warmupMs?: number;
      batch?: number;
      backend?: string;
    };
  }[];
  busy: unknown;
  canStore: boolean;
  message: { kind: string; text: string } | null;
  predictions: {
    key: string;
    modelName: string;
    loss: string;
    segmentationId: string;
    /** The swatch colour of the model's first class. */
    color: [number, number, number];
    backend: string;
    proportions: number[];
    inferenceMs: number;
  }[];
  comparison: {
    reference: string | null;
    rows: { model: string; className: string; dsc: number; hd95: number }[];
    unscored?: string[];
    proportions: { source: string; values: number[] }[];
    distanceUnit?: 'mm' | 'px';
  } | null;
  lossLens: {
    scope: string;
    slice: number | null;
    rows: { model: string; loss: string; value: number; matching?: number; constant?: number }[];
  } | null;
  fineTune: {
    history: { epoch: number; loss: number }[];
    lossBefore: number | null;
    lossAfter: number | null;
    savedAs: string | null;
    labelledSlices: number[];
  };
}

export const state = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { seglens: { state(): unknown } }).seglens.state(),
  ) as Promise<PanelSnapshot>;

export const segmentations = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { seglens: { segmentations(): unknown } }).seglens.segmentations(),
  ) as Promise<
    {
      segmentationId: string;
      label: string;
      voxels: number | null;
      colors: Record<number, number[] | null>;
    }[]
  >;

export const viewedSlice = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { seglens: { viewedSlice(): unknown } }).seglens.viewedSlice(),
  ) as Promise<{ index: number; of: number } | null>;

/** Scrolls the viewport `slices` images on (mouse wheel over the image), as a user looks for the structure. */
export async function scroll(b: Browser, slices: number): Promise<void> {
  const box = await b.page.locator('canvas').first().boundingBox();
  if (!box) throw new Error('no viewport canvas');
  await b.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < slices; i++) {
    await b.page.mouse.wheel(0, 120);
    await b.page.waitForTimeout(80);
  }
}

/** A screenshot of the viewer and one of the whole seglens panel (it is taller than the window). */
export async function shots(b: Browser, name: string): Promise<void> {
  await b.shot(name);
  await b.page.getByTestId('seglens-panel').screenshot({ path: `${ARTIFACTS}/${name}-panel.png` });
}

/** Waits until the panel's state satisfies `ok`; on timeout, fails with the last state and the page's errors. */
export async function until(
  b: Browser,
  what: string,
  ok: (s: PanelSnapshot) => boolean,
  timeoutMs = 240_000,
): Promise<PanelSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: PanelSnapshot | null = null;
  while (Date.now() < deadline) {
    last = await state(b.page).catch(() => null);
    if (last && ok(last)) return last;
    if (last?.message?.kind === 'error') break;
    await b.page.waitForTimeout(500);
  }
  await b.shot(`failed-${what.replace(/\W+/g, '-')}`);
  throw new Error(
    `Timed out waiting for ${what}.\nPanel message: ${JSON.stringify(last?.message)}\nbusy: ${JSON.stringify(last?.busy)}\n` +
      `Page errors:\n${b.errors.slice(-10).join('\n')}`,
  );
}

/**
 * Presses Segment and then Cancel the moment the Cancel button is shown, both in the page: a warm run of the
 * hippocampus models takes about a second, and Playwright's click (a round trip, hit testing that retries while
 * the progress line pushes the sections below it down) could land after the run had ended. A MutationObserver
 * sees the button shown in the same task React shows it in, before the worker's next answer can end the run.
 * Returns the progress label the button named and the size it was drawn at (a user could see and click it).
 */
export function segmentThenCancel(
  page: Page,
  timeoutMs = 30_000,
): Promise<{ label: string; width: number; height: number }> {
  return page.evaluate(
    (ms) =>
      new Promise<{ label: string; width: number; height: number }>((resolve, reject) => {
        const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
        const cancel = q('seglens-cancel');
        const progress = q('seglens-progress');
        const segment = q('seglens-segment');
        if (!cancel || !progress || !segment) {
          reject(new Error('the panel has no Segment, progress or Cancel element'));
          return;
        }
        const shown = () => !cancel.hidden && !progress.hidden;
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`Cancel was not shown within ${ms} ms of pressing Segment`));
        }, ms);
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          clearTimeout(timer);
          const box = cancel.getBoundingClientRect();
          cancel.click();
          resolve({ label: cancel.getAttribute('aria-label') ?? '', width: box.width, height: box.height });
        });
        observer.observe(document.body, { subtree: true, attributes: true, childList: true });
        if (shown()) {
          observer.disconnect();
          clearTimeout(timer);
          reject(new Error('Cancel was shown before Segment was pressed: another task is running'));
          return;
        }
        segment.click();
      }),
    timeoutMs,
  );
}

/** Opens demo study `id` in the seglens mode and waits for the panel to judge the models against its series. */
export async function openStudy(
  b: Browser,
  base: string,
  demo: DemoIndex,
  id: string,
  query = '',
): Promise<void> {
  const study = demo.studies.find((s) => s.id === id);
  if (!study) throw new Error(`demo study ${id} is not in /demo/index.json`);
  await b.page.goto(new URL(study.viewerUrl + query, base).href);
  await b.page.waitForFunction(() => 'seglens' in window, undefined, { timeout: 120_000 });
  await until(b, `${id} to open`, (s) => s.series !== null && s.models.length > 0, 120_000);
  // OHIF's notice that the viewer is for investigational use: a user confirms it once; so does the test.
  const confirm = b.page.getByRole('button', { name: 'Confirm and hide' });
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
}
