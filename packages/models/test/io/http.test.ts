// Loading over HTTP from a server on the loopback address, serving a saved model directory.
import * as tf from '@tensorflow/tfjs-core';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadModel, modelBaseUrl, saveModelToDirectory } from '../../src/io';
import { predict, tinyModel, useWasm, withTempDir } from './fixtures';

function serve(
  dir: string,
  tamper?: (name: string, bytes: Buffer) => Buffer,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const name = (req.url ?? '').replace(/^\/models\/tiny\//, '');
    readFile(join(dir, name))
      .then((bytes) => res.end(tamper ? tamper(name, bytes) : bytes))
      .catch(() => {
        res.statusCode = 404;
        res.end();
      });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/tiny` }),
    ),
  );
}

describe('loadModel over HTTP', () => {
  beforeAll(useWasm);

  it('takes the folder, model.json or seglens.json URL', () => {
    expect(modelBaseUrl('https://h/m')).toBe('https://h/m/');
    expect(modelBaseUrl('https://h/m/model.json?v=2')).toBe('https://h/m/');
    expect(modelBaseUrl('https://h/m/seglens.json')).toBe('https://h/m/');
  });

  it('loads a served model with the same predictions, and names a damaged or missing file', async () => {
    const model = tinyModel();
    await withTempDir(async (dir) => {
      const card = await saveModelToDirectory(model, dir);
      const ok = await serve(dir);
      try {
        const loaded = await loadModel(`${ok.url}/model.json`);
        const x = tf.randomNormal([1, 16, 16, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
        expect(Array.from(predict(loaded, x))).toEqual(Array.from(predict(model, x)));
        x.dispose();
        loaded.net.dispose();
        await expect(loadModel(`${ok.url}/missing/`)).rejects.toThrow(
          `loadModelFromUrl: ${ok.url}/missing/seglens.json answered HTTP 404`,
        );
      } finally {
        ok.server.close();
      }
      const bad = await serve(dir, (name, bytes) => (name.endsWith('.bin') ? bytes.subarray(0, 64) : bytes));
      try {
        await expect(loadModel(bad.url)).rejects.toThrow(
          `Model file group1-shard1of1.bin in ${bad.url} is truncated (64 of ${card.files[1].bytes} bytes): sha256 expected ${card.files[1].sha256}`,
        );
      } finally {
        bad.server.close();
      }
    });
    model.net.dispose();
  });
});
