// Loading a model over HTTP(S) (browser or Node): the card first, then model.json and each weight shard,
// every one verified against the card's SHA-256 before TF.js builds the network.
import { decodeModel } from './model-files';
import { sha256WebCrypto } from './sha256';
import type { SeglensModel } from './types';

export interface UrlLoadOptions {
  /** Defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** The folder URL of a model given as its folder, its model.json or its seglens.json. */
export function modelBaseUrl(url: string): string {
  const clean = url.split(/[?#]/)[0];
  if (/\.json$/i.test(clean)) return clean.slice(0, clean.lastIndexOf('/') + 1);
  return clean.endsWith('/') ? clean : `${clean}/`;
}

export async function loadModelFromUrl(url: string, options: UrlLoadOptions = {}): Promise<SeglensModel> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function')
    throw new Error('loadModelFromUrl: no fetch available; pass options.fetch');
  const base = modelBaseUrl(url);
  const read = async (name: string): Promise<Uint8Array> => {
    const fileUrl = base + name;
    let response: Response;
    try {
      response = await fetchFn(fileUrl, { signal: options.signal });
    } catch (error) {
      throw new Error(`loadModelFromUrl: cannot fetch ${fileUrl}: ${(error as Error).message}`);
    }
    if (!response.ok)
      throw new Error(`loadModelFromUrl: ${fileUrl} answered HTTP ${response.status} ${response.statusText}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  return decodeModel(read, sha256WebCrypto, base.replace(/\/$/, ''));
}
