// Checks a parsed seglens.json field by field. Every error names the card's source and the JSON path of the
// offending field, and says what was expected and what was found, so a hand-edited card is easy to fix.
import { isOrientationCode } from '@seglens/data';
import { resolveUNetConfig, type UNetConfig } from '../unet/config';
import {
  MODEL_CARD_FORMAT,
  MODEL_CARD_VERSION,
  MAX_CONTEXT_SLICES,
  CONVOLUTION_ALGORITHM_NAMES,
  isConvolutionAlgorithm,
  networkChannels,
  type ClassInfo,
  type FileRecord,
  type InputSpec,
  type ModelCard,
  type InputNormalization,
} from './types';

type Json = Record<string, unknown>;

class CardError extends Error {}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new CardError(`${path} must be ${expected}, got ${describe(value)}`);
}

function object(value: unknown, path: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'an object', value);
  return value as Json;
}

function string(value: unknown, path: string, nonEmpty = true): string {
  if (typeof value !== 'string' || (nonEmpty && value.length === 0)) fail(path, 'a non-empty string', value);
  return value;
}

function number(
  value: unknown,
  path: string,
  check: (n: number) => boolean = Number.isFinite,
  expected = 'a finite number',
): number {
  if (typeof value !== 'number' || !check(value)) fail(path, expected, value);
  return value;
}

const isNonNegativeInteger = (n: number): boolean => Number.isInteger(n) && n >= 0;
const isPositiveInteger = (n: number): boolean => Number.isInteger(n) && n > 0;

function array(value: unknown, path: string, minLength = 0): unknown[] {
  if (!Array.isArray(value) || value.length < minLength)
    fail(path, minLength > 0 ? `an array of at least ${minLength}` : 'an array', value);
  return value;
}

function numbers(
  value: unknown,
  path: string,
  length: number,
  check: (n: number) => boolean,
  expected: string,
): number[] {
  const list = array(value, path);
  if (list.length !== length) fail(path, `an array of ${length} numbers`, value);
  return list.map((v, i) => number(v, `${path}[${i}]`, check, expected));
}

function classes(value: unknown): ClassInfo[] {
  const list = array(value, 'classes', 2);
  const seen = new Set<string>();
  return list.map((entry, i) => {
    const path = `classes[${i}]`;
    const c = object(entry, path);
    const index = number(
      c.index,
      `${path}.index`,
      (n) => n === i,
      `${i} (classes are listed in output order)`,
    );
    const name = string(c.name, `${path}.name`);
    if (seen.has(name)) fail(`${path}.name`, 'a name no other class has', name);
    seen.add(name);
    const color = numbers(
      c.color,
      `${path}.color`,
      3,
      (n) => Number.isInteger(n) && n >= 0 && n <= 255,
      'an integer 0-255',
    ) as ClassInfo['color'];
    return { index, name, color };
  });
}

function normalization(value: unknown, channels: number): InputNormalization {
  const path = 'input.normalization';
  const n = object(value, path);
  switch (n.kind) {
    case 'none':
    case 'zscore':
    case 'minmax':
      return { kind: n.kind };
    case 'percentile': {
      const inRange = (v: number) => v >= 0 && v <= 100;
      const lower = number(n.lower, `${path}.lower`, inRange, 'a percentile in [0, 100]');
      const upper = number(
        n.upper,
        `${path}.upper`,
        (v) => inRange(v) && v > lower,
        `a percentile in (${lower}, 100]`,
      );
      return { kind: 'percentile', lower, upper };
    }
    case 'fixed': {
      const mean = numbers(n.mean, `${path}.mean`, channels, Number.isFinite, 'a finite number');
      const std = numbers(
        n.std,
        `${path}.std`,
        channels,
        (v) => v > 0 && Number.isFinite(v),
        'a positive number',
      );
      return { kind: 'fixed', mean, std };
    }
    case 'window': {
      const lower = number(n.lower, `${path}.lower`);
      const upper = number(
        n.upper,
        `${path}.upper`,
        (v) => Number.isFinite(v) && v > lower,
        `a number above ${lower}`,
      );
      return { kind: 'window', lower, upper };
    }
    default:
      return fail(`${path}.kind`, "'none', 'zscore', 'minmax', 'percentile', 'fixed' or 'window'", n.kind);
  }
}

function input(value: unknown, architecture: UNetConfig): InputSpec {
  const i = object(value, 'input');
  const channels = number(i.channels, 'input.channels', isPositiveInteger, 'a positive integer');
  const contextSlices =
    i.contextSlices === undefined
      ? 0
      : number(
          i.contextSlices,
          'input.contextSlices',
          (n) => isNonNegativeInteger(n) && n <= MAX_CONTEXT_SLICES,
          `an integer 0-${MAX_CONTEXT_SLICES}`,
        );
  const seen = networkChannels({ channels, contextSlices });
  if (seen !== architecture.inputChannels)
    fail(
      contextSlices > 0 ? 'input.channels × (2·input.contextSlices + 1)' : 'input.channels',
      `architecture.inputChannels (${architecture.inputChannels})`,
      seen,
    );
  const size = numbers(i.size, 'input.size', 2, isPositiveInteger, 'a positive integer') as [number, number];
  const factor = 2 ** ((architecture.depth ?? 4) - 1);
  size.forEach((s, k) => {
    if (s % factor !== 0) fail(`input.size[${k}]`, `a multiple of ${factor} (2^(architecture.depth-1))`, s);
  });
  const sliceAxis = number(
    i.sliceAxis,
    'input.sliceAxis',
    (n) => n === 0 || n === 1 || n === 2,
    '0, 1 or 2',
  ) as 0 | 1 | 2;
  if (i.fit !== 'resize' && i.fit !== 'pad') fail('input.fit', "'resize' or 'pad'", i.fit);
  if (i.orientation !== undefined && !isOrientationCode(i.orientation))
    fail(
      'input.orientation',
      "an orientation code: three upper-case letters, one of L/R, one of P/A and one of S/I (e.g. 'RAS')",
      i.orientation,
    );
  return {
    channels,
    size,
    ...(i.orientation === undefined ? {} : { orientation: i.orientation }),
    sliceAxis,
    ...(i.contextSlices === undefined ? {} : { contextSlices }),
    fit: i.fit,
    normalization: normalization(i.normalization, channels),
  };
}

