// `seglens experiment`: the paper's comparison on your data: one training run per loss and seed (train's own
// flags passed through), each evaluated on the validation split, then one summary: mean and spread over seeds
// per loss, and the paired, per-case statistics of the first two losses (each case's metrics averaged over
// seeds first). Resumable: a run whose evaluation.json exists is done and skipped; an unfinished one continues
// from its checkpoint (train --resume-or-start).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@seglens/data';
import type { Command } from '../command';
import type { DistanceUnit } from '../distance-unit';
import { UsageError } from '../errors';
import type { ClassSummary, EvaluationSummary } from '../evaluation';
import type { CliIo } from '../io';
import { NULL_STREAM } from '../io';
import { parseFlags, type CommandSpec, type FlagSpec, type ParsedFlags } from '../options';
import { statisticsTables } from '../report/statistics-tables';
import { compareStatistics, type CaseSummary, type ClassStatistics, type ModelCases } from '../statistics';
import { fixed } from '../table';
import { runEvaluate } from './evaluate';
import { runTrain, trainOptions, trainSpec } from './train';
import { parseDatasetSpec } from '../datasets';

/** Train flags the experiment sets itself, per run. */
const OWN = new Set([
  'loss',
  'seed',
  'out',
  'resume',
  'resume-or-start',
  'overwrite',
  'json',
  'quiet',
  'name',
]);
const passed: FlagSpec[] = trainSpec.flags
  .filter((f) => !OWN.has(f.name))
  .map((f) => ({ ...f, required: false, group: 'training options (passed to every run)' }));

export const experimentSpec: CommandSpec = {
  name: 'experiment',
  summary: 'train a grid of losses × seeds, evaluate every run, and summarise with paired statistics',
  usage: '--dataset <name> --losses rce,dice,ce --seeds 1,2,3 --out <dir> [training options]',
  flags: [
    {
      name: 'losses',
      type: 'string',
      required: true,
      valueName: 'a,b,...',
      description: 'losses to train (train --loss names), comma-separated; the first two are paired',
    },
    {
      name: 'seeds',
      type: 'string',
      required: true,
      valueName: '1,2,...',
      description: 'seeds, comma-separated (integers ≥ 1)',
    },
    {
      name: 'out',
      type: 'string',
      required: true,
      valueName: 'dir',
      description: 'experiment folder: runs/<loss>-seed<s>/ and summary.md, summary.json',
    },
    ...passed.filter((f) => f.name !== 'dataset'),
    { ...trainSpec.flags.find((f) => f.name === 'dataset')!, required: true },
    { name: 'json', type: 'boolean', description: 'print the summary JSON instead of the Markdown' },
    { name: 'quiet', type: 'boolean', short: 'q', description: 'no progress on stderr' },
  ],
  details: [
    'Each run is `seglens train --loss <l> --seed <s> --out <out>/runs/<l>-seed<s> [your training options]`, then',
    '`seglens evaluate` of it on the validation split (per case, as evaluate --per-case) into',
    'runs/<l>-seed<s>/evaluation.json. Running the same command again skips finished runs and resumes others.',
    'summary.json: { "dataset", "losses", "seeds", "runs": [{ "loss", "seed", "dir", "status", "meanForegroundDsc" }],',
    '  "perLoss": [{ "loss", "meanForegroundDsc": { "mean", "sd", "min", "max" }, "perClass": [{ "name", "dsc",',
    '  "hd95", "signedProportionError": { "mean", "sd", "min", "max" } }] }], "perClass": [as compare --json] }',
  ],
  examples: [
    'seglens experiment --dataset hippocampus --losses rce,dice,ce --seeds 1,2,3 --epochs 6 --out runs/grid',
  ],
};

interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

function spread(xs: number[]): Spread {
  const v = xs.filter((x) => !Number.isNaN(x));
  if (v.length === 0) return { mean: Number.NaN, sd: Number.NaN, min: Number.NaN, max: Number.NaN };
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  // Sample standard deviation (n − 1): the spread a new seed would show; 0 for a single run.
  const sd = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) : 0;
  return { mean, sd, min: Math.min(...v), max: Math.max(...v) };
}

interface RunEvaluation {
  summary: EvaluationSummary;
  perCase: CaseSummary[];
  /** Unit of HD95 (distanceUnitOf the cases). Absent in runs evaluated before it was recorded. */
  distanceUnit?: DistanceUnit;
}

/**
 * The HD95 unit of runs recorded without one: polyp frames are 2-D images in pixels, ACDC's files lost their
 * voxel size (voxels), the other presets are in millimetres.
 */
function presetDistanceUnit(dataset: string): DistanceUnit | undefined {
  const spec = parseDatasetSpec(dataset);
  if (spec.kind === 'folder') return undefined;
  return spec.kind === 'polyp' ? 'px' : spec.kind === 'cardiac' ? 'voxels' : 'mm';
}

