// End to end across the two apps: `seglens predict --dicomweb ... --store` (the CLI, run as its users run it,
// as a separate process) stores a DICOM SEG into the Orthanc the viewer started; its provenance is read back
// through WADO-RS; and the viewer, opening that study from Orthanc in headless Chromium, lists the SEG (with the
// CLI's SeriesNumber), loads it as the series' reference and holds exactly the voxels the CLI segmented.
// Two studies: hippocampus-2 (48 x 36 frames) and hippocampus-1 (51 x 35). OHIF reads a SEG's frames one by one
// (WADO-RS .../frames/N); Orthanc's DICOMweb plugin refuses those of a 1-bit image whose Rows x Columns is not a
// multiple of 8 (400, "Bad number of columns for a black-and-white image"), and the viewer's proxy answers them
// from the SEG's Pixel Data instead (src/server/one-bit-frames.ts): without that, hippocampus-1's SEG never opens.
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../src/server';
import type { DemoIndex } from '../../src/contracts';
import { openBrowser, type Browser } from './browser';
import { segmentations, until } from './panel';
import { seglens } from './seglens-cli';

jest.setTimeout(15 * 60_000);

interface Batch {
  version: string;
  counts: Record<string, number>;
  series: { series: string; status: string; proportions?: Record<string, number> }[];
}

interface DisplaySetView {
  Modality: unknown;
  SeriesDescription?: unknown;
  SeriesNumber?: unknown;
  displaySetInstanceUID?: unknown;
  referencedSeriesInstanceUID?: unknown;
  referencedDisplaySetInstanceUID?: unknown;
}

/** OHIF's display sets (window.services, which OHIF exposes): SEGs with the series they reference. */
const displaySets = (page: Page) =>
  page.evaluate(() => {
    type Ds = Record<string, unknown>;
    const services = (
      window as unknown as { services?: { displaySetService?: { getActiveDisplaySets(): Ds[] } } }
    ).services;
    return (services?.displaySetService?.getActiveDisplaySets() ?? []).map((d) =>
      d.Modality === 'SEG'
        ? {
            Modality: d.Modality,
            SeriesDescription: d.SeriesDescription,
            SeriesNumber: d.SeriesNumber,
            referencedSeriesInstanceUID: d.referencedSeriesInstanceUID,
            referencedDisplaySetInstanceUID: d.referencedDisplaySetInstanceUID,
          }
        : { Modality: d.Modality, displaySetInstanceUID: d.displaySetInstanceUID },
    );
  }) as Promise<DisplaySetView[]>;

/** DICOM JSON through the viewer's same-origin proxy to Orthanc. */
async function dicomJson(
  viewer: RunningViewer,
  route: string,
): Promise<Record<string, { Value?: unknown[] }>[]> {
  const r = await fetch(new URL(`/dicomweb/${route}`, viewer.url), {
    headers: { accept: 'application/dicom+json' },
  });
  if (!r.ok) throw new Error(`GET /dicomweb/${route}: HTTP ${r.status}`);
  return (await r.json()) as Record<string, { Value?: unknown[] }>[];
}
const value = (x: Record<string, { Value?: unknown[] }>, tag: string) => String(x[tag]?.Value?.[0] ?? '');

