// The SEG files the panel exports and stores, written from the real hippocampus MR series and the shipped
// hippocampus-rce card, read back with @seglens/data and parsed by dcmtk's dcmdump.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicomFolder, readDicomSegFile, resolveDataDir, type Volume } from '@seglens/data';
import { cardVersion, validateModelCard, type ModelCard } from '@seglens/models';
import { nextSeriesNumber, planPredictionSeg } from '../../src/controller/seg-export';
import { HANDLERS } from '../../src/worker/handlers';
import type { ModelEntry } from '../../src/panel/state';
import { entryFromCard } from '../../src/catalog/entry';
import type { DisplaySet } from '../../src/ohif/types';

const PRETRAINED = join(__dirname, '../../../models/pretrained');
const card = (name: string): ModelCard =>
  validateModelCard(JSON.parse(readFileSync(join(PRETRAINED, name, 'seglens.json'), 'utf8')), name);

let source: Volume;
let labels: Uint8Array;
let ds: DisplaySet;
const tmp = mkdtempSync(join(tmpdir(), 'seglens-seg-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  source = await readDicomFolder(join(resolveDataDir(), 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume'));
  // Labels with both classes: the brightest voxels class 2, the next band class 1 (what is labelled does
  // not matter here, only that the file says who labelled it).
  const v = source.voxels as ArrayLike<number>;
  const sorted = Array.from(v).sort((a, b) => a - b);
  const [t1, t2] = [sorted[Math.floor(sorted.length * 0.9)], sorted[Math.floor(sorted.length * 0.97)]];
  labels = Uint8Array.from(v, (x) => (x >= t2 ? 2 : x >= t1 ? 1 : 0));
  ds = {
    displaySetInstanceUID: 'ds-1',
    StudyInstanceUID: source.dicom!.studyInstanceUID,
    SeriesInstanceUID: source.dicom!.seriesInstanceUID,
    Modality: 'MR',
    instances: [
      {
        SOPClassUID: source.dicom!.sopClassUID,
        PatientName: [{ Alphabetic: 'Hippo^Crop' }],
        PatientID: 'hc-1',
      } as never,
    ],
  };
});

/** What the panel does: plans the SEG on the main thread, writes it in the worker's handler. */
async function predictionSeg(
  entry: ModelEntry,
  card: ModelCard,
  labels: Uint8Array,
  source: Volume,
  ds: DisplaySet,
  date?: Date,
) {
  const plan = await planPredictionSeg(entry, card, source, ds, date);
  const reply = await HANDLERS.writeSeg(
    { type: 'writeSeg', id: 1, labels, source: plan.source, options: plan.options },
    new AbortController().signal,
    () => undefined,
    {} as never,
  );
  return { ...plan, bytes: reply.value };
}

function dump(bytes: ArrayBuffer, name: string): string {
  const file = join(tmp, name);
  writeFileSync(file, Buffer.from(bytes));
  return execFileSync('dcmdump', ['+L', file], { encoding: 'utf8' });
}

describe('exported DICOM SEG provenance', () => {
  it('names the model, its card hash and its loss; AUTOMATIC; dcmdump parses it; labels round-trip', async () => {
    const rce = card('hippocampus-rce');
    const entry = entryFromCard(rce, 'http://x/hippocampus-rce/', 'shipped');
    const date = new Date(2026, 11, 3, 12, 45, 1);
    const seg = await predictionSeg(entry, rce, labels, source, ds, date);
    expect(seg.fileName).toBe('seglens-hippocampus-rce-20261203-124501.dcm');
    expect(seg.seriesDescription).toBe('seglens hippocampus-rce (rce)');
    const text = dump(seg.bytes, seg.fileName);
    expect(text).toMatch(/\(0008,103e\) LO \[seglens hippocampus-rce \(rce\)\]/);
    expect(text).toMatch(new RegExp(`\\(0020,0011\\) IS \\[${seg.seriesNumber}\\]`));
    expect(text).toMatch(/\(0010,0010\) PN \[Hippo\^Crop\]/);
    const hash = await cardVersion(rce);
    expect(hash).toMatch(/^card sha256:[0-9a-f]{16}$/);
    expect(text).toContain(`(0018,1020) LO [${hash}]`);
    expect((text.match(/\(0062,0008\) CS \[AUTOMATIC\]/g) ?? []).length).toBe(2);
    expect((text.match(/\(0062,0009\) LO \[hippocampus-rce\]/g) ?? []).length).toBe(2);
    expect(text).toContain('(0062,0006) ST [loss rce (penalty=l1, lambda=1, temperature=10)]');
    expect(text).toContain('(0070,0081) LO [Segmentation by hippocampus-rce trained with RCE(L1)]');
    expect(text).not.toMatch(/MANUAL|OHIF Brush|Research Derived/);
    const file = join(tmp, seg.fileName);
    const back = await readDicomSegFile(file, source);
    expect(back.segments.map((s) => s.label)).toEqual(['anterior hippocampus', 'posterior hippocampus']);
    expect(Buffer.from(back.labels.voxels as Uint8Array).equals(Buffer.from(labels))).toBe(true);
  });

  it('writes SEMIAUTOMATIC for a fine-tuned model, with the fine-tuning loss', async () => {
    const base = card('hippocampus-rce');
    const tuned: ModelCard = {
      ...base,
      name: 'hippocampus-rce-ft-20261203-120000',
      fineTuning: [
        {
          samples: 3,
          epochs: 1,
          learningRate: 1e-4,
          freezeEncoder: false,
          loss: { name: 'dice', options: {} },
          lossBefore: 0.5,
          lossAfter: 0.4,
          date: '2026-12-03T12:00:00Z',
        },
      ],
    };
    const entry = entryFromCard(tuned, 'indexeddb://hippocampus-rce-ft-20261203-120000', 'indexeddb');
    const seg = await predictionSeg(entry, tuned, labels, source, ds);
    const text = dump(seg.bytes, 'tuned.dcm');
    expect((text.match(/\(0062,0008\) CS \[SEMIAUTOMATIC\]/g) ?? []).length).toBe(2);
    expect(text).toContain('(0062,0006) ST [loss dice]');
    expect(seg.seriesDescription).toBe('seglens hippocampus-rce-ft-20261203-120000 (dice, fine-tuned)');
    expect(await cardVersion(tuned)).not.toBe(await cardVersion(base));
  });

  it('refuses labels that do not match the series, naming both sizes', async () => {
    const rce = card('hippocampus-rce');
    const entry = entryFromCard(rce, 'http://x/hippocampus-rce/', 'shipped');
    await expect(predictionSeg(entry, rce, labels.subarray(1), source, ds)).rejects.toThrow(
      `writeSeg: labels has ${labels.length - 1} voxels, the source ${source.dims.join('×')} = ${labels.length}`,
    );
  });

  it('gives every export its own series number and an ASCII file name without spaces', async () => {
    const d = new Date(2026, 11, 3, 9, 0, 0);
    const a = nextSeriesNumber(d);
    expect(a).toBeGreaterThanOrEqual(1000 + 9 * 3600);
    expect(nextSeriesNumber(d)).toBe(a + 1); // same second: still a new number
    const rce = card('hippocampus-rce');
    const named = { ...rce, name: 'Modèle foie 2 (CT)' };
    const entry = entryFromCard(named, 'http://x/foie/', 'shipped');
    const plan = await planPredictionSeg(entry, named, source, ds, d);
    expect(plan.fileName).toBe('seglens-Modele-foie-2-CT-20261203-090000.dcm');
    expect(plan.seriesNumber).toBe(a + 2);
  });
});