export interface ExperimentResult {
  dataset: string;
  /** Unit of HD95 in the tables ('' when runs of a folder dataset were evaluated before it was recorded). */
  distanceUnit: DistanceUnit | '';
  losses: string[];
  seeds: number[];
  runs: Array<{
    loss: string;
    seed: number;
    dir: string;
    status: 'trained' | 'skipped';
    meanForegroundDsc: number;
  }>;
  perLoss: Array<{
    loss: string;
    meanForegroundDsc: Spread;
    perClass: Array<{ name: string; dsc: Spread; hd95: Spread; signedProportionError: Spread }>;
  }>;
  perClass: ClassStatistics[];
  summary: { markdown: string; json: string };
}

function list(text: string, what: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${what} is empty`, 'experiment');
  if (new Set(items).size !== items.length)
    throw new UsageError(`--${what} ${text}: names a value twice`, 'experiment');
  return items;
}

/** The given training options as train arguments again. */
function forwarded(flags: ParsedFlags): string[] {
  const argv: string[] = [];
  for (const f of passed) {
    if (!flags.has(f.name)) continue;
    if (f.type === 'boolean') argv.push(`--${f.name}`);
    else if (f.variadic) argv.push(`--${f.name}`, ...flags.list(f.name));
    else argv.push(`--${f.name}`, String(flags.string(f.name)));
  }
  return argv;
}

/** Per case, each metric averaged over the seeds of one loss (cases are the same split for every run). */
function averageOverSeeds(loss: string, runs: RunEvaluation[]): ModelCases {
  const first = runs[0].perCase;
  return {
    name: loss,
    perCase: first.map((c, i) => ({
      id: c.id,
      perClass: c.perClass.map((k, j) => {
        // `?? NaN`: an evaluation.json written before a metric existed lacks it; it then averages to NaN.
        const mean = (key: Exclude<keyof ClassSummary, 'name'>) =>
          spread(runs.map((r) => r.perCase[i].perClass[j][key] ?? Number.NaN)).mean;
        return {
          name: k.name,
          dsc: mean('dsc'),
          iou: mean('iou'),
          hd95: mean('hd95'),
          nsd: mean('nsd'),
          trueProportion: mean('trueProportion'),
          predProportion: mean('predProportion'),
          predRegions: mean('predRegions'),
          falseRegionShare: mean('falseRegionShare'),
        };
      }),
    })),
  };
}

const pm = (s: Spread, d: number): string =>
  Number.isNaN(s.mean) ? '—' : `${s.mean.toFixed(d)} ± ${s.sd.toFixed(d)}`;

function markdown(r: Omit<ExperimentResult, 'summary'>): string {
  const lines = [
    `# seglens experiment: ${r.dataset}`,
    '',
    `Losses ${r.losses.join(', ')}; seeds ${r.seeds.join(', ')}; validation split. Mean ± sample SD over seeds.`,
    '',
  ];
  const classes = r.perLoss[0].perClass.map((c) => c.name);
  lines.push(
    `| loss | mean fg DSC | ${classes.map((c) => `${c} DSC | ${c} HD95${r.distanceUnit ? ` ${r.distanceUnit}` : ''} | ${c} pred − true`).join(' | ')} |`,
  );
  lines.push(`| --- | --- | ${classes.map(() => '--- | --- | ---').join(' | ')} |`);
  for (const l of r.perLoss)
    lines.push(
      `| ${l.loss} | ${pm(l.meanForegroundDsc, 3)} | ${l.perClass.map((c) => `${pm(c.dsc, 3)} | ${pm(c.hd95, 2)} | ${Number.isNaN(c.signedProportionError.mean) ? '—' : `${(c.signedProportionError.mean * 100).toFixed(2)}% ± ${(c.signedProportionError.sd * 100).toFixed(2)}`}`).join(' | ')} |`,
    );
  for (const t of statisticsTables(r.perClass, r.losses, r.distanceUnit)) {
    lines.push(
      '',
      `**${t.caption}** (per case, metrics averaged over seeds)`,
      '',
      `| ${t.header.join(' | ')} |`,
      `| ${t.header.map(() => '---').join(' | ')} |`,
    );
    for (const row of t.rows) lines.push(`| ${row.join(' | ')} |`);
  }
  lines.push('', '| loss | seed | mean fg DSC | run |', '| --- | --- | --- | --- |');
  for (const run of r.runs)
    lines.push(`| ${run.loss} | ${run.seed} | ${fixed(run.meanForegroundDsc, 3)} | ${run.dir} |`);
  return `${lines.join('\n')}\n`;
}