function architecture(value: unknown, classCount: number): UNetConfig {
  const a = object(value, 'architecture') as unknown as UNetConfig;
  try {
    resolveUNetConfig(a);
  } catch (error) {
    throw new CardError(`architecture is not a valid U-Net configuration: ${(error as Error).message}`);
  }
  if (a.classes !== classCount)
    fail('architecture.classes', `the number of classes listed (${classCount})`, a.classes);
  return a;
}

function files(value: unknown): FileRecord[] {
  const list = array(value, 'files');
  const result = list.map((entry, i) => {
    const path = `files[${i}]`;
    const f = object(entry, path);
    const name = string(f.path, `${path}.path`);
    if (name.includes('..') || name.startsWith('/') || name.includes('\\'))
      fail(`${path}.path`, 'a plain relative file name', name);
    return {
      path: name,
      bytes: number(f.bytes, `${path}.bytes`, isNonNegativeInteger, 'a byte count'),
      sha256: string(f.sha256, `${path}.sha256`).match(/^[0-9a-f]{64}$/)
        ? (f.sha256 as string)
        : fail(`${path}.sha256`, '64 lower-case hex digits', f.sha256),
    };
  });
  if (list.length > 0 && result[0].path !== 'model.json')
    fail('files[0].path', "'model.json'", result[0].path);
  return result;
}

function nullableObject(value: unknown, path: string): Json | null {
  return value === null || value === undefined ? null : object(value, path);
}

/**
 * Validates a parsed seglens.json and returns it typed. `source` (a path, URL or IndexedDB key) starts every
 * error message. The training, validation and fine-tuning records are checked for their shape only where a
 * consumer relies on them (loss name, seed, epochs); anything else there is informational.
 */
export function validateModelCard(json: unknown, source = 'seglens.json'): ModelCard {
  try {
    const card = object(json, 'the card');
    if (card.format !== MODEL_CARD_FORMAT) fail('format', `'${MODEL_CARD_FORMAT}'`, card.format);
    if (card.formatVersion !== MODEL_CARD_VERSION)
      fail('formatVersion', `${MODEL_CARD_VERSION} (this version of @seglens/models)`, card.formatVersion);
    const name = string(card.name, 'name');
    const task = string(card.task, 'task');
    const modality = string(card.modality, 'modality');
    if (card.description !== undefined) string(card.description, 'description', false);
    const classList = classes(card.classes);
    const arch = architecture(card.architecture, classList.length);
    const inputSpec = input(card.input, arch);
    if (card.weightDtype !== 'float32' && card.weightDtype !== 'float16')
      fail('weightDtype', "'float32' or 'float16'", card.weightDtype);
    const training = nullableObject(card.training, 'training');
    if (training) {
      const loss = object(training.loss, 'training.loss');
      string(loss.name, 'training.loss.name');
      object(loss.options, 'training.loss.options');
      object(training.dataset, 'training.dataset');
      array(object(training.dataset, 'training.dataset').trainCases, 'training.dataset.trainCases');
      number(training.seed, 'training.seed', Number.isInteger, 'an integer');
      number(training.epochs, 'training.epochs', isNonNegativeInteger, 'a non-negative integer');
      array(training.history, 'training.history');
    }
    const validation = nullableObject(card.validation, 'validation');
    if (validation) {
      array(validation.perClass, 'validation.perClass');
      const c = validation.convolution;
      if (c !== undefined && !isConvolutionAlgorithm(c))
        fail('validation.convolution', `one of ${CONVOLUTION_ALGORITHM_NAMES} (or absent)`, c);
    }
    const fineTuning = card.fineTuning === undefined ? [] : array(card.fineTuning, 'fineTuning');
    const fileList = files(card.files);
    const createdAt = string(card.createdAt, 'createdAt');
    return {
      ...(card as unknown as ModelCard),
      name,
      task,
      modality,
      classes: classList,
      architecture: arch,
      input: inputSpec,
      fineTuning: fineTuning as ModelCard['fineTuning'],
      files: fileList,
      createdAt,
    };
  } catch (error) {
    if (error instanceof CardError) throw new Error(`Invalid model card ${source}: ${error.message}`);
    throw error;
  }
}

/** A seglens.json file's bytes as a validated card; errors name `source`. */
export function parseCardBytes(bytes: Uint8Array, source: string): ModelCard {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`Invalid model card ${source}: not JSON (${(error as Error).message})`);
  }
  return validateModelCard(json, source);
}
