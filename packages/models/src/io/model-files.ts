// A model as files (TF.js layers format: model.json + weight shards, plus the seglens.json card) and back.
// Encoding is deterministic, so the same weights always give the same bytes and hashes. Decoding checks
// every file against the card's size and SHA-256 before TF.js sees it.
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import {
  MODEL_CARD_FILE,
  networkChannels,
  validateModelCard,
  type FileRecord,
  type ModelCard,
} from '../card';
import { parseCardBytes } from '../card/validate';
// Importing the layer (not just the module) keeps its registration with TF.js's serialiser in every bundle.
import { InstanceNormalization } from '../unet/instance-norm';
import { encodeFloat16 } from './float16';
import type { Sha256 } from './sha256';
import { ModelIntegrityError, type ModelFiles, type SeglensModel } from './types';

export const MODEL_JSON = 'model.json';
/** TF.js's own shard size: small enough for browsers to cache each shard. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

export interface EncodeOptions {
  /** Overrides card.weightDtype. */
  weightDtype?: 'float32' | 'float16';
  shardBytes?: number;
}

interface ModelJson {
  format: string;
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: unknown;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
}

async function artifactsOf(net: LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await net.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightSpecs || artifacts.weightData === undefined)
    throw new Error('encodeModel: TF.js produced no weights');
  return artifacts;
}

function splitShards(bytes: Uint8Array, shardBytes: number): Uint8Array[] {
  const count = Math.max(1, Math.ceil(bytes.length / shardBytes));
  return Array.from({ length: count }, (_, i) =>
    bytes.subarray(i * shardBytes, Math.min(bytes.length, (i + 1) * shardBytes)),
  );
}

const encoder = new TextEncoder();

/** The network and card as files; the returned card lists every file's size and SHA-256. */
export async function encodeModel(
  model: SeglensModel,
  sha256: Sha256,
  options: EncodeOptions = {},
): Promise<{ files: ModelFiles; card: ModelCard }> {
  const weightDtype = options.weightDtype ?? model.card.weightDtype;
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  if (!Number.isInteger(shardBytes) || shardBytes < 1024)
    throw new Error(`encodeModel: shardBytes must be an integer >= 1024, got ${shardBytes}`);
  const artifacts = await artifactsOf(model.net);
  const raw = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  let specs = artifacts.weightSpecs as tf.io.WeightsManifestEntry[];
  let weightBytes: Uint8Array = raw;
  if (weightDtype === 'float16') {
    if (specs.some((s) => s.dtype !== 'float32'))
      throw new Error('encodeModel: float16 storage needs every weight to be float32');
    weightBytes = new Uint8Array(
      encodeFloat16(new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4)).buffer,
    );
    specs = specs.map((s) => ({ ...s, quantization: { dtype: 'float16' } }));
  }
  const shards = splitShards(weightBytes, shardBytes);
  const paths = shards.map((_, i) => `group1-shard${i + 1}of${shards.length}.bin`);
  const modelJson: ModelJson = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy ?? 'TensorFlow.js',
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths, weights: specs }],
  };
  const files: ModelFiles = new Map();
  files.set(MODEL_JSON, encoder.encode(JSON.stringify(modelJson)));
  shards.forEach((shard, i) => files.set(paths[i], shard));
  const records: FileRecord[] = [];
  for (const [path, bytes] of files) records.push({ path, bytes: bytes.length, sha256: await sha256(bytes) });
  const card = validateModelCard({ ...model.card, weightDtype, files: records }, 'encodeModel');
  files.set(MODEL_CARD_FILE, encoder.encode(`${JSON.stringify(card, null, 2)}\n`));
  return { files, card };
}

/** Reads one file of a model by its path relative to model.json. */
export type ReadModelFile = (path: string) => Promise<Uint8Array>;

/** Checks `bytes` against the card's record of `path`; throws ModelIntegrityError naming the file. */
export async function verifyFile(
  card: ModelCard,
  path: string,
  bytes: Uint8Array,
  sha256: Sha256,
  source: string,
): Promise<void> {
  const record = card.files.find((f) => f.path === path);
  if (!record)
    throw new Error(
      `Model ${source}: ${MODEL_CARD_FILE} lists no hash for ${path}, so it cannot be verified`,
    );
  const actual = await sha256(bytes);
  if (actual !== record.sha256 || bytes.length !== record.bytes) {
    throw new ModelIntegrityError(
      path,
      { sha256: record.sha256, bytes: record.bytes },
      { sha256: actual, bytes: bytes.length },
      source,
    );
  }
}

