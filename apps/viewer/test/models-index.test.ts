import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelIndex } from '../src/contracts';
import { PRETRAINED_DIR } from '../src/paths';
import { startViewer, type RunningViewer } from '../src/server';
import { buildFixtureViewer, type BuiltViewer } from './helpers';

let viewer: BuiltViewer;
let server: RunningViewer;
beforeAll(async () => {
  viewer = await buildFixtureViewer();
  server = await startViewer({ port: 0, distDir: viewer.outDir });
});
afterAll(async () => {
  await server?.close();
  await viewer?.cleanup();
});

describe('/_seglens/models/', () => {
  it('index.json lists every shipped model with its full card', async () => {
    const response = await fetch(new URL('/_seglens/models/index.json', server.url));
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const index = (await response.json()) as ModelIndex;
    expect(index.format).toBe('seglens-model-index');
    expect(index.formatVersion).toBe(1);
    const folders = (await readdir(PRETRAINED_DIR, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(folders.length).toBeGreaterThanOrEqual(5);
    expect(index.models.map((m) => m.name)).toEqual(folders);
    for (const model of index.models) {
      expect(model.path).toBe(`${model.name}/`);
      expect(model.card).toEqual(
        JSON.parse(await readFile(path.join(PRETRAINED_DIR, model.name, 'seglens.json'), 'utf8')),
      );
    }
  });

  it('serves each model file byte for byte next to the index', async () => {
    const index = (await (
      await fetch(new URL('/_seglens/models/index.json', server.url))
    ).json()) as ModelIndex;
    for (const model of index.models) {
      const files = await readdir(path.join(PRETRAINED_DIR, model.name));
      const listed = (model.card.files as { path: string }[]).map((f) => f.path);
      expect(files).toEqual(expect.arrayContaining(['seglens.json', 'model.json', ...listed]));
      for (const file of files) {
        const served = Buffer.from(
          await (await fetch(new URL(`/_seglens/models/${model.path}${file}`, server.url))).arrayBuffer(),
        );
        expect(served.equals(await readFile(path.join(PRETRAINED_DIR, model.name, file)))).toBe(true);
      }
    }
  });
});
