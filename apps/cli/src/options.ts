// Command-line flags: each command declares its flags once (type, default, limits, help text); node:util's
// parseArgs splits the command line, and this file turns its values into checked numbers, choices and lists,
// and every failure into a UsageError naming the flag and the bad value.
import { parseArgs } from 'node:util';
import { UsageError } from './errors';

export type FlagType = 'string' | 'boolean' | 'integer' | 'number';

export interface FlagSpec {
  /** Long name without the dashes, e.g. 'batch-size'. */
  name: string;
  type: FlagType;
  description: string;
  /** Placeholder in help, e.g. 'n' in `--epochs <n>`. */
  valueName?: string;
  default?: string | number | boolean;
  /** Shown in help instead of `default` when the default depends on other flags. */
  defaultText?: string;
  required?: boolean;
  choices?: readonly string[];
  /** Inclusive limits of integer and number flags. */
  min?: number;
  max?: number;
  /** Values may be given as `--flag a b c` (the words after the flag) and as repeated `--flag a --flag b`. */
  variadic?: boolean;
  short?: string;
  /** Help section, e.g. 'loss options'. */
  group?: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** One line after `seglens <name>`, e.g. '--dataset <name> --loss <name> --out <dir> [options]'. */
  usage: string;
  flags: readonly FlagSpec[];
  /** Lines of prose after the flags (outputs, notes). */
  details?: readonly string[];
  examples: readonly string[];
}

type FlagValue = string | number | boolean | string[];

/** The flags of one command line, converted and checked; getters apply defaults. */
export class ParsedFlags {
  constructor(
    readonly command: string,
    private readonly values: ReadonlyMap<string, FlagValue>,
    private readonly specs: ReadonlyMap<string, FlagSpec>,
  ) {}

  /** Whether the flag was given on the command line (defaults do not count). */
  has(name: string): boolean {
    return this.values.has(this.spec(name).name);
  }

  string(name: string): string | undefined {
    const v = this.value(name);
    return v === undefined ? undefined : String(v);
  }

  /** A flag that is required by the spec or by the caller's logic. */
  requireString(name: string): string {
    const v = this.string(name);
    if (v === undefined) throw new UsageError(`missing required flag --${name}`, this.command);
    return v;
  }

  number(name: string): number | undefined {
    const v = this.value(name);
    return v === undefined ? undefined : Number(v);
  }

  requireNumber(name: string): number {
    const v = this.number(name);
    if (v === undefined) throw new UsageError(`missing required flag --${name}`, this.command);
    return v;
  }

  boolean(name: string): boolean {
    return this.value(name) === true;
  }

  list(name: string): string[] {
    const v = this.value(name);
    return v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
  }

  private spec(name: string): FlagSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`seglens ${this.command}: internal error, no flag --${name} is declared`);
    return spec;
  }

  private value(name: string): FlagValue | undefined {
    const spec = this.spec(name);
    return this.values.get(name) ?? spec.default;
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** The known word closest to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(word, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function convert(spec: FlagSpec, raw: string, command: string): string | number {
  const flag = `--${spec.name}`;
  if (spec.type === 'integer' || spec.type === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n))
      throw new UsageError(`${flag} must be a number, got '${raw}'`, command);
    if (spec.type === 'integer' && !Number.isInteger(n))
      throw new UsageError(`${flag} must be a whole number, got '${raw}'`, command);
    if (spec.min !== undefined && n < spec.min)
      throw new UsageError(`${flag} must be at least ${spec.min}, got ${raw}`, command);
    if (spec.max !== undefined && n > spec.max)
      throw new UsageError(`${flag} must be at most ${spec.max}, got ${raw}`, command);
    return n;
  }
  if (spec.choices && !spec.choices.includes(raw)) {
    const hint = closest(raw, spec.choices);
    throw new UsageError(
      `${flag} must be one of ${spec.choices.join(', ')}; got '${raw}'${hint ? ` (did you mean '${hint}'?)` : ''}`,
      command,
    );
  }
  return raw;
}

/** Rewrites parseArgs' own errors (which quote Node's wording) into messages naming the flag. */
function parseArgsError(error: unknown, spec: CommandSpec): UsageError {
  const e = error as { code?: string; message?: string };
  const message = e.message ?? String(error);
  const quoted = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  const see = ` (see seglens ${spec.name} --help)`;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) {
    const hint = closest(
      quoted.replace(/^-+/, ''),
      spec.flags.map((f) => f.name),
    );
    return new UsageError(
      `unknown flag ${quoted} for seglens ${spec.name}${hint ? ` (did you mean --${hint}?)` : see}`,
      spec.name,
    );
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) {
    if (/does not take an argument/.test(message))
      return new UsageError(`${quoted} is a switch and takes no value`, spec.name);
    return new UsageError(
      `${quoted} needs a value${/ambiguous/.test(message) ? ' (the next word starts with -; write --flag=value for a negative number)' : ''}`,
      spec.name,
    );
  }
  return new UsageError(`${message}${see}`, spec.name);
}

