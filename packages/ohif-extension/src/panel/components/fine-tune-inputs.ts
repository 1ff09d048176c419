/**
 * Parsing of the fine-tune fields. The fields are text (not type=number, whose value the browser empties
 * on bad input), so the error can quote exactly what the user typed.
 */

export type Parsed = { ok: true; value: number } | { ok: false; error: string };

export const EPOCHS_MIN = 1;
export const EPOCHS_MAX = 100;

function quoted(raw: string): string {
  return raw.trim() === '' ? 'an empty field' : `"${raw}"`;
}

export function parseEpochs(raw: string): Parsed {
  const text = raw.trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(value) || value < EPOCHS_MIN || value > EPOCHS_MAX)
    return {
      ok: false,
      error: `Epochs must be a whole number from ${EPOCHS_MIN} to ${EPOCHS_MAX}; got ${quoted(raw)}.`,
    };
  return { ok: true, value };
}

export function parseLearningRate(raw: string): Parsed {
  const text = raw.trim();
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal or exponent notation.
  const value = /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || value <= 0 || value > 1)
    return {
      ok: false,
      error: `Learning rate must be a number above 0 and at most 1 (e.g. 0.0001 or 1e-4); got ${quoted(raw)}.`,
    };
  return { ok: true, value };
}
