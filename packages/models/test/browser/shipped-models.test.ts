// The rule that makes the browser test cover every shipped model: no pretrained/ folder means none shipped
// yet, but a pretrained/ folder that is empty or holds a folder without a card must fail, never skip.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shippedModels } from './harness/cases';

describe('shippedModels', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'seglens-shipped-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('finds none when there is no pretrained folder', () => {
    expect(shippedModels(join(root, 'pretrained'))).toEqual([]);
  });

  it('fails on an empty pretrained folder and on a model folder without seglens.json', async () => {
    expect(() => shippedModels(root)).toThrow(`${root} exists but holds no model folder`);
    await mkdir(join(root, 'polyp-dice'));
    expect(() => shippedModels(root)).toThrow(
      `shipped model folder ${join(root, 'polyp-dice')} has no seglens.json`,
    );
  });

  it('lists each model folder with its card', async () => {
    await mkdir(join(root, 'polyp-dice'));
    await writeFile(
      join(root, 'polyp-dice', 'seglens.json'),
      JSON.stringify({ name: 'polyp-dice', task: 'polyp' }),
    );
    expect(shippedModels(root)).toEqual([
      { name: 'polyp-dice', dir: join(root, 'polyp-dice'), card: { name: 'polyp-dice', task: 'polyp' } },
    ]);
  });
});