/**
 * Parses `argv` (the words after the command name) against the command's flags. `--help` is handled by the
 * caller before this. Throws a UsageError for unknown flags, missing values, malformed numbers, values out of
 * range or not among the choices, stray words and missing required flags.
 */
export function parseFlags(spec: CommandSpec, argv: readonly string[]): ParsedFlags {
  const specs = new Map(spec.flags.map((f) => [f.name, f]));
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const f of spec.flags) {
    options[f.name] = {
      type: f.type === 'boolean' ? 'boolean' : 'string',
      ...(f.variadic ? { multiple: true } : {}),
      ...(f.short ? { short: f.short } : {}),
    };
  }
  let tokens;
  try {
    tokens = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
      tokens: true,
    }).tokens;
  } catch (error) {
    throw parseArgsError(error, spec);
  }
  const values = new Map<string, FlagValue>();
  let variadicOpen: FlagSpec | undefined;
  for (const token of tokens) {
    if (token.kind === 'option') {
      const f = specs.get(token.name)!;
      variadicOpen = f.variadic ? f : undefined;
      if (f.type === 'boolean') {
        values.set(f.name, true);
      } else {
        const converted = convert(f, token.value ?? '', spec.name);
        if (f.variadic)
          values.set(f.name, [...((values.get(f.name) as string[] | undefined) ?? []), String(converted)]);
        else if (values.has(f.name))
          throw new UsageError(
            `--${f.name} is given twice ('${String(values.get(f.name))}' and '${token.value}')`,
            spec.name,
          );
        else values.set(f.name, converted);
      }
    } else if (token.kind === 'positional') {
      if (!variadicOpen)
        throw new UsageError(
          `unexpected argument '${token.value}' (seglens ${spec.name} takes only flags; see seglens ${spec.name} --help)`,
          spec.name,
        );
      values.set(variadicOpen.name, [
        ...((values.get(variadicOpen.name) as string[]) ?? []),
        String(convert(variadicOpen, token.value, spec.name)),
      ]);
    } else {
      variadicOpen = undefined; // `--` ends a variadic list
    }
  }
  for (const f of spec.flags) {
    if (f.required && !values.has(f.name))
      throw new UsageError(`missing required flag --${f.name} (${f.description})`, spec.name);
  }
  return new ParsedFlags(spec.name, values, specs);
}

/** `--name <value>` as shown in help and usage lines. */
function flagLabel(f: FlagSpec): string {
  const short = f.short ? `-${f.short}, ` : '';
  if (f.type === 'boolean') return `${short}--${f.name}`;
  const value = `<${f.valueName ?? (f.type === 'string' ? 'value' : 'n')}>`;
  return `${short}--${f.name} ${value}${f.variadic ? ' ...' : ''}`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The `seglens <command> --help` text: usage, every flag with its default, details and examples. */
export function formatHelp(spec: CommandSpec): string {
  const out = [`seglens ${spec.name}: ${spec.summary}`, '', `Usage: seglens ${spec.name} ${spec.usage}`];
  const labelWidth = Math.min(34, Math.max(...spec.flags.map((f) => flagLabel(f).length), 10) + 2);
  const groups = [...new Set(spec.flags.map((f) => f.group ?? 'options'))];
  for (const group of groups) {
    out.push('', `${group[0].toUpperCase()}${group.slice(1)}:`);
    for (const f of spec.flags.filter((g) => (g.group ?? 'options') === group)) {
      const notes = [
        f.required ? 'required' : '',
        f.choices ? `one of: ${f.choices.join(', ')}` : '',
        f.defaultText !== undefined
          ? `default: ${f.defaultText}`
          : f.default !== undefined && f.type !== 'boolean'
            ? `default: ${f.default}`
            : '',
      ].filter(Boolean);
      const text = `${f.description}${notes.length ? ` (${notes.join('; ')})` : ''}`;
      const label = flagLabel(f);
      const body = wrap(text, 110 - labelWidth - 2);
      const first =
        label.length + 2 > labelWidth
          ? [`  ${label}`, ...body.map((l) => `  ${' '.repeat(labelWidth)}${l}`)]
          : [
              `  ${label.padEnd(labelWidth)}${body[0] ?? ''}`,
              ...body.slice(1).map((l) => `  ${' '.repeat(labelWidth)}${l}`),
            ];
      out.push(...first);
    }
  }
  out.push('', '  -h, --help'.padEnd(labelWidth + 2) + 'show this help');
  if (spec.details?.length) out.push('', ...spec.details);
  if (spec.examples.length) out.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return `${out.join('\n')}\n`;
}
