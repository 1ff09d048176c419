// The few facts of a shipped model card the demo needs: its class names and colours, and the validation cases.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PRETRAINED_DIR } from '../paths';

export interface CardClass {
  index: number;
  name: string;
  color: [number, number, number];
}

export interface CardFacts {
  file: string;
  classes: CardClass[];
  validationCases: string[];
}

export function cardPath(model: string): string {
  return path.join(PRETRAINED_DIR, model, 'seglens.json');
}

/** Reads classes and validation cases of a shipped model's card, each checked, errors naming the file. */
export async function readCardFacts(model: string): Promise<CardFacts> {
  const file = cardPath(model);
  let card: {
    classes?: { index?: unknown; name?: unknown; color?: unknown }[];
    training?: { dataset?: { validationCases?: unknown } };
  };
  try {
    card = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(
        `${file} is missing: a demo study takes its case and classes from the shipped model ${model}; put ` +
          `its folder (model.json, seglens.json, weights) into ${PRETRAINED_DIR}`,
      );
    throw new Error(`${file}: cannot read the model card (${(error as Error).message})`);
  }
  const classes = (card.classes ?? []).map((c, i): CardClass => {
    const color = c.color;
    if (
      typeof c.index !== 'number' ||
      typeof c.name !== 'string' ||
      !Array.isArray(color) ||
      color.length !== 3 ||
      !color.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)
    ) {
      throw new Error(`${file}: classes[${i}] needs an index, a name and an RGB colour`);
    }
    return { index: c.index, name: c.name, color: color as [number, number, number] };
  });
  const cases = card.training?.dataset?.validationCases;
  const validationCases = Array.isArray(cases) ? cases.map(String) : [];
  return { file, classes, validationCases };
}

/** The class called `name` in a card, or an Error naming the card. */
export function cardClass(facts: CardFacts, name: string): CardClass {
  const found = facts.classes.find((c) => c.name === name);
  if (!found)
    throw new Error(
      `${facts.file}: no class named "${name}" (has ${facts.classes.map((c) => c.name).join(', ')})`,
    );
  return found;
}
