// The SEG provenance planned from the shipped model cards: every writer (CLI predict, the DICOMweb batch, the
// viewer's export) takes these fields from here, so they are checked once on the real cards.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateModelCard, type ModelCard } from '../../src/card';
import {
  cardVersion,
  planSegProvenance,
  segFileName,
  seriesNumberAt,
  seriesNumberFor,
} from '../../src/card/provenance';

const PRETRAINED = path.join(__dirname, '../../pretrained');
const shipped = (name: string): ModelCard =>
  validateModelCard(JSON.parse(readFileSync(path.join(PRETRAINED, name, 'seglens.json'), 'utf8')), name);
/** The hash computed independently with node:crypto (the planner uses WebCrypto, as browsers do). */
const nodeVersion = (card: ModelCard): string =>
  `card sha256:${createHash('sha256').update(JSON.stringify(card)).digest('hex').slice(0, 16)}`;

function fineTuned(base: ModelCard): ModelCard {
  return {
    ...base,
    name: `${base.name}-ft-20261203-120000`,
    fineTuning: [
      {
        samples: 3,
        epochs: 1,
        learningRate: 1e-4,
        freezeEncoder: false,
        loss: { name: 'dice', options: { smooth: 0, ignoreIndex: 255 } },
        lossBefore: 0.5,
        lossAfter: 0.4,
        date: '2026-12-03T12:00:00Z',
      },
    ],
  };
}

describe('planSegProvenance on the shipped cards', () => {
  it.each([
    [
      'hippocampus-rce',
      'AUTOMATIC',
      'RCE(L1)',
      'seglens hippocampus-rce (rce)',
      'loss rce (penalty=l1, lambda=1, temperature=10)',
      ['anterior hippocampus', 'posterior hippocampus'],
    ],
    [
      'hippocampus-ce',
      'AUTOMATIC',
      'CE',
      'seglens hippocampus-ce (crossEntropy)',
      'loss crossEntropy',
      ['anterior hippocampus', 'posterior hippocampus'],
    ],
    [
      'polyp-dice',
      'AUTOMATIC',
      'Dice',
      'seglens polyp-dice (dice)',
      'loss dice (smooth=0, includeBackground=true)',
      ['polyp'],
    ],
  ])('%s: %s, loss %s, "%s", "%s"', async (name, type, lossName, seriesDescription, description, labels) => {
    const card = shipped(name);
    const p = await planSegProvenance(card);
    expect(p.algorithm).toEqual({ type, name, modelName: name, lossName, version: nodeVersion(card) });
    expect(p.seriesDescription).toBe(seriesDescription);
    expect(p.segments.map((s) => [s.labelValue, s.label, s.description])).toEqual(
      labels.map((l, i) => [i + 1, l, description]),
    );
    expect(p.segments.map((s) => s.rgb)).toEqual(card.classes.slice(1).map((c) => c.color));
    expect(p.fineTuned).toBe(false);
  });

  it('a fine-tuned model is SEMIAUTOMATIC with its fine-tuning loss and its own version', async () => {
    const base = shipped('hippocampus-rce');
    const tuned = fineTuned(base);
    const p = await planSegProvenance(tuned);
    expect(p.algorithm.type).toBe('SEMIAUTOMATIC');
    expect(p.algorithm.lossName).toBe('Dice');
    expect(p.seriesDescription).toBe('seglens hippocampus-rce-ft-20261203-120000 (dice, fine-tuned)');
    expect(p.segments[0].description).toBe('loss dice (smooth=0)');
    expect(p.algorithm.version).toBe(nodeVersion(tuned));
    expect(p.algorithm.version).not.toBe(await cardVersion(base));
  });

  it('cuts a long series description to a DICOM LO (64 characters)', async () => {
    const card = { ...shipped('polyp-rce'), name: `polyp-${'x'.repeat(80)}` };
    expect((await planSegProvenance(card)).seriesDescription).toBe(`seglens polyp-${'x'.repeat(50)}`);
  });

  it('names a card without a name', async () => {
    await expect(planSegProvenance({ ...shipped('polyp-rce'), name: ' ' })).rejects.toThrow(
      'planSegProvenance: the model card has no name (got " ")',
    );
  });
});

describe('file names and series numbers', () => {
  const d = new Date(2026, 11, 3, 9, 0, 7);
  it.each([
    ['hippocampus-rce', 'seglens-hippocampus-rce-20261203-090007.dcm'],
    ['Modèle foie 2 (CT)', 'seglens-Modele-foie-2-CT-20261203-090007.dcm'],
    ['../étrange/ñame', 'seglens-etrange-name-20261203-090007.dcm'],
    ['肝臓', 'seglens-model-20261203-090007.dcm'],
  ])('%s → %s', (name, file) => {
    expect(segFileName(name, d)).toBe(file);
    expect(file).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('gives each export at a second of the day its own number, never one given before', () => {
    expect(seriesNumberAt(d)).toBe(1000 + 9 * 3600 + 7);
    expect(seriesNumberAt(d, 1000 + 9 * 3600 + 7)).toBe(1000 + 9 * 3600 + 8);
    expect(seriesNumberAt(new Date(2026, 11, 3, 23, 59, 59))).toBe(87399);
  });

  it('gives the CLI a number fixed by model version and source series', async () => {
    const v = await cardVersion(shipped('hippocampus-rce'));
    const uid = '1.2.826.0.1.3680043.2.1125.1';
    const hex = createHash('sha256').update(`${v}|${uid}`).digest('hex');
    const n = await seriesNumberFor(v, uid);
    expect(n).toBe(100000 + (parseInt(hex.slice(0, 8), 16) % 900000));
    expect(await seriesNumberFor(v, uid)).toBe(n);
    expect(await seriesNumberFor(v, `${uid}.2`)).not.toBe(n);
    expect(n).toBeGreaterThan(87399);
  });
});