export async function runExperiment(flags: ParsedFlags, io: CliIo): Promise<ExperimentResult> {
  const losses = list(flags.requireString('losses'), 'losses');
  if (losses.length < 2) throw new UsageError('--losses needs at least two losses to compare', 'experiment');
  const seeds = list(flags.requireString('seeds'), 'seeds').map((s) => {
    if (!/^\d+$/.test(s) || Number(s) < 1)
      throw new UsageError(
        `--seeds: ${s} is not an integer ≥ 1 (TF.js treats seed 0 as no seed)`,
        'experiment',
      );
    return Number(s);
  });
  const datasetText = flags.requireString('dataset');
  parseDatasetSpec(datasetText); // a bad --dataset is a usage error before any run
  const cwd = io.cwd ?? process.cwd();
  const out = path.resolve(cwd, flags.requireString('out'));
  const quiet = flags.boolean('quiet');
  const log = (line: string) => {
    if (!quiet) io.stderr.write(`${line}\n`);
  };
  const train = forwarded(flags);
  const runs: ExperimentResult['runs'] = [];
  const byLoss = new Map<string, RunEvaluation[]>();
  for (const loss of losses) {
    for (const seed of seeds) {
      const dir = path.join(out, 'runs', `${loss}-seed${seed}`);
      const evaluationFile = path.join(dir, 'evaluation.json');
      let evaluation: RunEvaluation | undefined;
      try {
        evaluation = JSON.parse(await readFile(evaluationFile, 'utf8')) as RunEvaluation;
      } catch {
        evaluation = undefined;
      }
      const status = evaluation ? 'skipped' : 'trained';
      if (!evaluation) {
        log(`experiment: training ${loss}, seed ${seed} -> ${dir}`);
        await mkdir(dir, { recursive: true });
        const argv = [
          '--loss',
          loss,
          '--seed',
          String(seed),
          '--out',
          dir,
          '--resume-or-start',
          '--quiet',
          ...train,
        ];
        // Train's own parsing and checks: a bad training option is a usage error naming it, before any run.
        await runTrain(trainOptions(parseFlags(trainSpec, argv)), {
          ...io,
          stdout: NULL_STREAM,
          stderr: quiet ? NULL_STREAM : io.stderr,
        });
        const evaluated = await runEvaluate(
          {
            model: dir,
            dataset: parseDatasetSpec(datasetText),
            split: 'val',
            dataDir: flags.string('data-dir'),
            limit: flags.number('limit'),
            splitSeed: flags.number('split-seed'),
            groupBy: flags.string('group-by'),
            backend: flags.string('backend'),
            quiet: true,
          },
          io,
        );
        evaluation = {
          summary: evaluated.summary,
          perCase: evaluated.perCase,
          distanceUnit: evaluated.distanceUnit,
        };
        // Written last: its presence is what marks the run finished.
        await writeFileAtomic(evaluationFile, `${JSON.stringify(evaluation)}\n`);
      } else log(`experiment: ${loss}, seed ${seed} already done (${evaluationFile})`);
      runs.push({
        loss,
        seed,
        dir,
        status,
        meanForegroundDsc: evaluation.summary.meanForegroundDsc ?? Number.NaN,
      });
      byLoss.set(loss, [...(byLoss.get(loss) ?? []), evaluation]);
    }
  }
  const nan = (x: number | null) => (x === null ? Number.NaN : x);
  const perLoss = losses.map((loss) => {
    const evals = byLoss.get(loss)!;
    return {
      loss,
      meanForegroundDsc: spread(evals.map((e) => nan(e.summary.meanForegroundDsc))),
      perClass: evals[0].summary.perClass.map((c, k) => ({
        name: c.name,
        dsc: spread(evals.map((e) => nan(e.summary.perClass[k].dsc))),
        hd95: spread(evals.map((e) => nan(e.summary.perClass[k].hd95))),
        signedProportionError: spread(
          evals.map(
            (e) => nan(e.summary.perClass[k].predProportion) - nan(e.summary.perClass[k].trueProportion),
          ),
        ),
      })),
    };
  });
  // JSON turned undefined metrics into null; back to NaN for the statistics.
  const revive = (e: RunEvaluation): RunEvaluation => ({
    ...e,
    perCase: e.perCase.map((c) => ({
      id: c.id,
      perClass: c.perClass.map((k) => ({ ...k, hd95: nan(k.hd95), nsd: nan(k.nsd) })),
    })),
  });
  const perClass = compareStatistics(
    losses.map((loss) => averageOverSeeds(loss, byLoss.get(loss)!.map(revive))),
  );
  const distanceUnit: DistanceUnit | '' =
    [...byLoss.values()].flat().find((e) => e.distanceUnit)?.distanceUnit ??
    presetDistanceUnit(datasetText) ??
    '';
  const body = { dataset: datasetText, distanceUnit, losses, seeds, runs, perLoss, perClass };
  const summary = { markdown: path.join(out, 'summary.md'), json: path.join(out, 'summary.json') };
  await writeFileAtomic(summary.markdown, markdown(body));
  await writeFileAtomic(summary.json, `${JSON.stringify(body, null, 2)}\n`);
  return { ...body, summary };
}

export const experimentCommand: Command = {
  spec: experimentSpec,
  async run(flags, io) {
    const r = await runExperiment(flags, io);
    io.stdout.write(
      flags.boolean('json') ? `${JSON.stringify(r)}\n` : await readFile(r.summary.markdown, 'utf8'),
    );
  },
};
