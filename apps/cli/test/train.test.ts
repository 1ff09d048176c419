// `seglens train`: an interrupted run keeps the checkpoint of its last finished epoch and resumes from it;
// the card records the loss as trained; folder datasets get their classes and normalisation from the files.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DATASET_FOLDERS, datasetDir } from '@seglens/data';
import type { OutputStream } from '../src/io';
import { MemoryStream } from '../src/io';
import { runCli } from '../src/main';
import { DATASET_PRESETS } from '@seglens/models';
import { augmentOptions } from '../src/commands/train-options';
import { cli, tempDir, TINY } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('seglens train', () => {
  it('stops cleanly on abort, keeps the last checkpoint, and resumes from it', async () => {
    const out = path.join(dir, 'rce-kl');
    const argv = [
      'train',
      '--dataset',
      'hippocampus',
      '--loss',
      'rce',
      '--penalty',
      'kl',
      '--limit',
      '6',
      '--out',
      out,
      ...TINY,
    ];
    // Abort (as Ctrl-C does through main()) as soon as the first epoch's row is printed.
    const controller = new AbortController();
    const rows: string[] = [];
    const stdout: OutputStream = {
      write(text: string) {
        rows.push(text);
        if (/^ +1 +\d/.test(text)) controller.abort();
        return true;
      },
    };
    const stderr = new MemoryStream();
    const code = await runCli([...argv, '--epochs', '5'], { stdout, stderr, signal: controller.signal });
    expect(code).toBe(130);
    expect(stderr.text()).toBe(
      `training stopped; the checkpoint of epoch 1 is intact in ${out}/checkpoint (continue with --resume)\nseglens train: interrupted\n`,
    );
    expect(rows[0]).toMatch(/^epoch +train loss +val loss +val DSC +lr +time +best\n-/);
    expect(readJson(path.join(out, 'checkpoint', 'training-state.json')).epochsDone).toBe(1);
    expect(readJson(path.join(out, 'model', 'seglens.json')).training.history).toHaveLength(1);

    const again = await cli([...argv, '--epochs', '2']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      `--out ${out} already holds a training checkpoint; pass --resume to continue it or --overwrite to start again`,
    );

    const resumed = await cli([...argv, '--epochs', '2', '--resume', '--json']);
    expect(resumed.code).toBe(0);
    const json = JSON.parse(resumed.stdout);
    expect(json).toMatchObject({
      out,
      model: path.join(out, 'model'),
      name: 'hippocampus-rce',
      loss: 'RCE(DKL)',
      resumedFrom: 1,
    });
    expect(json.history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2]);
    const card = readJson(path.join(out, 'model', 'seglens.json'));
    // The KL penalty's λ of the paper (0.1) is what the card records, with every other option.
    expect(card.training.loss).toEqual({
      name: 'rce',
      options: { penalty: 'kl', lambda: 0.1, temperature: 10, ignoreIndex: 255 },
    });
    expect(card.training.dataset.name).toBe('msd-hippocampus');
    expect(card.training.dataset.trainCases).toHaveLength(5);
    expect(card.input).toMatchObject({
      size: [32, 32],
      fit: 'pad',
      normalization: { kind: 'percentile', lower: 0.5, upper: 99.5 },
    });
    expect(card.architecture).toMatchObject({
      depth: 3,
      baseFilters: 8,
      normalization: 'batch',
      inputChannels: 1,
      classes: 3,
    });
    // The default decoder is not named, as in every card made before --upsampling existed.
    expect(card.architecture.upsampling).toBeUndefined();
  });

  it('--upsampling bilinear: a decoder without transposed convolutions, recorded in the card, that evaluate runs', async () => {
    const out = path.join(dir, 'bilinear');
    const r = await cli([
      'train',
      '--dataset',
      'hippocampus',
      '--loss',
      'dice',
      '--limit',
      '5',
      '--epochs',
      '1',
      '--upsampling',
      'bilinear',
      '--out',
      out,
      ...TINY,
    ]);
    expect(r.code).toBe(0);
    const card = readJson(path.join(out, 'model', 'seglens.json'));
    expect(card.architecture).toMatchObject({ depth: 3, upsampling: 'bilinear' });
    const layers = JSON.stringify(readJson(path.join(out, 'model', 'model.json')).modelTopology);
    expect(layers.match(/"class_name":"UpSampling2D"/g)).toHaveLength(2); // depth 3: two decoder levels
    expect(layers).not.toContain('Conv2DTranspose');
    const evaluated = await cli([
      'evaluate',
      '--model',
      out,
      '--dataset',
      'hippocampus',
      '--limit',
      '5',
      '--split',
      'all',
      '--json',
      '--quiet',
    ]);
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout).cases).toBe(5);
    const bad = await cli([
      'train',
      '--dataset',
      'hippocampus',
      '--loss',
      'dice',
      '--out',
      path.join(dir, 'y'),
      '--upsampling',
      'nearest',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--upsampling');
    expect(bad.stderr).toContain('nearest');
  });

  it('--context-slices 1: a 2.5-D network of three input channels, whose card evaluate reproduces', async () => {
    const out = path.join(dir, 'context');
    const r = await cli([
      'train',
      '--dataset',
      'hippocampus',
      '--loss',
      'rce',
      '--limit',
      '5',
      '--epochs',
      '1',
      '--context-slices',
      '1',
      '--out',
      out,
      ...TINY,
    ]);
    expect(r.code).toBe(0);
    const card = readJson(path.join(out, 'model', 'seglens.json'));
    expect(card.input).toMatchObject({ channels: 1, contextSlices: 1 });
    expect(card.architecture.inputChannels).toBe(3);
    // Training validated on slices prepared with their neighbours; evaluate segments whole volumes with
    // segment(), which gathers them itself: the same neighbours give the card's numbers.
    const evaluated = await cli([
      'evaluate',
      '--model',
      out,
      '--dataset',
      'hippocampus',
      '--limit',
      '5',
      '--split',
      'val',
      '--json',
      '--quiet',
    ]);
    expect(evaluated.code).toBe(0);
    const json = JSON.parse(evaluated.stdout);
    expect(json.cases).toBe(card.validation.cases);
    expect(json.meanForegroundDsc).toBeCloseTo(card.validation.meanForegroundDsc, 10);
    // measured as evaluate measures by default: Winograd's convolutions on wasm, and the card says so
    expect(card.validation.convolution).toBe('winograd4');
    const polyp = await cli([
      'train',
      '--dataset',
      'polyp',
      '--loss',
      'dice',
      '--out',
      path.join(dir, 'z'),
      '--context-slices',
      '2',
    ]);
    expect(polyp.code).toBe(2);
    expect(polyp.stderr).toContain('--context-slices 2 needs volumes; polyp frames are single 2-D images');
  });

  it('trains on a folder of images and masks, classes and normalisation from the files', async () => {
    // Four PolypGen frames copied into a temporary folder laid out as images/ + masks/.
    const source = path.join(datasetDir(DATASET_FOLDERS.polyp), 'val');
    const folder = path.join(dir, 'my-polyps');
    mkdirSync(path.join(folder, 'images'), { recursive: true });
    mkdirSync(path.join(folder, 'masks'), { recursive: true });
    for (const image of readdirSync(path.join(source, 'images')).sort().slice(0, 4)) {
      const stem = image.replace(/\.jpg$/, '');
      const mask = readdirSync(path.join(source, 'masks')).find((m) => m.startsWith(stem));
      copyFileSync(path.join(source, 'images', image), path.join(folder, 'images', image));
      copyFileSync(path.join(source, 'masks', mask!), path.join(folder, 'masks', mask!));
    }
    const out = path.join(dir, 'folder-run');
    const r = await cli([
      'train',
      '--dataset',
      `folder:${folder}`,
      '--loss',
      'crossEntropy',
      '--epochs',
      '1',
      '--out',
      out,
      '--size',
      '32',
      '--depth',
      '3',
      '--base-filters',
      '4',
      '--batch-size',
      '2',
      '--json',
      '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const card = readJson(path.join(out, 'model', 'seglens.json'));
    expect(card.name).toBe('my-polyps-crossEntropy');
    expect(card.classes.map((c: { name: string }) => c.name)).toEqual(['background', 'class 1']);
    expect(card.input).toEqual({
      channels: 3,
      size: [32, 32],
      orientation: 'LPS', // images are read with rows down (P) and columns to the left (L), as DICOM shows them
      sliceAxis: 2,
      fit: 'resize',
      normalization: { kind: 'fixed', mean: [0, 0, 0], std: [255, 255, 255] },
    });
    expect(card.training.dataset.trainCases.length + card.training.dataset.validationCases.length).toBe(4);
    expect(existsSync(path.join(out, 'checkpoint', 'optimizer.bin'))).toBe(true);
  });

  it('--rotate and --zoom add to the preset augmentation, are recorded in the card, and are checked', async () => {
    // On top of the preset's own (ct-abdomen: intensity only), or of an --augment mode.
    expect(
      augmentOptions('preset', { rotate: 15, zoom: [0.9, 1.1] }, DATASET_PRESETS['ct-abdomen'].augment),
    ).toEqual({ intensityScale: 0.1, intensityShift: 0.1, rotateDegrees: 15, zoom: [0.9, 1.1] });
    expect(augmentOptions('preset', {}, DATASET_PRESETS['ct-abdomen'].augment)).toBeUndefined();
    expect(augmentOptions('none', { rotate: 5 })).toEqual({ rotateDegrees: 5 });
    expect(augmentOptions('flips', { zoom: [1, 1.2] })).toEqual({
      flipHorizontal: true,
      flipVertical: true,
      zoom: [1, 1.2],
    });
    const out = path.join(dir, 'rotated');
    const r = await cli([
      'train',
      '--dataset',
      'hippocampus',
      '--loss',
      'dice',
      '--limit',
      '5',
      '--epochs',
      '1',
      '--rotate',
      '10',
      '--zoom',
      '0.9,1.1',
      '--out',
      out,
      ...TINY,
    ]);
    expect(r.code).toBe(0);
    // hippocampus's preset has no augmentation: the card has exactly the two added.
    expect(readJson(path.join(out, 'model', 'seglens.json')).training.augmentation).toEqual({
      rotateDegrees: 10,
      zoom: [0.9, 1.1],
    });
    for (const [flag, value, message] of [
      [
        '--zoom',
        '1.1,0.9',
        "--zoom must be two factors min,max with 0 < min <= max (e.g. 0.9,1.1), got '1.1,0.9'",
      ],
      ['--zoom', '0.9', "--zoom must be two factors min,max with 0 < min <= max (e.g. 0.9,1.1), got '0.9'"],
      ['--rotate', '200', '--rotate'],
    ]) {
      const bad = await cli([
        'train',
        '--dataset',
        'hippocampus',
        '--loss',
        'dice',
        '--out',
        path.join(dir, 'y'),
        flag,
        value,
      ]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(message);
    }
  });

  it('checks sizes and contradictory flags before reading any data', async () => {
    const size = await cli([
      'train',
      '--dataset',
      'hippocampus',
      '--loss',
      'dice',
      '--out',
      path.join(dir, 'x'),
      '--size',
      '50',
    ]);
    expect([size.code, size.stderr.split('\n')[0]]).toEqual([
      2,
      'seglens train: --size 50 must be divisible by 8 (2^(depth-1) for --depth 4); e.g. 48',
    ]);
    const both = await cli([
      'train',
      '--dataset',
      'hippocampus',
      '--loss',
      'dice',
      '--out',
      path.join(dir, 'x'),
      '--resume',
      '--overwrite',
    ]);
    expect([both.code, both.stderr.split('\n')[0]]).toEqual([
      2,
      'seglens train: --resume and --overwrite contradict each other: choose one',
    ]);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  });
});
