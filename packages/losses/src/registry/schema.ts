/**
 * The option schema of every loss: each option key with its type, range, default and one line of help, and the
 * structured error a rejected option throws. The registry (which options each loss accepts) and this schema are
 * together the whole description a CLI or a picker needs: flags, help and error mapping are generated from them
 * instead of being written again by hand.
 */
import type { RegionPenalty } from '../types';

/** Every option key any loss takes. `ignoreIndex` and `validate` are common to all losses. */
export type LossOptionKey =
  | 'lambda'
  | 'temperature'
  | 'gamma'
  | 'penalty'
  | 'smooth'
  | 'includeBackground'
  | 'classWeights'
  | 'ignoreIndex'
  | 'validate';

export interface LossOptionSpec {
  key: LossOptionKey;
  /** 'numbers' is a list with one value per class; 'choice' a string from `choices`. */
  type: 'number' | 'integer' | 'boolean' | 'choice' | 'numbers';
  /** Lower limit of a number (and of each entry of 'numbers'); inclusive unless `exclusiveMin`. */
  min?: number;
  exclusiveMin?: boolean;
  choices?: readonly string[];
  /** The default when it is one value for every loss; absent when it depends on the loss or other options. */
  default?: number | string | boolean;
  /** Says what the default is when `default` cannot (e.g. λ follows the loss and its penalty). */
  defaultText?: string;
  /** A short placeholder for the value in usage lines, e.g. 'τ'. */
  valueName?: string;
  /** One line of help. */
  help: string;
  /** A boolean option whose default is true is switched off under this name, with this help (a CLI flag). */
  off?: { name: string; help: string };
  /** Taken by every loss (not a per-loss setting; CLIs usually fix it). */
  common?: boolean;
}

const PENALTIES: readonly RegionPenalty[] = ['l1', 'kl'];

/** The schema of every option, in the order CLIs list them. */
export const lossOptionSchema: { readonly [K in LossOptionKey]: LossOptionSpec } = {
  lambda: {
    key: 'lambda',
    type: 'number',
    min: 0,
    valueName: 'x',
    defaultText: "the loss's own (paper) default: 1 for L1, 0.1 for KL and every Dice term",
    help: 'weight λ of the second term of a compound loss',
  },
  temperature: {
    key: 'temperature',
    type: 'number',
    min: 0,
    exclusiveMin: true,
    default: 10,
    valueName: 't',
    help: 'τ of the predicted region proportions (softmax of τ·logits, eq. (C.1))',
  },
  gamma: {
    key: 'gamma',
    type: 'number',
    min: 0,
    default: 2,
    valueName: 'γ',
    help: 'focusing exponent of the focal loss (γ = 0 is CE)',
  },
  penalty: {
    key: 'penalty',
    type: 'choice',
    choices: PENALTIES,
    default: 'l1',
    help: 'region-size penalty R of eq. (7): L1 (λ 1) or KL (λ 0.1)',
  },
  smooth: {
    key: 'smooth',
    type: 'number',
    min: 0,
    default: 0,
    valueName: 'x',
    help: 'added to the numerator and the denominator of the soft Dice',
  },
  includeBackground: {
    key: 'includeBackground',
    type: 'boolean',
    default: true,
    off: { name: 'excludeBackground', help: 'leave class 0 out of the Dice mean over classes' },
    help: 'count class 0 in the Dice mean over classes',
  },
  classWeights: {
    key: 'classWeights',
    type: 'numbers',
    min: 0,
    valueName: 'w0,w1,...',
    help: 'per-class weights of the cross-entropy term, one per class ([background, foreground] if binary)',
  },
  ignoreIndex: {
    key: 'ignoreIndex',
    type: 'integer',
    default: 255,
    common: true,
    help: 'label value of pixels left out of every sum and count',
  },
  validate: {
    key: 'validate',
    type: 'boolean',
    default: true,
    common: true,
    help: 'check label values and the finiteness of the logits on every call',
  },
};

/**
 * A rejected option: which loss, which option and the value given, so that callers (a CLI naming its flag, a
 * form marking its field) need not parse the message. `option` is null when the options as a whole are not
 * an object. The message is the same text a plain Error had before.
 */
export class LossOptionError extends Error {
  constructor(
    readonly loss: string,
    readonly option: string | null,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'LossOptionError';
  }
}
