// The catalogue with the real shipped cards (packages/models/pretrained) and series read from real data:
// hippocampus MR DICOM, CT DICOM slices and a PolypGen colonoscopy frame.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  datasetDir,
  readDicomFolder,
  readImageFile,
  resolveDataDir,
  type Direction,
  type Volume,
} from '@seglens/data';
import { defaultSelection, fitsSeries, parseModelIndex, type CatalogEntry } from '../../src/catalog';
import type { SeriesView } from '../../src/panel/state';

const PRETRAINED = join(__dirname, '../../../models/pretrained');
const INDEX_URL = 'http://127.0.0.1:3000/_seglens/models/index.json';
const NAMES = readdirSync(PRETRAINED).sort();

/** The index as the viewer serves it. */
function shippedIndex(): {
  format: string;
  formatVersion: number;
  models: { name: string; path: string; card: unknown }[];
} {
  return {
    format: 'seglens-model-index',
    formatVersion: 1,
    models: NAMES.map((name) => ({
      name,
      path: `${name}/`,
      card: JSON.parse(readFileSync(join(PRETRAINED, name, 'seglens.json'), 'utf8')),
    })),
  };
}

function seriesOf(volume: Volume, modality: string, id: string): SeriesView {
  return {
    displaySetInstanceUID: id,
    description: id,
    modality,
    dims: [...volume.dims],
    channels: volume.channels,
  };
}

