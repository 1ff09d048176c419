import { createModelCard, validateModelCard, type ModelCard } from '../../src/card';

function card(): ModelCard {
  return createModelCard({
    name: 'hippocampus-rce',
    task: 'hippocampus',
    modality: 'MR',
    classNames: ['background', 'anterior', 'posterior'],
    input: { channels: 1, size: [48, 48], sliceAxis: 2, fit: 'pad', normalization: { kind: 'zscore' } },
    architecture: { inputChannels: 1, classes: 3, depth: 4, baseFilters: 8 },
  });
}

type Edit = (c: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('validateModelCard', () => {
  it('accepts a created card and fills the palette', () => {
    const c = card();
    expect(validateModelCard(JSON.parse(JSON.stringify(c)), 'x')).toEqual(c);
    expect(c.classes.map((k) => k.color)).toEqual([
      [0, 0, 0],
      [230, 25, 75],
      [60, 180, 75],
    ]);
    expect(c.architecture).not.toHaveProperty('seed');
  });

  it.each<[string, Edit, string]>([
    ['format', (c) => (c.format = 'other'), 'format must be \'seglens-model-card\', got "other"'],
    [
      'version',
      (c) => (c.formatVersion = 2),
      'formatVersion must be 1 (this version of @seglens/models), got number 2',
    ],
    ['name', (c) => (c.name = ''), 'name must be a non-empty string, got ""'],
    [
      'one class',
      (c) => (c.classes = [c.classes[0]]),
      'classes must be an array of at least 2, got an array of 1',
    ],
    [
      'class order',
      (c) => (c.classes[1].index = 2),
      'classes[1].index must be 1 (classes are listed in output order), got number 2',
    ],
    [
      'duplicate name',
      (c) => (c.classes[2].name = 'anterior'),
      'classes[2].name must be a name no other class has, got "anterior"',
    ],
    [
      'colour range',
      (c) => (c.classes[1].color = [0, 256, 0]),
      'classes[1].color[1] must be an integer 0-255, got number 256',
    ],
    [
      'classes vs architecture',
      (c) => (c.architecture.classes = 2),
      'architecture.classes must be the number of classes listed (3), got number 2',
    ],
    [
      'bad architecture',
      (c) => (c.architecture.depth = 0),
      'architecture is not a valid U-Net configuration: UNetConfig.depth must be a positive integer, got 0',
    ],
    [
      'channels',
      (c) => (c.input.channels = 3),
      'input.channels must be architecture.inputChannels (1), got number 3',
    ],
    [
      'size divisibility',
      (c) => (c.input.size = [48, 44]),
      'input.size[1] must be a multiple of 8 (2^(architecture.depth-1)), got number 44',
    ],
    ['axis', (c) => (c.input.sliceAxis = 3), 'input.sliceAxis must be 0, 1 or 2, got number 3'],
    [
      'orientation',
      (c) => (c.input.orientation = 'RAR'),
      'input.orientation must be an orientation code: three upper-case letters, one of L/R, one of P/A and one of S/I (e.g. \'RAS\'), got "RAR"',
    ],
    ['fit', (c) => (c.input.fit = 'stretch'), "input.fit must be 'resize' or 'pad', got \"stretch\""],
    [
      'normalisation kind',
      (c) => (c.input.normalization = { kind: 'robust' }),
      "input.normalization.kind must be 'none', 'zscore', 'minmax', 'percentile', 'fixed' or 'window', got \"robust\"",
    ],
    [
      'window order',
      (c) => (c.input.normalization = { kind: 'window', lower: 275, upper: -125 }),
      'input.normalization.upper must be a number above 275, got number -125',
    ],
    [
      'window bound',
      (c) => (c.input.normalization = { kind: 'window', lower: '-125', upper: 275 }),
      'input.normalization.lower must be a finite number, got "-125"',
    ],
    [
      'percentile order',
      (c) => (c.input.normalization = { kind: 'percentile', lower: 99, upper: 1 }),
      'input.normalization.upper must be a percentile in (99, 100], got number 1',
    ],
    [
      'fixed std',
      (c) => (c.input.normalization = { kind: 'fixed', mean: [0], std: [0] }),
      'input.normalization.std[0] must be a positive number, got number 0',
    ],
    [
      'fixed length',
      (c) => (c.input.normalization = { kind: 'fixed', mean: [0, 0, 0], std: [1] }),
      'input.normalization.mean must be an array of 1 numbers, got an array of 3',
    ],
    [
      'weight dtype',
      (c) => (c.weightDtype = 'int8'),
      "weightDtype must be 'float32' or 'float16', got \"int8\"",
    ],
    [
      'file hash',
      (c) => (c.files = [{ path: 'model.json', bytes: 3, sha256: 'ABC' }]),
      'files[0].sha256 must be 64 lower-case hex digits, got "ABC"',
    ],
    [
      'file path',
      (c) => (c.files = [{ path: '../model.json', bytes: 3, sha256: 'a'.repeat(64) }]),
      'files[0].path must be a plain relative file name, got "../model.json"',
    ],
    [
      'model.json first',
      (c) => (c.files = [{ path: 'w.bin', bytes: 3, sha256: 'a'.repeat(64) }]),
      'files[0].path must be \'model.json\', got "w.bin"',
    ],
    [
      'training loss',
      (c) => (c.training = { loss: { name: 'rce' } }),
      'training.loss.options must be an object, got nothing',
    ],
    [
      'validation convolution',
      (c) =>
        (c.validation = {
          cases: 1,
          nsdTolerance: 1,
          meanForegroundDsc: 0.5,
          perClass: [],
          convolution: 'fft',
        }),
      "validation.convolution must be one of 'winograd4', 'winograd', 'direct' (or absent), got \"fft\"",
    ],
    ['not an object', (c) => (c.input = null), 'input must be an object, got null'],
  ])('rejects a bad %s', (_, edit, message) => {
    const c = JSON.parse(JSON.stringify(card()));
    edit(c);
    expect(() => validateModelCard(c, 'dir/seglens.json')).toThrow(
      `Invalid model card dir/seglens.json: ${message}`,
    );
  });

  it('keeps a CT window through a JSON round trip', () => {
    const c = JSON.parse(JSON.stringify(card()));
    c.input.normalization = { kind: 'window', lower: -125, upper: 275 };
    expect(validateModelCard(c, 'x').input.normalization).toEqual({
      kind: 'window',
      lower: -125,
      upper: 275,
    });
  });

  it('keeps the training orientation, and accepts cards without one (older files)', () => {
    const c = JSON.parse(JSON.stringify(card()));
    expect(validateModelCard(c, 'x').input).not.toHaveProperty('orientation');
    c.input.orientation = 'RAS';
    expect(validateModelCard(c, 'x').input.orientation).toBe('RAS');
  });

  it('rejects what is not an object', () => {
    expect(() => validateModelCard([], 'c')).toThrow(
      'Invalid model card c: the card must be an object, got an array of 0',
    );
  });
});
