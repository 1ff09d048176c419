// How `seglens compare` names its columns: by each card's name, unless two models share one (two runs of one
// task both say `ct-abdomen-dice`). Then every model of that name also shows the end of its folder, as many
// trailing components as it takes to tell them apart, so no two columns read alike.
import path from 'node:path';

/** Trailing `n` components of `dir`, joined with '/'. */
function tail(dir: string, n: number): string {
  const parts = path
    .resolve(dir)
    .split(path.sep)
    .filter((p) => p !== '');
  return parts.slice(Math.max(0, parts.length - n)).join('/');
}

/**
 * One label per model, in order: the card name where it is unique, else `name (folder)` with the shortest
 * folder tail that makes the labels of that name distinct. The same folder given twice gets `#1`, `#2`.
 */
export function distinctModelLabels(names: readonly string[], dirs: readonly string[]): string[] {
  if (names.length !== dirs.length)
    throw new Error(`distinctModelLabels: ${names.length} names but ${dirs.length} folders`);
  const labels = [...names];
  for (const name of new Set(names)) {
    const idx = names.flatMap((n, i) => (n === name ? [i] : []));
    if (idx.length < 2) continue;
    const depth = Math.max(...idx.map((i) => path.resolve(dirs[i]).split(path.sep).length));
    let n = 1;
    // A train --out folder's model sits in <out>/model: start one component higher so the run's name shows.
    const tails = (k: number) =>
      idx.map((i) => tail(dirs[i], path.basename(dirs[i]) === 'model' ? k + 1 : k));
    const folders = new Set(idx.map((i) => path.resolve(dirs[i]))).size;
    while (n < depth && new Set(tails(n)).size < folders) n++;
    const chosen = tails(n);
    const seen = new Map<string, number>();
    idx.forEach((i, j) => {
      const repeats = chosen.filter((t) => t === chosen[j]).length;
      const k = (seen.get(chosen[j]) ?? 0) + 1;
      seen.set(chosen[j], k);
      labels[i] = `${name} (${chosen[j]}${repeats > 1 ? ` #${k}` : ''})`;
    });
  }
  return labels;
}