describe('catalogue', () => {
  let entries: CatalogEntry[];
  let mr: SeriesView;
  let ct: SeriesView;
  let frame: SeriesView;

  beforeAll(async () => {
    entries = parseModelIndex(shippedIndex(), INDEX_URL);
    const data = resolveDataDir();
    const hippocampus = await readDicomFolder(
      join(data, 'msd-hippocampus-dicom', 'Study1', '13_HCropVolume'),
    );
    mr = seriesOf(hippocampus, hippocampus.dicom!.modality!, 'mr');
    const liver = await readDicomFolder(join(data, 'ct-liver-dicom-seg', 'dicom'));
    ct = seriesOf(liver, liver.dicom!.modality!, 'ct');
    const images = join(datasetDir('polypgen-256'), 'val', 'images');
    const polyp = await readImageFile(join(images, readdirSync(images).sort()[0]));
    frame = seriesOf(polyp, 'XC', 'frame');
  });

  it('reads every shipped card into an entry keyed by its folder URL', () => {
    expect(NAMES).toEqual([
      'cardiac-ce',
      'cardiac-dice',
      'cardiac-rce',
      'ct-abdomen-ce',
      'ct-abdomen-dice',
      'ct-abdomen-rce',
      'hippocampus-ce',
      'hippocampus-dice',
      'hippocampus-rce',
      'polyp-dice',
      'polyp-rce',
    ]);
    expect(entries.map((e) => [e.name, e.key, e.origin, e.task, e.modality, e.loss, e.channels])).toEqual([
      [
        'cardiac-ce',
        'http://127.0.0.1:3000/_seglens/models/cardiac-ce/',
        'shipped',
        'cardiac',
        'MR',
        'crossEntropy',
        1,
      ],
      [
        'cardiac-dice',
        'http://127.0.0.1:3000/_seglens/models/cardiac-dice/',
        'shipped',
        'cardiac',
        'MR',
        'dice',
        1,
      ],
      [
        'cardiac-rce',
        'http://127.0.0.1:3000/_seglens/models/cardiac-rce/',
        'shipped',
        'cardiac',
        'MR',
        'rce',
        1,
      ],
      [
        'ct-abdomen-ce',
        'http://127.0.0.1:3000/_seglens/models/ct-abdomen-ce/',
        'shipped',
        'ct-abdomen',
        'CT',
        'crossEntropy',
        1,
      ],
      [
        'ct-abdomen-dice',
        'http://127.0.0.1:3000/_seglens/models/ct-abdomen-dice/',
        'shipped',
        'ct-abdomen',
        'CT',
        'dice',
        1,
      ],
      [
        'ct-abdomen-rce',
        'http://127.0.0.1:3000/_seglens/models/ct-abdomen-rce/',
        'shipped',
        'ct-abdomen',
        'CT',
        'rce',
        1,
      ],
      [
        'hippocampus-ce',
        'http://127.0.0.1:3000/_seglens/models/hippocampus-ce/',
        'shipped',
        'hippocampus',
        'MR',
        'crossEntropy',
        1,
      ],
      [
        'hippocampus-dice',
        'http://127.0.0.1:3000/_seglens/models/hippocampus-dice/',
        'shipped',
        'hippocampus',
        'MR',
        'dice',
        1,
      ],
      [
        'hippocampus-rce',
        'http://127.0.0.1:3000/_seglens/models/hippocampus-rce/',
        'shipped',
        'hippocampus',
        'MR',
        'rce',
        1,
      ],
      [
        'polyp-dice',
        'http://127.0.0.1:3000/_seglens/models/polyp-dice/',
        'shipped',
        'polyp',
        'ES',
        'dice',
        3,
      ],
      ['polyp-rce', 'http://127.0.0.1:3000/_seglens/models/polyp-rce/', 'shipped', 'polyp', 'ES', 'rce', 3],
    ]);
    const at = NAMES.indexOf('hippocampus-rce');
    const card = shippedIndex().models[at].card as { classes: unknown; createdAt: string };
    expect(entries[at].classes).toEqual(card.classes);
    expect(entries[at].createdAt).toBe(card.createdAt);
    expect(entries[at].fineTunedFrom).toBeUndefined();
    expect(entries[at].input).toEqual({ size: [64, 64], fit: 'pad', sliceAxis: 2, orientation: 'RAS' });
    expect(entries[NAMES.indexOf('polyp-rce')].input).toEqual({
      size: [128, 128],
      fit: 'resize',
      sliceAxis: 2,
      orientation: 'LPS',
    });
  });

  it('judges the real series: modality, channels and slice size', () => {
    expect(mr.modality).toBe('MR');
    expect(ct.modality).toBe('CT');
    const reasons = (series: SeriesView) =>
      Object.fromEntries(entries.map((e) => [e.name, fitsSeries(e, series).reason ?? 'fits']));
    expect(reasons(mr)).toEqual({
      // The 128x128 cardiac models would have to enlarge the 35x51 hippocampus crop 2.5-3.7 times.
      'cardiac-ce': "slices are 35×51 pixels, too few for the model's 128×128 input (over 2× enlargement)",
      'cardiac-dice': "slices are 35×51 pixels, too few for the model's 128×128 input (over 2× enlargement)",
      'cardiac-rce': "slices are 35×51 pixels, too few for the model's 128×128 input (over 2× enlargement)",
      'ct-abdomen-ce': 'MR series, the model is for CT',
      'ct-abdomen-dice': 'MR series, the model is for CT',
      'ct-abdomen-rce': 'MR series, the model is for CT',
      'hippocampus-ce': 'fits',
      'hippocampus-dice': 'fits',
      'hippocampus-rce': 'fits',
      'polyp-dice': 'MR series, the model is for ES',
      'polyp-rce': 'MR series, the model is for ES',
    });
    expect(reasons(ct)).toEqual({
      'cardiac-ce': 'CT series, the model is for MR',
      'cardiac-dice': 'CT series, the model is for MR',
      'cardiac-rce': 'CT series, the model is for MR',
      // dcmqi's 3 liver slices (512x512) are what the CT models take.
      'ct-abdomen-ce': 'fits',
      'ct-abdomen-dice': 'fits',
      'ct-abdomen-rce': 'fits',
      'hippocampus-ce': 'CT series, the model is for MR',
      'hippocampus-dice': 'CT series, the model is for MR',
      'hippocampus-rce': 'CT series, the model is for MR',
      'polyp-dice': 'CT series, the model is for ES',
      'polyp-rce': 'CT series, the model is for ES',
    });
    expect(reasons(frame)['polyp-rce']).toBe('fits');
    expect(reasons(frame)['hippocampus-rce']).toBe('XC series, the model is for MR');
    const polyp = entries.find((e) => e.name === 'polyp-rce')!;
    const hippocampus = entries.find((e) => e.name === 'hippocampus-rce')!;
    for (const modality of ['ES', 'OT', 'xc'])
      expect(fitsSeries(polyp, { ...frame, modality })).toEqual({ fits: true });
    expect(fitsSeries(polyp, { ...frame, modality: 'MR' }).fits).toBe(false);
    expect(fitsSeries(polyp, { ...frame, channels: 1 })).toEqual({
      fits: false,
      reason: 'grey series, model expects RGB',
    });
    expect(fitsSeries(hippocampus, { ...mr, channels: 3 })).toEqual({
      fits: false,
      reason: 'RGB series, model expects grey',
    });
    expect(fitsSeries(hippocampus, { ...mr, modality: '' })).toEqual({
      fits: false,
      reason: 'the series has no modality; the model is for MR',
    });
    expect(fitsSeries(hippocampus, { ...mr, dims: [256, 256, 20] })).toEqual({
      fits: false,
      reason: "slices are 256×256 pixels, larger than the model's 64×64 input (it would crop them)",
    });
    expect(fitsSeries(hippocampus, { ...mr, dims: [64, 64, 1] })).toEqual({ fits: true });
    expect(fitsSeries(polyp, { ...frame, dims: [20, 300, 1] })).toEqual({
      fits: false,
      reason: "slices are 20×300 pixels, too few for the model's 128×128 input (over 2× enlargement)",
    });
    expect(fitsSeries(polyp, { ...frame, dims: [64, 64, 5] })).toEqual({ fits: true });
  });

  it("judges slice size in the model's training orientation when the series' planes are known", () => {
    const hippocampus = entries.find((e) => e.name === 'hippocampus-rce')!;
    // Axial (LPS): the model's axial slices are the images, 50 x 40.
    const axial = {
      ...mr,
      dims: [50, 40, 100] as SeriesView['dims'],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as Direction,
    };
    expect(fitsSeries(hippocampus, axial)).toEqual({ fits: true });
    // The same numbers as a sagittal stack (rows to P, columns to I, slices to R): the RAS model's axial slices
    // run across the images, R x A = 100 x 50, wider than its 64 x 64 input.
    const sagittal = { ...axial, direction: [0, 1, 0, 0, 0, -1, -1, 0, 0] as Direction };
    expect(fitsSeries(hippocampus, sagittal)).toEqual({
      fits: false,
      reason: "slices are 100×50 pixels, larger than the model's 64×64 input (it would crop them)",
    });
  });

  it('selects the RCE and the Dice model of the first fitting task', () => {
    const selected = (series: SeriesView) =>
      defaultSelection(entries, series)
        .filter((e) => e.selected)
        .map((e) => e.name);
    expect(selected(mr)).toEqual(['hippocampus-dice', 'hippocampus-rce']);
    expect(selected(frame)).toEqual(['polyp-dice', 'polyp-rce']);
    expect(selected(ct)).toEqual(['ct-abdomen-dice', 'ct-abdomen-rce']);
    const judged = defaultSelection(entries, mr);
    expect(judged.find((e) => e.name === 'hippocampus-ce')).toMatchObject({ fits: true, selected: false });
    expect(judged.find((e) => e.name === 'polyp-rce')).toMatchObject({
      fits: false,
      fitReason: 'MR series, the model is for ES',
      selected: false,
    });
    // Without an RCE or Dice model of that task, the first fitting one.
    const onlyCe = entries.filter((e) => e.name === 'hippocampus-ce' || e.name.startsWith('polyp'));
    expect(
      defaultSelection(onlyCe, mr)
        .filter((e) => e.selected)
        .map((e) => e.name),
    ).toEqual(['hippocampus-ce']);
  });

  it('names the index URL and the model in every error', () => {
    const where = `Model index ${INDEX_URL}`;
    const broken = shippedIndex();
    const at = NAMES.indexOf('hippocampus-dice');
    (broken.models[at].card as { input: { channels: number } }).input.channels = 2;
    expect(() => parseModelIndex(broken, INDEX_URL)).toThrow(
      `${where}: models[${at}] (hippocampus-dice): Invalid model card http://127.0.0.1:3000/_seglens/models/hippocampus-dice/seglens.json: input.channels must be architecture.inputChannels (1), got number 2`,
    );
    expect(() => parseModelIndex({ ...shippedIndex(), format: 'x' }, INDEX_URL)).toThrow(
      `${where}: format must be 'seglens-model-index', got "x"`,
    );
    expect(() => parseModelIndex({ ...shippedIndex(), models: {} }, INDEX_URL)).toThrow(
      `${where}: models must be an array, got object`,
    );
    expect(() => parseModelIndex([], INDEX_URL)).toThrow(`${where}: must be a JSON object, got an array`);
    const renamed = shippedIndex();
    renamed.models[0].name = 'other';
    expect(() => parseModelIndex(renamed, INDEX_URL)).toThrow(
      `${where}: models[0] (other): the card's name is "cardiac-ce", not "other"`,
    );
    const twice = shippedIndex();
    twice.models.push(twice.models[0]);
    expect(() => parseModelIndex(twice, INDEX_URL)).toThrow(
      `${where}: models[${NAMES.length}] (cardiac-ce): a model named "cardiac-ce" is listed twice`,
    );
    const noPath = shippedIndex();
    const polypAt = NAMES.indexOf('polyp-dice');
    noPath.models[polypAt].path = '';
    expect(() => parseModelIndex(noPath, INDEX_URL)).toThrow(
      `${where}: models[${polypAt}] (polyp-dice): path must be the model's folder relative to the index, got ""`,
    );
    expect(() => parseModelIndex(shippedIndex(), 'index.json')).toThrow(
      'Model index index.json: models[0] (cardiac-ce): path "cardiac-ce/" does not resolve against index.json (an absolute URL is needed)',
    );
  });
});
