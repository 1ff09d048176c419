// One entry point for every place a model can come from.
import { loadModelFromUrl, type UrlLoadOptions } from './http';
import { loadModelFromIndexedDB } from './indexeddb';
import { loadModelFromDirectory } from './node/model-dir';
import type { SeglensModel } from './types';

/**
 * Loads a model from `indexeddb://name`, an http(s):// URL (folder, model.json or seglens.json), or, in
 * Node, a directory path. Every file is verified against the card's SHA-256 before use.
 */
export async function loadModel(source: string, options: UrlLoadOptions = {}): Promise<SeglensModel> {
  if (typeof source !== 'string' || source.length === 0)
    throw new Error('loadModel: source must be a non-empty string');
  if (source.startsWith('indexeddb://')) return loadModelFromIndexedDB(source.slice('indexeddb://'.length));
  if (/^https?:\/\//i.test(source)) return loadModelFromUrl(source, options);
  if (/^file:\/\//i.test(source)) return loadModelFromDirectory(decodeURIComponent(new URL(source).pathname));
  return loadModelFromDirectory(source);
}