describe('a SEG stored by `seglens predict --dicomweb --store`, opened in the viewer (Orthanc mode)', () => {
  let viewer: RunningViewer;
  let b: Browser;
  beforeAll(async () => {
    viewer = await startViewer({ port: 0, orthanc: true });
    b = await openBrowser({ webgpu: false });
  });
  afterAll(async () => {
    await b?.close();
    await viewer?.close();
  });

  it.each(['hippocampus-2', 'hippocampus-1'])(
    'opens the SEG the CLI stored for %s: its voxels, provenance and series number',
    async (id) => {
      const demo = (await (await fetch(new URL('/demo/index.json', viewer.url))).json()) as DemoIndex;
      const study = demo.studies.find((x) => x.id === id)!.studyInstanceUID;
      // The unlabelled study holds no SEG yet.
      const before = await dicomJson(viewer, `studies/${study}/series`);
      expect(before.map((x) => value(x, '00080060'))).not.toContain('SEG');

      // The CLI, through the viewer's proxy (which holds Orthanc's credentials), as a separate process: async, so
      // this process's viewer server keeps answering it.
      // No DICOMweb credentials of the environment: the proxy adds Orthanc's.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('SEGLENS_DICOMWEB_')),
      );
      const stdout = await seglens(
        [
          'predict',
          '--model',
          'hippocampus-rce',
          '--dicomweb',
          new URL('/dicomweb', viewer.url).href,
          '--study',
          study,
          '--store',
          '--json',
          '--quiet',
        ],
        env,
      );
      const batch = JSON.parse(stdout) as Batch;
      expect(batch.counts).toMatchObject({ stored: 1, failed: 0 });
      expect(batch.version).toMatch(/^card sha256:[0-9a-f]{16}$/);
      const stored = batch.series.find((x) => x.status === 'stored')!;

      // Orthanc holds it, with the provenance every seglens SEG writer gives (planSegProvenance).
      const after = await dicomJson(viewer, `studies/${study}/series`);
      const seg = after.find((x) => value(x, '00080060') === 'SEG')!;
      expect(value(seg, '0008103E')).toBe('seglens hippocampus-rce (rce)');
      const [meta] = await dicomJson(viewer, `studies/${study}/series/${value(seg, '0020000E')}/metadata`);
      expect(value(meta, '00181020')).toBe(batch.version); // SoftwareVersions
      const segments = (meta['00620002']?.Value ?? []) as Record<string, { Value?: unknown[] }>[];
      expect(segments.map((x) => [value(x, '00620008'), value(x, '00620009'), value(x, '00620006')])).toEqual(
        new Array(2).fill([
          'AUTOMATIC',
          'hippocampus-rce',
          'loss rce (penalty=l1, lambda=1, temperature=10)',
        ]),
      );

      // The viewer opens the study from Orthanc: OHIF holds the stored SEG as a display set of the MR series, with
      // the SeriesNumber the CLI fixes from model version and source series, and the study browser lists it.
      await b.page.goto(new URL(`/seglens/dicomweb?StudyInstanceUIDs=${study}`, viewer.url).href);
      await b.page.waitForFunction(() => 'seglens' in window, undefined, { timeout: 120_000 });
      const s = await until(
        b,
        'the study from Orthanc',
        (x) => x.series !== null && x.models.length > 0,
        120_000,
      );
      expect(s.series?.modality).toBe('MR');
      let sets: DisplaySetView[] = [];
      for (
        let n = 0;
        n < 120 && !sets.some((d) => d.Modality === 'SEG' && d.referencedDisplaySetInstanceUID);
        n++
      ) {
        await b.page.waitForTimeout(500);
        sets = await displaySets(b.page);
      }
      const mr = sets.find((d) => d.Modality === 'MR')!;
      const hex = createHash('sha256').update(`${batch.version}|${stored.series}`).digest('hex');
      expect(sets.filter((d) => d.Modality === 'SEG')).toEqual([
        {
          Modality: 'SEG',
          SeriesDescription: 'seglens hippocampus-rce (rce)',
          SeriesNumber: 100000 + (parseInt(hex.slice(0, 8), 16) % 900000),
          referencedSeriesInstanceUID: stored.series,
          referencedDisplaySetInstanceUID: mr.displaySetInstanceUID,
        },
      ]);
      await expect(b.page.getByText('seglens hippocampus-rce (rce)').first().isVisible()).resolves.toBe(true);

      // The panel loads it as the series' reference on open, and OHIF's segmentation service holds it on the
      // series with as many labelled voxels as the CLI segmented.
      const opened = await until(
        b,
        'the stored SEG as the reference',
        (x) => x.comparison?.reference === 'DICOM SEG: seglens hippocampus-rce (rce)',
        120_000,
      );
      await b.shot(`10-cli-stored-seg-in-viewer-${id}`);
      const [i, j, k] = opened.series!.dims;
      const labelled = Math.round(Object.values(stored.proportions!).reduce((a, p) => a + p, 0) * i * j * k);
      const shown = (await segmentations(b.page)).filter((x) => x.label.includes('seglens hippocampus-rce'));
      expect(shown.map((x) => x.voxels)).toEqual([labelled]);
      expect(labelled).toBeGreaterThan(100);
    },
  );
});
