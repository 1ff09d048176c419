// What a DICOM SEG says about the model that made it, planned in one place for every writer (the CLI's
// predict, its DICOMweb batch, the viewer's export), so that a SEG says the same whoever wrote it and a batch
// rerun recognises a SEG the viewer stored. A shipped model's segments are AUTOMATIC, a fine-tuned model's
// SEMIAUTOMATIC (a person's brush labels shaped it); the algorithm is the model's name, its version the card's
// hash, each segment description the loss with its options (named by @seglens/losses' registry).
// No TF.js model code here (only the card's types, WebCrypto hashing and the loss registry's naming), so a
// viewer's main thread can plan a SEG that its worker writes.
import type { SegmentationAlgorithm, SegmentDefinition } from '@seglens/data';
import { lossDescription, recordedLossLabel } from '@seglens/losses/registry';
import { sha256WebCrypto } from '../io/sha256';
import type { LossRecord, ModelCard } from './types';

/** Everything of a SEG's provenance that follows from the model card. */
export interface SegProvenance {
  /** The writer's algorithm: type, name = model name, version = `cardVersion(card)`. */
  algorithm: Required<SegmentationAlgorithm>;
  /** 'seglens <model> (<loss>)', with ', fine-tuned' for a fine-tuned model; at most 64 characters (LO). */
  seriesDescription: string;
  /** One per foreground class: label value, class name, colour, and the loss with its options. */
  segments: SegmentDefinition[];
  /** The loss the card records (see `cardLoss`). */
  loss: LossRecord;
  fineTuned: boolean;
}

/** The loss a card records: its last fine-tuning's for a fine-tuned model, else its training loss. */
export function cardLoss(card: ModelCard): LossRecord {
  const tuned = card.fineTuning[card.fineTuning.length - 1];
  return tuned?.loss ?? card.training?.loss ?? { name: 'unknown', options: {} };
}

/**
 * "card sha256:<16 hex>": the first 8 bytes of the SHA-256 of the card as JSON (UTF-8), through WebCrypto in
 * Node and browsers alike, so two versions of a model never read alike and every writer computes the same.
 */
export async function cardVersion(card: ModelCard): Promise<string> {
  const hex = await sha256WebCrypto(new TextEncoder().encode(JSON.stringify(card)));
  return `card sha256:${hex.slice(0, 16)}`;
}

/** The SEG provenance of `card`'s predictions. */
export async function planSegProvenance(card: ModelCard): Promise<SegProvenance> {
  if (!card || typeof card.name !== 'string' || !card.name.trim())
    throw new Error(`planSegProvenance: the model card has no name (got ${JSON.stringify(card?.name)})`);
  if (!Array.isArray(card.fineTuning) || !Array.isArray(card.classes))
    throw new Error(`planSegProvenance: the card of '${card.name}' lacks its classes or fineTuning list`);
  const loss = cardLoss(card);
  const fineTuned = card.fineTuning.length > 0;
  const description = lossDescription(loss.name, loss.options);
  return {
    algorithm: {
      type: fineTuned ? 'SEMIAUTOMATIC' : 'AUTOMATIC',
      name: card.name,
      modelName: card.name,
      lossName: recordedLossLabel(loss.name, loss.options),
      version: await cardVersion(card),
    },
    seriesDescription: `seglens ${card.name} (${loss.name}${fineTuned ? ', fine-tuned' : ''})`.slice(0, 64),
    segments: card.classes
      .filter((c) => c.index > 0)
      .map((c) => ({ labelValue: c.index, label: c.name, description, rgb: c.color })),
    loss,
    fineTuned,
  };
}

/**
 * A file name of ASCII letters, digits, '-', '_' and '.' only: 'seglens-<model>-<yyyymmdd-hhmmss>.dcm' in local
 * time, e.g. 'seglens-hippocampus-rce-20261203-124501.dcm' (accents dropped, other runs of characters '-').
 */
export function segFileName(modelName: string, date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error(`segFileName: the date of '${modelName}' is invalid`);
  const safe =
    modelName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // accents off: "Modèle" → "Modele"
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '') || 'model';
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
  return `seglens-${safe}-${stamp}.dcm`;
}

/**
 * The series number of an export made at `date`: 1000 + the second of the day (1000-87399, above the numbers
 * scanners give), and above `previous` (the last one this program gave) so two exports in one second differ.
 */
export function seriesNumberAt(date: Date, previous = 0): number {
  const ofDay = date.getHours() * 3600 + date.getMinutes() * 60 + date.getSeconds();
  return Math.max(1000 + ofDay, previous + 1);
}

/**
 * The series number of a SEG made without a person present (the CLI): fixed by the model version and the source
 * series, 100000 + (the first 32 bits of SHA-256("<version>|<source series UID>") mod 900000). A rerun of one
 * model on one series gives the same number; other models or series almost surely another (1 in 900000), and
 * never one `seriesNumberAt` gives.
 */
export async function seriesNumberFor(version: string, sourceSeriesUID: string): Promise<number> {
  if (!sourceSeriesUID) throw new Error(`seriesNumberFor: no source series UID for ${version}`);
  const hex = await sha256WebCrypto(new TextEncoder().encode(`${version}|${sourceSeriesUID}`));
  return 100000 + (parseInt(hex.slice(0, 8), 16) % 900000);
}
