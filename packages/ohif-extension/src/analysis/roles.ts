/**
 * Overlay colours by model role, the same on every study: the first model is blue, the second orange,
 * fine-tuned models reddish purple, further models bluish green, yellow, vermillion. These are the
 * Okabe-Ito colours, told apart with every common colour-vision deficiency. A model's classes are shades
 * of its role's hue whose lightness stays between 38 % and 62 %: visible on black, on a grey MR and on a
 * pink-red endoscopy frame (no near-white tints). The reference is not coloured here: it is drawn as
 * outlines only, in its own SEG colours.
 */
import { hslToRgb, type Rgb } from './colors';

/** Hue and saturation per role; RGB names are the Okabe-Ito colours they come from. */
const ROLE_HUES: readonly { name: string; hue: number; saturation: number }[] = [
  { name: 'blue', hue: 202, saturation: 1 }, // #0072B2
  { name: 'orange', hue: 41, saturation: 1 }, // #E69F00
  { name: 'reddish purple', hue: 326, saturation: 0.65 }, // #CC79A7, more saturated to stand off grey
  { name: 'bluish green', hue: 164, saturation: 1 }, // #009E73
  { name: 'yellow', hue: 56, saturation: 0.85 }, // #F0E442
  { name: 'vermillion', hue: 26, saturation: 1 }, // #D55E00
];

/** Roles: 0 the first model, 1 the second, 2 fine-tuned models, 3+ further models. */
export const FINE_TUNED_ROLE = 2;

export function roleName(role: number): string {
  return ROLE_HUES[role % ROLE_HUES.length].name;
}

/** Lightness per class: the role's own colour first, then darker and lighter shades, all within 38-62 %. */
const LEVELS = [0.5, 0.38, 0.62, 0.44, 0.56, 0.41, 0.59, 0.47, 0.53];

/**
 * `classCount` colours for the foreground classes of a model of `role`: class 1 the role's colour at 50 %
 * lightness, class 2 a darker shade, class 3 a lighter one, and so on (cycling after nine classes).
 */
export function roleColorFamily(role: number, classCount: number): Rgb[] {
  if (!Number.isInteger(role) || role < 0)
    throw new Error(`roleColorFamily: role must be a non-negative integer, got ${role}`);
  if (!Number.isInteger(classCount) || classCount < 0)
    throw new Error(`roleColorFamily: classCount must be a non-negative integer, got ${classCount}`);
  const { hue, saturation } = ROLE_HUES[role % ROLE_HUES.length];
  return Array.from({ length: classCount }, (_, c) => hslToRgb(hue, saturation, LEVELS[c % LEVELS.length]));
}

/** What decides a model's role: whether it is fine-tuned and its loss. */
export interface RoleInput {
  key: string;
  loss: string;
  fineTunedFrom?: string;
}

/**
 * The role of each model run together: fine-tuned models take the fine-tuned role; the others are ranked
 * RCE first (the paper's loss), then in the order given, so RCE is blue and Dice orange on every study.
 */
export function modelRoles(models: readonly RoleInput[]): Map<string, number> {
  const roles = new Map<string, number>();
  const plain = models
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => !m.fineTunedFrom)
    .sort((a, b) => Number(a.m.loss !== 'rce') - Number(b.m.loss !== 'rce') || a.i - b.i);
  plain.forEach(({ m }, rank) => roles.set(m.key, rank < 2 ? rank : rank + 1));
  for (const m of models) if (m.fineTunedFrom) roles.set(m.key, FINE_TUNED_ROLE);
  return roles;
}
