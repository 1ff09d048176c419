// @seglens/losses/registry is what the viewer's main thread and model cards import, so it must load without
// TF.js (and without Node): no file reachable from src/registry/index.ts may import @tensorflow/* or a Node
// built-in. esbuild walks the real import graph, as the viewer's bundler does. The registry entry and the main
// entry are one registry: a spec's option check is its loss's own, and a loss registered through the main entry
// is listed by the registry entry.
import path from 'node:path';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
// Relative imports of the two entries' sources (the package's own tests do not import it by name); jest and
// esbuild resolve them as @seglens/losses and @seglens/losses/registry.
import * as losses from '../src';
import * as registry from '../src/registry';
import { randomCase } from './helpers/random';
import { useBackend, valueOf } from './helpers/setup';

const REPO = path.join(__dirname, '..', '..', '..');
const NODE_BUILTINS = new Set(builtinModules);

/** The repository files reachable from `entry`, and every import of a package as "importer -> package". */
async function importGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
    absWorkingDir: REPO,
    plugins: [
      {
        name: 'packages-external',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, ({ path: spec }) => ({ path: spec, external: true }));
        },
      },
    ],
  });
  const inputs = Object.entries(result.metafile.inputs);
  return {
    files: inputs.map(([file]) => file),
    packages: inputs.flatMap(([file, input]) =>
      input.imports.filter((i) => i.external).map((i) => `${file} -> ${i.path}`),
    ),
  };
}

describe('@seglens/losses/registry', () => {
  it('reaches no package at all, so no TF.js and no Node built-in', async () => {
    const { files, packages } = await importGraph(path.join(REPO, 'packages/losses/src/registry/index.ts'));
    const forbidden = packages.filter((p) => {
      const name = p.split(' -> ')[1];
      return name.startsWith('@tensorflow/') || name.startsWith('node:') || NODE_BUILTINS.has(name);
    });
    expect(forbidden).toEqual([]);
    expect(packages).toEqual([]);
    // The walk followed the imports: the option rules and the per-class-sum evaluation are in it.
    expect(files).toEqual(
      expect.arrayContaining([
        'packages/losses/src/registry/loss-options.ts',
        'packages/losses/src/registry/specs.ts',
        'packages/losses/src/class-sums.ts',
      ]),
    );
  });

  it('is the part that differs from the main entry, which does import TF.js', async () => {
    const { packages } = await importGraph(path.join(REPO, 'packages/losses/src/index.ts'));
    expect(packages).toContain('packages/losses/src/define.ts -> @tensorflow/tfjs-core');
    expect(packages).toContain('packages/losses/src/compound.ts -> @tensorflow/tfjs-core');
  });

  it('exports only names of the main entry, the same values', () => {
    for (const [name, value] of Object.entries(registry)) {
      expect([name, (losses as Record<string, unknown>)[name]]).toEqual([name, value]);
    }
  });
});

describe('a spec and its tensor loss check options alike', () => {
  beforeAll(() => useBackend('cpu'));

  // One bad value per option a loss can take, and a misspelt key.
  const bad: Record<string, unknown> = {
    lambda: -1,
    temperature: 0,
    gamma: Number.NaN,
    penalty: 'l2',
    smooth: -0.5,
    includeBackground: 'yes',
    classWeights: [0, 0],
    ignoreIndex: 1.5,
    validate: 1,
  };

  it.each(losses.lossNames.map((n) => [n]))('%s', (name) => {
    const spec = registry.lossSpecs[name];
    const fn = losses.lossRegistry[name].fn;
    expect(spec.optionKeys).toEqual(fn.optionKeys);
    const cases = [...spec.optionKeys, 'ignoreIndex', 'validate', 'lamda'].map((key) => ({
      [key]: bad[key] ?? 1,
    }));
    for (const options of cases) {
      const fromSpec = thrown(() => spec.checkOptions(options as never));
      expect(fromSpec.type).toBe(registry.LossOptionError);
      expect(fromSpec.loss).toBe(name);
      // The same class (one LossOptionError for both entries), the same fields and the same message.
      expect(thrown(() => fn.checkOptions(options as never))).toEqual(fromSpec);
      expect(
        thrown(() => valueOf(randomCase([1, 4, 4, 3], 1), (z, y) => fn(z, y, options as never))),
      ).toEqual(fromSpec);
    }
    // Good options pass both.
    expect(() => spec.checkOptions(losses.lossRegistry[name].defaults as never)).not.toThrow();
  });
});

/** What `f` threw, as the fields a caller reads: its class, loss, option, value and message. */
function thrown(f: () => unknown): Record<string, unknown> {
  try {
    f();
  } catch (error) {
    const e = error as InstanceType<typeof registry.LossOptionError>;
    return { type: e.constructor, loss: e.loss, option: e.option, value: e.value, message: e.message };
  }
  throw new Error('expected an error');
}

describe('one registry behind both entries', () => {
  it('lists a loss registered through the main entry', () => {
    const brier = losses.defineLoss(
      'brierRegistryEntry',
      ['temperature'],
      (o: (losses.CommonOptions & losses.TemperatureOptions) | undefined) => o?.temperature ?? 1,
      (): never => {
        throw new Error('the body is not called here');
      },
    );
    expect(registry.isLossName('brierRegistryEntry')).toBe(false);
    losses.registerLoss({
      name: 'brierRegistryEntry',
      label: 'Brier',
      description: 'test loss',
      equation: '—',
      reference: '—',
      defaults: {},
      fn: brier,
      trainable: true,
    });
    expect(registry.isLossName('brierRegistryEntry')).toBe(true);
    expect(registry.trainableLosses().pop()).toEqual({ value: 'brierRegistryEntry', label: 'Brier' });
    expect(registry.lossOptionSpecs('brierRegistryEntry' as never).map((s) => s.key)).toEqual([
      'temperature',
    ]);
    expect(registry.lossSpecs['brierRegistryEntry' as never]).not.toHaveProperty('fn');
  });
});
