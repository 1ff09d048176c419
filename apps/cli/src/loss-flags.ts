// `--loss <name>` and its option flags (--lambda, --temperature, --gamma, ...), checked against the
// @seglens/losses registry before any data is read, and the paper's name of a trained model's loss.
import {
  effectiveLossOptions,
  isLossName,
  lossNames,
  lossRegistry,
  type LossName,
  type LossOptionsByName,
} from '@seglens/losses';
import type { LossRecord, LossSpec } from '@seglens/models';
import { errorMessage, UsageError } from './errors';
import type { FlagSpec, ParsedFlags } from './options';
import { closest } from './options';

export const LOSS_GROUP = 'loss options';

/** Each option flag, the registry key it sets, and a harmless value that probes whether a loss takes it. */
const LOSS_OPTION_FLAGS: ReadonlyArray<{
  flag: string;
  key: string;
  probe: unknown;
  spec: Omit<FlagSpec, 'name'>;
}> = [
  {
    flag: 'lambda',
    key: 'lambda',
    probe: 1,
    spec: {
      type: 'number',
      min: 0,
      valueName: 'x',
      description:
        'weight λ of the second term of a compound loss (rce, rfl, diceCE, logDiceCE, diceFocal, logDiceFocal, dbCE)',
      defaultText: "the loss's own (paper) default",
    },
  },
  {
    flag: 'temperature',
    key: 'temperature',
    probe: 1,
    spec: {
      type: 'number',
      min: 0,
      valueName: 't',
      description:
        'τ of the predicted region proportions (softmax of τ·logits; regionL1, regionKL, diceBias, rce, rfl, dbCE)',
      defaultText: '10',
    },
  },
  {
    flag: 'gamma',
    key: 'gamma',
    probe: 1,
    spec: {
      type: 'number',
      min: 0,
      valueName: 'γ',
      description: 'focusing exponent of the focal losses (focal, rfl, diceFocal, logDiceFocal)',
      defaultText: '2',
    },
  },
  {
    flag: 'penalty',
    key: 'penalty',
    probe: 'l1',
    spec: {
      type: 'string',
      choices: ['l1', 'kl'],
      description: 'region-size penalty of rce/rfl: L1 (λ 1) or KL (λ 0.1)',
      defaultText: 'l1',
    },
  },
  {
    flag: 'smooth',
    key: 'smooth',
    probe: 0,
    spec: {
      type: 'number',
      min: 0,
      valueName: 'x',
      description: 'added to numerator and denominator of the soft Dice (dice, logDice and Dice compounds)',
      defaultText: '0',
    },
  },
  {
    flag: 'exclude-background',
    key: 'includeBackground',
    probe: true,
    spec: {
      type: 'boolean',
      description: 'leave class 0 out of the Dice mean (dice, logDice and Dice compounds)',
    },
  },
  {
    flag: 'class-weights',
    key: 'classWeights',
    probe: [1],
    spec: {
      type: 'string',
      valueName: 'w0,w1,...',
      description:
        'per-class weights of the cross-entropy term, one per class (crossEntropy, weightedCrossEntropy, rce, Dice/CE compounds, dbCE)',
    },
  },
];

/** The --loss flag and every loss option flag, for a command's flag list. */
export function lossFlagSpecs(required: boolean): FlagSpec[] {
  return [
    {
      name: 'loss',
      type: 'string',
      required,
      valueName: 'name',
      group: LOSS_GROUP,
      description: `training loss: ${lossNames.join(', ')}`,
    },
    ...LOSS_OPTION_FLAGS.map((o) => ({ name: o.flag, group: LOSS_GROUP, ...o.spec })),
  ];
}

/** The option flags a loss accepts, found by asking the registry's own option check. */
export function lossOptionFlags(name: LossName): string[] {
  const check = lossRegistry[name].fn.checkOptions as (options?: Record<string, unknown>) => void;
  return LOSS_OPTION_FLAGS.filter((o) => {
    try {
      check({ [o.key]: o.probe });
      return true;
    } catch {
      return false;
    }
  }).map((o) => `--${o.flag}`);
}

function parseWeights(text: string): number[] {
  const weights = text.split(',').map((w) => Number(w.trim()));
  if (weights.length === 0 || weights.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new UsageError(
      `--class-weights must be comma-separated non-negative numbers, e.g. 1,5,5; got '${text}'`,
    );
  }
  return weights;
}

/**
 * The loss of a command line: its name (unknown names list the valid ones) and the options given as flags.
 * A flag the loss does not take, and a value the loss rejects, are usage errors naming the flag.
 */
export function lossFromFlags(flags: ParsedFlags): {
  name: LossName;
  options: Record<string, unknown>;
  spec: LossSpec;
} {
  const name = flags.requireString('loss');
  if (!isLossName(name)) {
    const hint = closest(name, lossNames);
    throw new UsageError(
      `--loss '${name}' is not a loss${hint ? ` (did you mean '${hint}'?)` : ''}; valid losses: ${lossNames.join(', ')}`,
      flags.command,
    );
  }
  const accepted = lossOptionFlags(name);
  const options: Record<string, unknown> = {};
  for (const o of LOSS_OPTION_FLAGS) {
    if (!flags.has(o.flag)) continue;
    if (!accepted.includes(`--${o.flag}`)) {
      throw new UsageError(
        `--${o.flag} does not apply to --loss ${name} (${name} takes ${accepted.length ? accepted.join(', ') : 'no option flags'})`,
        flags.command,
      );
    }
    if (o.flag === 'exclude-background') options.includeBackground = false;
    else if (o.flag === 'class-weights') options.classWeights = parseWeights(flags.requireString(o.flag));
    else options[o.key] = o.spec.type === 'number' ? flags.number(o.flag) : flags.string(o.flag);
  }
  try {
    (lossRegistry[name].fn.checkOptions as (options?: Record<string, unknown>) => void)(options);
  } catch (error) {
    const key = /option (\w+)|(\w+)\[\d+\]|(classWeights)/.exec(errorMessage(error));
    const flag = LOSS_OPTION_FLAGS.find((o) => key && [key[1], key[2], key[3]].includes(o.key))?.flag;
    throw new UsageError(`${flag ? `--${flag}: ` : ''}${errorMessage(error)}`, flags.command);
  }
  return { name, options, spec: { name, options } as LossSpec };
}

/**
 * The loss as the paper names it, from a card's record: 'RCE(L1)', 'Dice', 'CE'..., with λ when it is not
 * the default; records of custom functions keep their own name.
 */
export function lossDisplayName(record: LossRecord | null | undefined): string {
  if (!record) return 'unknown loss';
  if (!isLossName(record.name)) return record.name;
  const entry = lossRegistry[record.name];
  let label = entry.label;
  if (record.name === 'rce' || record.name === 'rfl') {
    const base = record.name === 'rce' ? 'RCE' : 'RFL';
    label = `${base}(${record.options.penalty === 'kl' ? 'DKL' : 'L1'})`;
  }
  const lambda = record.options.lambda;
  // The λ the loss would use without --lambda (for rce/rfl it follows the penalty).
  const penalty = record.options.penalty === undefined ? {} : { penalty: record.options.penalty };
  const { lambda: defaultLambda } = effectiveLossOptions(record.name, penalty as LossOptionsByName[LossName]);
  return typeof lambda === 'number' && lambda !== defaultLambda ? `${label} λ=${lambda}` : label;
}
