// Which models are ticked when a series opens: the RCE and the Dice model of the first task that fits (the
// paper's comparison), nothing else. Without both, whichever of the two exists; without either, the first
// fitting model of that task.
import type { ModelEntry, SeriesView } from '../panel/state';
import { fitsSeries, type Fit } from './fits';
import type { ModelInputView } from './entry';

export function defaultSelection<E extends ModelEntry & { input?: ModelInputView }>(
  entries: readonly E[],
  series: SeriesView,
): E[] {
  const judged = entries.map((e) => {
    const fit: Fit = fitsSeries(e, series);
    return { ...e, fits: fit.fits, fitReason: fit.reason, selected: false };
  });
  const first = judged.find((e) => e.fits);
  if (!first) return judged;
  const sameTask = judged.filter((e) => e.fits && e.task === first.task);
  const chosen = ['rce', 'dice']
    .map((loss) => sameTask.find((e) => e.loss === loss))
    .filter((e): e is (typeof judged)[number] => e !== undefined);
  const keys = new Set((chosen.length > 0 ? chosen : [first]).map((e) => e.key));
  return judged.map((e) => (keys.has(e.key) ? { ...e, selected: true } : e));
}
