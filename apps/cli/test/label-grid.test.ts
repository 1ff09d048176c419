// A label volume with its image's size but on another grid (here: a real hippocampus label map whose origin is
// moved 5 mm) would be scored against shifted anatomy. The CLI reads cases with @seglens/data's loader, so
// `evaluate` refuses such a pair with an error naming the label file, as training does.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DATASET_FOLDERS, datasetDir, readNiftiFile, writeNiftiFile } from '@seglens/data';
import { cli, tempDir } from './fixtures';

// A shipped model (by name): the test needs a model that fits hippocampus cases, not one trained here.
const MODEL = 'hippocampus-dice';
const CASES = ['hippocampus_001.nii.gz', 'hippocampus_003.nii.gz'];

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterAll(() => cleanup());

/** images/ + labels/ with the real CASES; the label of `shifted` (if any) is moved `mm` along x. */
async function hippocampusFolder(name: string, shifted?: string, mm = 5): Promise<string> {
  const source = datasetDir(DATASET_FOLDERS.hippocampus);
  const folder = path.join(dir, name);
  for (const sub of ['images', 'labels']) mkdirSync(path.join(folder, sub), { recursive: true });
  for (const file of CASES) {
    copyFileSync(path.join(source, 'images', file), path.join(folder, 'images', file));
    const label = path.join(source, 'labels', file);
    if (file !== shifted) {
      copyFileSync(label, path.join(folder, 'labels', file));
      continue;
    }
    const { volume } = await readNiftiFile(label, { labels: true });
    const [x, y, z] = volume.origin;
    await writeNiftiFile(
      path.join(folder, 'labels', file),
      { ...volume, origin: [x + mm, y, z] },
      { labels: true },
    );
  }
  return folder;
}

const evaluate = (folder: string) =>
  cli(['evaluate', '--model', MODEL, '--dataset', `folder:${folder}`, '--split', 'all', '--json', '--quiet']);

describe('cases whose label volume lies on another grid than its image', () => {
  it('evaluates the real pairs as they are (the control)', async () => {
    const r = await evaluate(await hippocampusFolder('as-is'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cases).toBe(2);
  });

  it('refuses a label map moved 5 mm, naming the label file and its image', async () => {
    const folder = await hippocampusFolder('shifted', CASES[1]);
    const r = await evaluate(folder);
    const label = path.join(folder, 'labels', CASES[1]);
    const image = path.join(folder, 'images', CASES[1]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `seglens evaluate: error: ${label}: label map has the size of its image ${image} but another origin, spacing or direction\n`,
    );
  });
});
