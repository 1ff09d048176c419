// Class names of a folder dataset: `classes.json` in the folder (a JSON array of names, background first, the
// index of a name being its label value) or `--class-names a,b,c`, which wins over the file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors';

export const CLASSES_FILE = 'classes.json';

/** Names must be non-empty and distinct (a card refuses duplicates; an empty name shows as nothing). */
function checkNames(names: string[], what: string, usage: boolean): string[] {
  const fail = (message: string): never => {
    throw usage ? new UsageError(`${what} ${message}`) : new Error(`${what} ${message}`);
  };
  if (names.length < 2)
    fail(
      `names ${names.length} class${names.length === 1 ? '' : 'es'}; give at least two (background first)`,
    );
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name.trim() === '') fail(`has an empty name for class ${i}`);
    if (seen.has(name)) fail(`names class ${i} '${name}' twice`);
    seen.add(name);
  });
  return names;
}

/** `--class-names background,right ventricle,...`: names separated by commas, background first. */
export function parseClassNames(text: string): string[] {
  return checkNames(
    text.split(',').map((n) => n.trim()),
    `--class-names '${text}'`,
    true,
  );
}

/** The names in `<root>/classes.json`, or undefined when there is no such file. Errors name the file. */
export async function readClassNamesFile(root: string): Promise<string[] | undefined> {
  const file = path.join(root, CLASSES_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.some((n) => typeof n !== 'string'))
    throw new Error(
      `${file} must be a JSON array of class names, background first (e.g. ["background", "liver"]), got ${JSON.stringify(parsed).slice(0, 60)}`,
    );
  return checkNames(parsed as string[], file, false);
}