function parseModelJson(bytes: Uint8Array, card: ModelCard, source: string): ModelJson {
  let json: ModelJson;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as ModelJson;
  } catch (error) {
    throw new Error(`Model ${source}: ${MODEL_JSON} is not JSON (${(error as Error).message})`);
  }
  if (json.format !== 'layers-model' || !Array.isArray(json.weightsManifest) || json.modelTopology == null) {
    throw new Error(
      `Model ${source}: ${MODEL_JSON} is not a TF.js layers model (format '${String(json.format)}')`,
    );
  }
  const listed = json.weightsManifest.flatMap((g) => g.paths);
  const hashed = card.files.slice(1).map((f) => f.path);
  if (listed.join('\n') !== hashed.join('\n')) {
    throw new Error(
      `Model ${source}: ${MODEL_JSON} lists weight files [${listed.join(', ')}] but ${MODEL_CARD_FILE} hashes [${hashed.join(', ')}]`,
    );
  }
  const quantized = json.weightsManifest
    .flatMap((g) => g.weights)
    .some((w) => w.quantization?.dtype === 'float16');
  if (quantized !== (card.weightDtype === 'float16')) {
    throw new Error(
      `Model ${source}: ${MODEL_CARD_FILE} says weightDtype '${card.weightDtype}' but ${MODEL_JSON} ${quantized ? 'has' : 'has no'} float16 weights`,
    );
  }
  return json;
}

/** A LayersModel from in-memory artifacts, with an error naming the model's source. */
export async function buildNetwork(artifacts: tf.io.ModelArtifacts, source: string): Promise<LayersModel> {
  try {
    return await loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new Error(
      `Model ${source}: TF.js could not build the network (custom layers known: ${InstanceNormalization.className}): ${(error as Error).message}`,
    );
  }
}

/** Builds the network from verified bytes and checks that it matches the card's classes and channels. */
export async function networkFromBytes(
  modelJsonBytes: Uint8Array,
  weightBytes: Uint8Array[],
  card: ModelCard,
  source: string,
): Promise<LayersModel> {
  const json = parseModelJson(modelJsonBytes, card, source);
  const total = weightBytes.reduce((n, b) => n + b.length, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of weightBytes) {
    weightData.set(b, offset);
    offset += b.length;
  }
  const net = await buildNetwork(
    {
      modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weightData.buffer,
    },
    source,
  );
  const inShape = net.inputs[0].shape;
  const outShape = net.outputs[0].shape;
  if (
    inShape[inShape.length - 1] !== networkChannels(card.input) ||
    outShape[outShape.length - 1] !== card.classes.length
  ) {
    net.dispose();
    throw new Error(
      `Model ${source}: the network maps ${inShape[inShape.length - 1]} channel(s) to ${outShape[outShape.length - 1]} classes but the card says ${networkChannels(card.input)} channel(s) and ${card.classes.length} classes`,
    );
  }
  return net;
}

/** Loads a model through `read`, verifying the card first and then every file against it. */
export async function decodeModel(
  read: ReadModelFile,
  sha256: Sha256,
  source: string,
): Promise<SeglensModel> {
  const card = parseCardBytes(await read(MODEL_CARD_FILE), `${source}/${MODEL_CARD_FILE}`);
  if (card.files.length === 0)
    throw new Error(
      `Invalid model card ${source}/${MODEL_CARD_FILE}: files is empty, so nothing can be verified`,
    );
  const modelJsonBytes = await read(MODEL_JSON);
  await verifyFile(card, MODEL_JSON, modelJsonBytes, sha256, source);
  const shards: Uint8Array[] = [];
  for (const record of card.files.slice(1)) {
    const bytes = await read(record.path);
    await verifyFile(card, record.path, bytes, sha256, source);
    shards.push(bytes);
  }
  const net = await networkFromBytes(modelJsonBytes, shards, card, source);
  return { net, card };
}
