// `--model <dir|name>`: directories are taken as they are (a train --out folder too), shipped names resolve to
// packages/models/pretrained/<name>/, and everything else is a usage error listing what is available.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../src/errors';
import { availableShippedModels, pretrainedDir, resolveModelDir, SHIPPED_MODELS } from '../src/model-ref';
import { tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let pretrained: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  pretrained = path.join(dir, 'pretrained');
  // Only the card's presence decides what counts as a model folder here (loading verifies the rest).
  mkdirSync(path.join(pretrained, 'hippocampus-rce'), { recursive: true });
  writeFileSync(path.join(pretrained, 'hippocampus-rce', 'seglens.json'), '{}');
  mkdirSync(path.join(pretrained, 'notes'), { recursive: true });
  mkdirSync(path.join(dir, 'run', 'model'), { recursive: true });
  writeFileSync(path.join(dir, 'run', 'model', 'seglens.json'), '{}');
});
afterAll(() => cleanup());

function usage(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('resolveModelDir', () => {
  it('finds packages/models/pretrained through the installed @seglens/models', () => {
    expect(pretrainedDir()).toBe(
      path.resolve(__dirname, '..', '..', '..', 'packages', 'models', 'pretrained'),
    );
  });

  it('lists exactly the models committed in packages/models/pretrained', () => {
    expect([...SHIPPED_MODELS].sort()).toEqual(availableShippedModels());
  });

  it('takes directories relative to cwd, a train --out folder included', () => {
    expect(resolveModelDir('run', { cwd: dir, pretrained })).toBe(path.join(dir, 'run'));
    expect(usage(() => resolveModelDir('pretrained', { cwd: dir, pretrained }))).toBe(
      `--model pretrained: ${pretrained} holds no seglens.json (nor model/seglens.json), so it is not a seglens model directory`,
    );
  });

  it('resolves shipped names, and says which are present when one is not', () => {
    expect(availableShippedModels(pretrained)).toEqual(['hippocampus-rce']);
    expect(resolveModelDir('hippocampus-rce', { cwd: dir, pretrained })).toBe(
      path.join(pretrained, 'hippocampus-rce'),
    );
    expect(usage(() => resolveModelDir('polyp-dice', { cwd: dir, pretrained, flag: '--models' }))).toBe(
      `--models polyp-dice: the shipped model 'polyp-dice' is not in ${path.join(pretrained, 'polyp-dice')} (it has not been trained yet; available: hippocampus-rce). Train one with \`seglens train\` and pass its --out directory`,
    );
    expect(usage(() => resolveModelDir('unet', { cwd: dir, pretrained }))).toBe(
      `--model unet: no such directory, and not a shipped model name (shipped: ${SHIPPED_MODELS.join(', ')}; available: hippocampus-rce)`,
    );
  });
});
