// Model files: TF.js layers format plus the seglens.json card, with SHA-256 verification on every load.
export type { SeglensModel, ModelFiles } from './types';
export { ModelIntegrityError } from './types';
export {
  encodeModel,
  decodeModel,
  MODEL_JSON,
  DEFAULT_SHARD_BYTES,
  type EncodeOptions,
  type ReadModelFile,
} from './model-files';
export { float32ToFloat16Bits, encodeFloat16 } from './float16';
export { sha256WebCrypto, type Sha256 } from './sha256';
export { loadModelFromUrl, modelBaseUrl, type UrlLoadOptions } from './http';
export { saveModelToIndexedDB, loadModelFromIndexedDB, deleteModelFromIndexedDB } from './indexeddb';
export { listModelsInIndexedDB, type StoredModelInfo } from './card-store';
export { saveModelToDirectory, loadModelFromDirectory } from './node/model-dir';
export { recoverDirectoryAtomic, writeDirectoryAtomic } from './node/directory';
export { sha256Node } from './node/hash';
export { loadModel } from './load';
export { cloneModel } from './clone';
