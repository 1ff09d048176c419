// Builds a card from the few facts a caller must supply; everything about training and files is filled in
// later by train() and the savers.
import { SEGMENT_PALETTE } from '@seglens/data';
import { resolveUNetConfig, type UNetConfig } from '../unet/config';
import {
  MODEL_CARD_FORMAT,
  MODEL_CARD_VERSION,
  type ClassInfo,
  type InputSpec,
  type ModelCard,
  type Rgb,
} from './types';
import { validateModelCard } from './validate';

export interface ModelCardInit {
  name: string;
  task: string;
  modality: string;
  description?: string;
  /** Class names, background first; colours default to a fixed palette. */
  classNames: string[];
  colors?: Rgb[];
  input: InputSpec;
  architecture: UNetConfig;
  weightDtype?: 'float32' | 'float16';
}

// Background black, then the DICOM SEG writer's segment colours, so a class keeps its colour in a SEG file.
const PALETTE: readonly Rgb[] = [[0, 0, 0], ...SEGMENT_PALETTE];

/** A validated card with no training record yet. */
export function createModelCard(init: ModelCardInit): ModelCard {
  const architecture = { ...init.architecture, inputSize: null };
  delete (architecture as { seed?: number }).seed;
  resolveUNetConfig(architecture);
  const classes: ClassInfo[] = init.classNames.map((name, index) => ({
    index,
    name,
    color: init.colors?.[index] ?? PALETTE[index % PALETTE.length],
  }));
  const card: ModelCard = {
    format: MODEL_CARD_FORMAT,
    formatVersion: MODEL_CARD_VERSION,
    name: init.name,
    task: init.task,
    modality: init.modality,
    ...(init.description === undefined ? {} : { description: init.description }),
    classes,
    input: init.input,
    architecture,
    weightDtype: init.weightDtype ?? 'float32',
    training: null,
    validation: null,
    fineTuning: [],
    files: [],
    createdAt: new Date().toISOString(),
  };
  return validateModelCard(card, `createModelCard(${JSON.stringify(init.name)})`);
}
