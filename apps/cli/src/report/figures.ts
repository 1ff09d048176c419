// Which cases a report shows and how each becomes a picture. Cases are picked across the range of true
// foreground proportions (smallest to largest structure), because region size is what separates the losses.
import type { LabelledCase, Volume } from '@seglens/data';
import { percent } from '../table';
import type { CaseFigure } from './montage';
import { displayScale, displaySlice, labelSlice, mostForegroundSlice } from './overlay';

/** Share of voxels whose label is not background. */
export function foregroundProportion(labels: Volume): number {
  let n = 0;
  for (let i = 0; i < labels.voxels.length; i++) if (labels.voxels[i] !== 0) n++;
  return n / labels.voxels.length;
}

/**
 * Up to `count` case ids, evenly spaced over the cases with foreground sorted by true foreground proportion
 * (smallest structure first). When fewer cases have foreground, all of them plus enough empty ones.
 */
export function pickCases(cases: readonly LabelledCase[], count: number): string[] {
  const ranked = cases
    .map((c) => ({ id: c.id, p: foregroundProportion(c.labels) }))
    .sort((a, b) => a.p - b.p || (a.id < b.id ? -1 : 1));
  const withForeground = ranked.filter((r) => r.p > 0);
  if (withForeground.length <= count) {
    const empty = ranked.filter((r) => r.p === 0).slice(0, count - withForeground.length);
    return [...empty, ...withForeground].map((r) => r.id);
  }
  if (count === 1) return [withForeground[Math.floor(withForeground.length / 2)].id];
  const last = withForeground.length - 1;
  return Array.from({ length: count }, (_, i) => withForeground[Math.round((i * last) / (count - 1))].id);
}

export interface PredictionView {
  model: string;
  labels: Volume;
  /** The model's mean foreground DSC on this case. */
  dsc: number;
}

/** A case's picture: the slice with the most true foreground, the truth, then each model. */
export function caseFigure(c: LabelledCase, predictions: readonly PredictionView[]): CaseFigure {
  const k = mostForegroundSlice(c.labels);
  const [width, height, slices] = c.image.dims;
  const where = slices > 1 ? `, slice ${k + 1} of ${slices}` : '';
  const truthShare = foregroundProportion(c.labels);
  return {
    title: `${c.id}${where}`,
    rgb: displaySlice(c.image, k),
    width,
    height,
    scale: displayScale(width, height),
    panels: [
      { caption: 'image', labels: null, lines: [] },
      { caption: 'ground truth', labels: labelSlice(c.labels, k), lines: [`FG ${percent(truthShare)}`] },
      ...predictions.map((p) => ({
        caption: p.model,
        labels: labelSlice(p.labels, k),
        lines: [
          `FG ${percent(foregroundProportion(p.labels))}`,
          `DSC ${Number.isFinite(p.dsc) ? p.dsc.toFixed(3) : '-'}`,
        ],
      })),
    ],
  };
}
