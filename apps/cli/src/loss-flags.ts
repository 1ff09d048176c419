// `--loss <name>` and its option flags (--lambda, --temperature, --gamma, ...), generated from the
// @seglens/losses registry and its option schema, checked before any data is read; and the paper's name of a
// trained model's loss. Nothing here lists losses or options by hand: a loss added to the registry (or with
// registerLoss) gets its flags and help from its entry.
import {
  effectiveLossOptions,
  isLossName,
  LossOptionError,
  lossesTakingOption,
  lossLabel,
  lossNames,
  lossOptionSchema,
  lossOptionSpecs,
  lossRegistry,
  type LossName,
  type LossOptionKey,
  type LossOptionSpec,
  type LossOptionsByName,
} from '@seglens/losses';
import type { LossRecord, LossSpec } from '@seglens/models';
import { errorMessage, UsageError } from './errors';
import type { FlagSpec, ParsedFlags } from './options';
import { closest } from './options';

export const LOSS_GROUP = 'loss options';

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The CLI flag of an option: its kebab-case key, or the name that switches a default-true boolean off. */
export function lossOptionFlag(spec: LossOptionSpec): string {
  return kebab(spec.off?.name ?? spec.key);
}

/** The options that get a flag: every schema option but the common ones (ignoreIndex, validate). */
function flaggedOptions(): LossOptionSpec[] {
  return Object.values(lossOptionSchema).filter((s) => !s.common);
}

function flagSpec(spec: LossOptionSpec): FlagSpec {
  const takers = lossesTakingOption(spec.key).join(', ');
  const base = { name: lossOptionFlag(spec), group: LOSS_GROUP, valueName: spec.valueName };
  const defaultText = spec.defaultText ?? (spec.default === undefined ? undefined : String(spec.default));
  switch (spec.type) {
    case 'boolean':
      return { ...base, type: 'boolean', description: `${spec.off?.help ?? spec.help} (${takers})` };
    case 'choice':
      return {
        ...base,
        type: 'string',
        choices: spec.choices,
        defaultText,
        description: `${spec.help} (${takers})`,
      };
    case 'numbers':
      return { ...base, type: 'string', description: `${spec.help} (${takers})` };
    default:
      // An exclusive minimum (τ > 0) is checked again by the loss, whose error the flag then carries.
      return {
        ...base,
        type: spec.type,
        min: spec.min,
        defaultText,
        description: `${spec.help} (${takers})`,
      };
  }
}

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
    ...flaggedOptions().map(flagSpec),
  ];
}

/** The option flags a loss accepts, from its registry entry. */
export function lossOptionFlags(name: LossName): string[] {
  return lossOptionSpecs(name)
    .filter((s) => !s.common)
    .map((s) => `--${lossOptionFlag(s)}`);
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

/** The value of an option's flag, converted as the schema types it. */
function flagValue(spec: LossOptionSpec, flags: ParsedFlags): unknown {
  const flag = lossOptionFlag(spec);
  switch (spec.type) {
    case 'boolean':
      return spec.off ? false : true;
    case 'numbers':
      return parseWeights(flags.requireString(flag));
    case 'number':
    case 'integer':
      return flags.number(flag);
    default:
      return flags.string(flag);
  }
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
  for (const spec of flaggedOptions()) {
    const flag = lossOptionFlag(spec);
    if (!flags.has(flag)) continue;
    if (!accepted.includes(`--${flag}`)) {
      throw new UsageError(
        `--${flag} does not apply to --loss ${name} (${name} takes ${accepted.length ? accepted.join(', ') : 'no option flags'})`,
        flags.command,
      );
    }
    options[spec.key] = flagValue(spec, flags);
  }
  try {
    (lossRegistry[name].fn.checkOptions as (options?: Record<string, unknown>) => void)(options);
  } catch (error) {
    // The structured error says which option (and so which flag) was refused; any other error of a
    // registered loss's own check is still the user's options' fault, without a flag to name.
    const option = error instanceof LossOptionError ? error.option : null;
    const spec =
      option !== null && option in lossOptionSchema ? lossOptionSchema[option as LossOptionKey] : undefined;
    throw new UsageError(`${spec ? `--${lossOptionFlag(spec)}: ` : ''}${errorMessage(error)}`, flags.command);
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
  const options = record.options as LossOptionsByName[LossName];
  const label = lossLabel(record.name, options);
  const lambda = record.options.lambda;
  // The λ the loss would use without --lambda (for rce/rfl it follows the penalty).
  const penalty = record.options.penalty === undefined ? {} : { penalty: record.options.penalty };
  const { lambda: defaultLambda } = effectiveLossOptions(record.name, penalty as LossOptionsByName[LossName]);
  return typeof lambda === 'number' && lambda !== defaultLambda ? `${label} λ=${lambda}` : label;
}
