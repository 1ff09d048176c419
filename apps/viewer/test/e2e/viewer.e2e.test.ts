// End to end, in Debian's headless Chromium: the prebuilt OHIF viewer with the seglens extension and mode,
// served by `startViewer` from the built apps/viewer/dist (the `build` target runs first). Every step saves a
// screenshot in apps/viewer/e2e-artifacts/. The assertions read the viewer's real state through
// `window.seglens` (OHIF's segmentation service and the panel's store), and the exported DICOM SEG is parsed
// with dcmtk's dcmdump.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startViewer } from '../../src/server';
import type { DemoIndex } from '../../src/contracts';
import { ARTIFACTS, DESKTOP, LAPTOP, openBrowser, type Browser } from './browser';
import {
  openStudy,
  scroll,
  segmentations,
  segmentThenCancel,
  shots,
  state,
  until,
  viewedSlice,
} from './panel';

jest.setTimeout(15 * 60_000);

describe('seglens in OHIF (headless Chromium)', () => {
  let viewer: { url: string; close(): Promise<void> };
  let demo: DemoIndex;

  beforeAll(async () => {
    viewer = await startViewer({ port: 0 });
    demo = (await (await fetch(new URL('/demo/index.json', viewer.url))).json()) as DemoIndex;
  });
  afterAll(async () => {
    await viewer?.close();
  });

  describe('default flags at 1920x1080 (a software GPU: the panel picks WASM)', () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openBrowser({ webgpu: false, viewport: DESKTOP });
    });
    afterAll(async () => {
      await b?.close();
    });

    it('runs the RCE and the Dice model on a labelled hippocampus study and compares them with its DICOM SEG', async () => {
      await openStudy(b, viewer.url, demo, 'hippocampus-labelled');
      let s = await state(b.page);
      expect(s.series).toMatchObject({ modality: 'MR', channels: 1 });
      const selected = s.models.filter((m) => m.selected).map((m) => m.name);
      expect(selected).toEqual(expect.arrayContaining(['hippocampus-rce', 'hippocampus-dice']));
      expect(s.models.find((m) => m.name === 'polyp-rce')).toMatchObject({ fits: false });
      // Before Segment: the study's SEG is the reference already, outlined, and the viewport shows the middle
      // of its labelled slices rather than an empty edge slice.
      s = await until(
        b,
        'the reference on open',
        (x) => /DICOM SEG/.test(x.comparison?.reference ?? ''),
        60_000,
      );
      const viewed = await viewedSlice(b.page);
      expect(viewed!.index).toBeGreaterThan(0);
      expect(viewed!.index).toBeLessThan(viewed!.of - 1);
      // The machine has no GPU: Chromium's WebGL and WebGPU are SwiftShader, and the panel says so.
      s = await until(b, 'the backend', (x) => x.backend !== null, 120_000);
      expect(s.backend?.name).toBe('wasm');
      expect(s.backend?.reason).toMatch(
        /^automatic: .*(software rasteriser|software fallback).*WASM is faster/,
      );
      await expect(b.page.getByTestId('seglens-backend-reason').textContent()).resolves.toBe(
        s.backend?.reason,
      );
      // Before Segment, too: the RCE and the Dice model are loaded and warmed up in the worker (passes over the
      // whole 38-slice case, every batch Segment sends), and the panel says they are ready.
      s = await until(
        b,
        'the models preloaded',
        (x) => x.models.filter((m) => m.selected).every((m) => m.preload?.status === 'ready'),
        120_000,
      );
      for (const m of s.models.filter((x) => x.selected)) {
        expect(m.preload).toMatchObject({ status: 'ready', backend: 'wasm', warmupSlices: 38 });
        expect(m.preload!.loadMs).toBeGreaterThan(0);
        expect(m.preload!.warmupMs).toBeGreaterThan(0);
      }
      await expect(b.page.getByTestId('seglens-models-status').textContent()).resolves.toMatch(
        /^Models ready \(loaded and warmed up in \d+\.\d\d s\)\.$/,
      );
      await b.shot('01-hippocampus-opened');

      await b.page.getByTestId('seglens-segment').click();
      s = await until(
        b,
        'two predictions and a comparison',
        (x) => x.predictions.length >= 2 && (x.comparison?.rows.length ?? 0) > 0 && x.busy === null,
      );
      await scroll(b, 1);
      await shots(b, '02-hippocampus-segmented');
      expect(s.backend?.name).toBe('wasm');
      // The legend over the image names each model's classes and the reference outline.
      const legend = b.page.getByTestId('seglens-viewport-legend');
      await expect(legend.isVisible()).resolves.toBe(true);
      for (const model of ['hippocampus-rce', 'hippocampus-dice'])
        await expect(b.page.locator(`[data-legend-group="${model}"]`).textContent()).resolves.toBe(
          `${model}:anterior hippocampusposterior hippocampus`,
        );
      await expect(
        b.page.locator('[data-legend-label="reference (outline)"]').getAttribute('title'),
      ).resolves.toMatch(/^DICOM SEG: /);
      expect(s.predictions.map((p) => p.loss).sort()).toEqual(['dice', 'rce']);

      // Two labelmaps in OHIF's segmentation service, with voxels, each drawn in its model's colours (the
      // panel's swatch for the first class; given as the representation's lookup table, not set afterwards).
      const segs = await segmentations(b.page);
      for (const p of s.predictions) {
        const seg = segs.find((x) => x.segmentationId === p.segmentationId);
        expect(seg?.voxels).toBeGreaterThan(100);
        expect(seg?.colors[1]).toEqual([...p.color, 255]);
        expect(seg?.colors[2]).toHaveLength(4);
        expect(seg?.colors[2]).not.toEqual(seg?.colors[1]);
      }
      expect(s.predictions[0].color).not.toEqual(s.predictions[1].color);
      // The metrics table: each model, each class, DSC of real predictions against the study's SEG.
      expect(s.comparison?.reference).toMatch(/DICOM SEG/);
      // OHIF holds the study's SEG frame by frame: 1832 anterior + 1866 posterior voxels, as in the NIfTI labels.
      expect(segs.find((x) => /^Reference labels/.test(x.label))?.voxels).toBe(3698);
      const table = b.page.getByTestId('seglens-metrics-table');
      await expect(table.isVisible()).resolves.toBe(true);
      for (const row of s.comparison!.rows) expect(row.dsc).toBeGreaterThan(0.5);
      expect(s.lossLens?.rows.length).toBeGreaterThan(0);

      // The loss lens on the slice on screen, following it as the user scrolls.
      await b.page.getByTestId('seglens-lens-scope-slice').click();
      s = await until(b, 'the lens on this slice', (x) => x.lossLens?.scope === 'slice' && x.busy === null);
      const first = s.lossLens!.slice!;
      expect(first).toBe((await viewedSlice(b.page))!.index);
      await scroll(b, 2);
      const now = (await viewedSlice(b.page))!.index;
      expect(now).not.toBe(first);
      s = await until(b, 'the lens to follow', (x) => x.lossLens?.slice === now && x.busy === null, 60_000);
      const ce = s.lossLens!.rows.find((r) => r.loss === 'crossEntropy' && r.constant !== undefined);
      expect(ce).toBeDefined();
      await b.page.getByTestId('seglens-lens-chart').scrollIntoViewIfNeeded();
      await b.page
        .getByTestId('seglens-section-loss-lens')
        .screenshot({ path: `${ARTIFACTS}/02b-loss-lens.png` });
      await expect(b.page.locator('tspan[data-term="constant"]').first().textContent()).resolves.toMatch(
        /constant [+−]\d/,
      );
      await b.page.getByTestId('seglens-lens-scope-volume').click();
      await until(b, 'the lens on the volume', (x) => x.lossLens?.scope === 'volume' && x.busy === null);
    });

    it('fine-tunes the RCE model on brush labels for one epoch: the loss goes down and the model is saved', async () => {
      await b.page.getByTestId('seglens-draw-labels').click();
      await until(b, 'the labels segmentation', (x) => x.busy === null);
      const canvas = b.page.locator('canvas').first();
      const box = await canvas.boundingBox();
      if (!box) throw new Error('no viewport canvas');
      // Paint on three slices: strokes across the middle, then scroll one slice on.
      for (let i = 0; i < 3; i++) {
        const y = box.y + box.height * (0.4 + 0.05 * i);
        await b.page.mouse.move(box.x + box.width * 0.35, y);
        await b.page.mouse.down();
        await b.page.mouse.move(box.x + box.width * 0.6, y + 10, { steps: 8 });
        await b.page.mouse.up();
        await b.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await b.page.mouse.wheel(0, 120);
        await b.page.waitForTimeout(400);
      }
      let s = await until(b, 'labelled slices', (x) => x.fineTune.labelledSlices.length >= 2, 30_000);
      await b.shot('03-labels-drawn');
      await b.page.getByTestId('seglens-ft-epochs').fill('1');
      await b.page.getByTestId('seglens-finetune').click();
      s = await until(b, 'the fine-tuned model', (x) => x.fineTune.savedAs !== null && x.busy === null);
      await shots(b, '04-fine-tuned');
      expect(s.fineTune.history).toHaveLength(1);
      expect(s.fineTune.lossAfter).toBeLessThan(s.fineTune.lossBefore!);
      const saved = s.models.find((m) => m.name === s.fineTune.savedAs);
      expect(saved).toMatchObject({ origin: 'indexeddb', fits: true });
      // Inference re-ran with the fine-tuned model.
      expect(s.predictions.some((p) => p.modelName === s.fineTune.savedAs)).toBe(true);
    });

    it('exports a prediction as DICOM SEG that dcmtk parses', async () => {
      const s = await state(b.page);
      const rce = s.predictions.find((p) => p.modelName === 'hippocampus-rce')!;
      const [download] = await Promise.all([
        b.page.waitForEvent('download', { timeout: 60_000 }),
        b.page.locator(`[data-testid="seglens-export-${rce.key}"]`).click(),
      ]);
      // A file name without spaces or non-ASCII characters, naming the model.
      expect(download.suggestedFilename()).toMatch(/^seglens-hippocampus-rce-\d{8}-\d{6}\.dcm$/);
      const file = join(ARTIFACTS, 'hippocampus-rce-seg.dcm');
      await download.saveAs(file);
      const dump = execFileSync('dcmdump', ['+P', '0008,0060', '+P', '0028,0008', '+P', '0062,0002', file], {
        encoding: 'utf8',
      });
      expect(dump).toMatch(/\(0008,0060\) CS \[SEG\]/);
      const frames = Number(/\(0028,0008\) IS \[(\d+)\]/.exec(dump)?.[1]);
      expect(frames).toBeGreaterThan(0);
      expect(execFileSync('dcmdump', ['+P', '0062,0005', file], { encoding: 'utf8' })).toMatch(
        /hippocampus/i,
      );
      // Provenance: a model made it, not a person with OHIF's brush.
      const all = execFileSync('dcmdump', ['+L', file], { encoding: 'utf8' });
      expect(all.match(/\(0062,0008\) CS \[AUTOMATIC\]/g)).toHaveLength(2);
      expect(all.match(/\(0062,0009\) LO \[hippocampus-rce\]/g)).toHaveLength(2);
      expect(all).toMatch(/\(0062,0006\) ST \[loss rce \(penalty=l1, lambda=1, temperature=10\)\]/);
      expect(all).toMatch(/\(0018,1020\) LO \[card sha256:[0-9a-f]{16}\]/);
      expect(all).toMatch(/\(0008,103e\) LO \[seglens hippocampus-rce \(rce\)\]/);
      expect(all).not.toMatch(/MANUAL|OHIF Brush|Research Derived/);
      // A second export is a new series with its own number.
      const number = Number(/\(0020,0011\) IS \[(\d+)\]/.exec(all)?.[1]);
      const [again] = await Promise.all([
        b.page.waitForEvent('download', { timeout: 60_000 }),
        b.page.locator(`[data-testid="seglens-export-${rce.key}"]`).click(),
      ]);
      const second = join(ARTIFACTS, 'hippocampus-rce-seg-2.dcm');
      await again.saveAs(second);
      const dump2 = execFileSync('dcmdump', ['+P', '0020,0011', '+P', '0020,000e', second], {
        encoding: 'utf8',
      });
      expect(Number(/\(0020,0011\) IS \[(\d+)\]/.exec(dump2)?.[1])).toBeGreaterThan(number);
    });

    it('cancels a run: the panel says so, the previous overlays stay and the viewer keeps working', async () => {
      const before = await state(b.page);
      const ids = before.predictions.map((p) => p.segmentationId).sort();
      // The three models have all run by now and are warm: the whole run takes about a second, so Cancel is
      // pressed in the page the moment it shows (segmentThenCancel says why not with Playwright's click).
      const cancelled = await segmentThenCancel(b.page);
      expect(cancelled.label).toMatch(/^Cancel: Segment/);
      expect(cancelled.width).toBeGreaterThan(0);
      expect(cancelled.height).toBeGreaterThan(0);
      const s = await until(b, 'the cancel', (x) => x.busy === null, 120_000);
      await b.shot('05-cancelled');
      expect(s.message?.kind).toBe('info');
      expect(s.message?.text).toMatch(/cancelled/);
      expect(s.predictions.map((p) => p.segmentationId).sort()).toEqual(ids);
      const segs = await segmentations(b.page);
      for (const id of ids) expect(segs.find((x) => x.segmentationId === id)?.voxels).toBeGreaterThan(0);
    });

    it('segments an RGB colonoscopy frame with the polyp models and compares them with its mask SEG', async () => {
      await openStudy(b, viewer.url, demo, 'polyp');
      let s = await state(b.page);
      expect(s.series).toMatchObject({ modality: 'ES', channels: 3 });
      expect(
        s.models
          .filter((m) => m.selected)
          .map((m) => m.name)
          .sort(),
      ).toEqual(['polyp-dice', 'polyp-rce']);
      expect(s.models.find((m) => m.name === 'hippocampus-rce')?.fitReason).toMatch(/RGB|grey|MR/);
      await b.page.getByTestId('seglens-segment').click();
      s = await until(
        b,
        'polyp predictions compared with the mask',
        (x) => x.predictions.length >= 2 && (x.comparison?.rows.length ?? 0) >= 2 && x.busy === null,
      );
      await shots(b, '06-polyp-segmented');
      expect(s.comparison?.reference).toMatch(/DICOM SEG/);
      const segs = await segmentations(b.page);
      for (const p of s.predictions)
        expect(segs.find((x) => x.segmentationId === p.segmentationId)?.voxels).toBeGreaterThan(0);
      // Real values, not placeholders: each model's DSC against the PolypGen mask is a number in [0, 1].
      for (const row of s.comparison!.rows) expect(row.dsc).toBeGreaterThanOrEqual(0);
      expect(s.comparison!.rows.map((r) => r.model).sort()).toEqual(['polyp-dice', 'polyp-rce']);
      // The frame's DICOM has no PixelSpacing (a photograph): distances are pixels, and the table says so.
      expect(s.comparison?.distanceUnit).toBe('px');
      const heads = await b.page.getByTestId('seglens-metrics-table').locator('thead th').allTextContents();
      expect(heads).toEqual(['Model', 'DSC', 'IoU', 'HD95 px', 'NSD']);
    });

    it('opens the CT study with its DICOM SEG and says the MR/ES models do not fit it', async () => {
      await openStudy(b, viewer.url, demo, 'ct-liver-seg');
      const s = await state(b.page);
      expect(s.series?.modality).toBe('CT');
      // Only the CT models fit (task-models.e2e.test.ts segments with them).
      expect(s.models.filter((m) => m.fits).map((m) => m.name)).toEqual(
        s.models.filter((m) => m.name.startsWith('ct-abdomen-')).map((m) => m.name),
      );
      expect(s.models.find((m) => m.name === 'hippocampus-rce')?.fitReason).toMatch(/MR/);
      // Open the SEG the way a user does: double-click its thumbnail; OHIF then holds its segmentation.
      await b.page.getByText('Liver Segmentation').first().dblclick();
      let segs: Awaited<ReturnType<typeof segmentations>> = [];
      for (let i = 0; i < 120 && !segs.some((x) => (x.voxels ?? 0) > 0); i++) {
        await b.page.waitForTimeout(500);
        segs = await segmentations(b.page);
      }
      await b.shot('07-ct-with-seg');
      // dcmqi's liver SEG labels 36,233 + 35,645 + 35,220 voxels on the three slices (@seglens/data reads the same).
      expect(segs.find((x) => /liver/i.test(x.label))?.voxels).toBe(107_098);
    });
  });

  describe('?seglensBackend=wasm in the cross-origin isolated page', () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openBrowser({ webgpu: false });
    });
    afterAll(async () => {
      await b?.close();
    });

    it("runs TF.js's threaded WASM on every core and segments with it", async () => {
      const study = demo.studies.find((x) => x.id === 'hippocampus-1')!;
      await b.page.goto(new URL(`${study.viewerUrl}&seglensBackend=wasm`, viewer.url).href);
      await b.page.waitForFunction(() => 'seglens' in window, undefined, { timeout: 120_000 });
      const [isolated, cores] = await b.page.evaluate(
        () => [self.crossOriginIsolated, navigator.hardwareConcurrency] as const,
      );
      expect(isolated).toBe(true);
      let s = await until(
        b,
        'the wasm backend',
        (x) => x.backend !== null && x.models.some((m) => m.selected),
      );
      // Auto is half the cores (at least one) for XNNPACK: on 2 cores two threads were slower than one (README);
      // seglens's own kernels may use every core on large layers.
      const threads = Math.max(1, Math.floor(cores / 2));
      const large = cores > threads ? { kernelThreads: cores } : {};
      expect(s.backend).toMatchObject({ name: 'wasm', threads, ...large });
      await expect(b.page.getByTestId('seglens-backend').textContent()).resolves.toContain(
        `WASM · ${threads} thread${threads === 1 ? '' : 's'}${cores > threads ? `, ${cores} on large layers` : ''}`,
      );
      await b.page.getByTestId('seglens-segment').click();
      s = await until(b, 'predictions on threaded wasm', (x) => x.predictions.length >= 2 && x.busy === null);
      await b.shot('10-wasm-threads');
      const segs = await segmentations(b.page);
      for (const p of s.predictions) {
        expect(p.backend).toBe('wasm');
        expect(segs.find((x) => x.segmentationId === p.segmentationId)?.voxels).toBeGreaterThan(100);
      }
    });
  });

  describe('at 1366x768 (a small laptop)', () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openBrowser({ webgpu: false, viewport: LAPTOP });
    });
    afterAll(async () => {
      await b?.close();
    });

    it('chooses the backend and its threads in the panel, and remembers the choice', async () => {
      await openStudy(b, viewer.url, demo, 'hippocampus-labelled');
      await until(b, 'the backend', (x) => x.backend !== null, 120_000);
      await b.page.getByTestId('seglens-backend-choice').selectOption('wasm');
      await until(b, 'the chosen backend', (x) => x.backend?.reason?.startsWith('chosen by you') === true);
      await b.page.getByTestId('seglens-threads-choice').selectOption('1');
      const s = await until(b, 'one thread', (x) => x.backend?.threads === 1, 120_000);
      expect(s.backend).toMatchObject({ name: 'wasm', threads: 1 });
      expect(s.backend?.reason).toBe('backend and 1 thread chosen by you');
      const stored = await b.page.evaluate(() => localStorage.getItem('seglens.backendChoice.v1'));
      expect(JSON.parse(stored!)).toEqual({ backend: 'wasm', threads: 1 });
      await b.page.getByTestId('seglens-segment').click();
      await until(
        b,
        'predictions',
        (x) => x.predictions.length >= 2 && x.busy === null && x.comparison !== null,
      );
    });

    it('scrolls the panel with the mouse wheel to every section, which collapse, with text of 12 px or more', async () => {
      const panel = b.page.getByTestId('seglens-panel');
      const box = (await panel.boundingBox())!;
      // The panel ends inside the window: it scrolls itself instead of being cut off.
      expect(box.y + box.height).toBeLessThanOrEqual(LAPTOP.height);
      await b.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      // Start at the top, as a user scrolling down through the panel would: the previous test's backend and
      // threads choice can leave the panel scrolled past the Models heading.
      await b.page.mouse.wheel(0, -20_000);
      await b.page.waitForTimeout(200);
      const sections = ['models', 'segment', 'results', 'compare', 'loss-lens', 'fine-tune'];
      for (const [i, name] of sections.entries()) {
        const heading = b.page.getByTestId(`seglens-collapse-${name}`);
        for (let n = 0; n < 40; n++) {
          const h = await heading.boundingBox();
          if (h && h.y >= box.y && h.y + h.height <= box.y + box.height) break;
          await b.page.mouse.wheel(0, 150);
          await b.page.waitForTimeout(60);
        }
        const h = (await heading.boundingBox())!;
        expect(h.y).toBeGreaterThanOrEqual(box.y);
        expect(h.y + h.height).toBeLessThanOrEqual(box.y + box.height);
        await b.shot(`11-laptop-${i + 1}-${name}`);
      }
      // Fold a section away and back, as OHIF's own panels do.
      const toggle = b.page.getByTestId('seglens-collapse-fine-tune');
      await toggle.click();
      await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
      await expect(b.page.getByTestId('seglens-ft-epochs').isVisible()).resolves.toBe(false);
      await toggle.click();
      await expect(b.page.getByTestId('seglens-ft-epochs').isVisible()).resolves.toBe(true);
      // Every piece of text in the panel renders at 12 px or more (SVG text scaled as drawn).
      const smallest = await b.page.evaluate(() => {
        const root = document.querySelector('[data-testid="seglens-panel"]')!;
        let min = Infinity;
        let what = '';
        for (const el of Array.from(root.querySelectorAll<HTMLElement | SVGElement>('*'))) {
          const own = Array.from(el.childNodes as NodeListOf<ChildNode>).some(
            (c: ChildNode) => c.nodeType === 3 && Boolean(c.textContent?.trim()),
          );
          if (!own || (el as HTMLElement).offsetParent === null) continue;
          let px = parseFloat(getComputedStyle(el).fontSize);
          const svg = el.closest('svg');
          if (svg && svg.viewBox.baseVal.width)
            px *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          if (px < min) [min, what] = [px, `${el.tagName}: ${el.textContent!.trim().slice(0, 40)}`];
        }
        return { min, what };
      });
      expect(smallest.min).toBeGreaterThanOrEqual(11.5);
    });
  });

  describe('Orthanc mode (DICOMweb with STOW-RS)', () => {
    let orthancViewer: { url: string; close(): Promise<void> };
    let b: Browser;
    beforeAll(async () => {
      orthancViewer = await startViewer({ port: 0, orthanc: true });
      b = await openBrowser({ webgpu: false });
    });
    afterAll(async () => {
      await b?.close();
      await orthancViewer?.close();
    });

    it('stores a prediction as a DICOM SEG series in Orthanc through OHIF', async () => {
      const study = demo.studies.find((x) => x.id === 'hippocampus-labelled')!;
      await b.page.goto(
        new URL(`/seglens/dicomweb?StudyInstanceUIDs=${study.studyInstanceUID}`, orthancViewer.url).href,
      );
      await b.page.waitForFunction(() => 'seglens' in window, undefined, { timeout: 120_000 });
      // The viewer serves COOP/COEP (proxied DICOMweb included): the page is cross-origin isolated, so the
      // worker's WASM backend may use threads (SharedArrayBuffer).
      expect(
        await b.page.evaluate(() => [self.crossOriginIsolated, typeof SharedArrayBuffer] as const),
      ).toEqual([true, 'function']);
      let s = await until(
        b,
        'the study from Orthanc',
        (x) => x.series !== null && x.models.some((m) => m.selected),
        120_000,
      );
      expect(s.canStore).toBe(true);
      await b.page.getByTestId('seglens-segment').click();
      s = await until(
        b,
        'predictions from Orthanc images',
        (x) => x.predictions.length >= 2 && x.busy === null,
      );
      expect(s.comparison?.reference).toMatch(/DICOM SEG/);
      const rce = s.predictions.find((p) => p.loss === 'rce')!;
      await b.page.locator(`[data-testid="seglens-store-${rce.key}"]`).click();
      await until(b, 'the store', (x) => x.busy === null && x.message?.kind !== 'error', 60_000);
      await b.shot('09-stored-to-orthanc');
      const want = 'seglens hippocampus-rce (rce)';
      // QIDO-RS through the viewer's proxy: the study now has our SEG series.
      const qido = new URL(`/dicomweb/studies/${study.studyInstanceUID}/series`, orthancViewer.url);
      let descriptions: string[] = [];
      for (let i = 0; i < 60 && !descriptions.includes(want); i++) {
        await b.page.waitForTimeout(500);
        const series = (await (
          await fetch(qido, { headers: { accept: 'application/dicom+json' } })
        ).json()) as Record<string, { Value?: unknown[] }>[];
        descriptions = series.map((x) => String(x['0008103E']?.Value?.[0] ?? ''));
      }
      expect(descriptions).toContain(want);
      // The stored instance says a model made it: AUTOMATIC, the model's name (QIDO-RS has no segment
      // attributes, so read the instance back through WADO-RS metadata).
      const series = (await (
        await fetch(qido, { headers: { accept: 'application/dicom+json' } })
      ).json()) as Record<string, { Value?: unknown[] }>[];
      const uid = String(series.find((x) => x['0008103E']?.Value?.[0] === want)?.['0020000E']?.Value?.[0]);
      const meta = (await (
        await fetch(
          new URL(`/dicomweb/studies/${study.studyInstanceUID}/series/${uid}/metadata`, orthancViewer.url),
          {
            headers: { accept: 'application/dicom+json' },
          },
        )
      ).json()) as Record<string, { Value?: Record<string, { Value?: unknown[] }>[] }>[];
      const segments = meta[0]['00620002']?.Value ?? [];
      expect(segments.map((x) => [x['00620008']?.Value?.[0], x['00620009']?.Value?.[0]])).toEqual([
        ['AUTOMATIC', 'hippocampus-rce'],
        ['AUTOMATIC', 'hippocampus-rce'],
      ]);
    });
  });

  describe('--enable-unsafe-webgpu (WebGPU on SwiftShader)', () => {
    let b: Browser;
    beforeAll(async () => {
      b = await openBrowser({ webgpu: true });
    });
    afterAll(async () => {
      await b?.close();
    });

    it('segments on the webgpu backend when the user chooses it (auto would pick WASM on SwiftShader)', async () => {
      await openStudy(b, viewer.url, demo, 'hippocampus-1', '&seglensBackend=webgpu');
      await b.page.getByTestId('seglens-segment').click();
      const s = await until(
        b,
        'predictions on WebGPU',
        (x) => x.predictions.length >= 2 && x.busy === null,
        600_000,
      );
      await b.shot('08-webgpu-segmented');
      expect(s.backend?.name).toBe('webgpu');
      expect(s.predictions.every((p) => p.backend === 'webgpu')).toBe(true);
      // An unlabelled study: no reference, so Compare shows each model's region proportions side by side.
      expect(s.comparison?.reference).toBeNull();
      expect(s.comparison?.rows).toEqual([]);
      expect(s.comparison?.proportions.map((p) => p.source).sort()).toEqual([
        'hippocampus-dice',
        'hippocampus-rce',
      ]);
      for (const p of s.comparison!.proportions) {
        expect(p.values.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
        expect(p.values[1] + p.values[2]).toBeGreaterThan(0);
      }
      const segs = await segmentations(b.page);
      for (const p of s.predictions)
        expect(segs.find((x) => x.segmentationId === p.segmentationId)?.voxels).toBeGreaterThan(0);
    });
  });
});
