// A DICOM SEG's segments as a model's classes: a segment is the class of the same name (case and spacing
// ignored), as `evaluate --dicomweb --reference` and `evaluate --input --labels` both read a reference SEG.
import { createVolume, type Volume } from '@seglens/data';
import type { SeglensModel } from '@seglens/models';

export const normalizeName = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Segment number → class index, by name (a segment named as the background maps to 0); others are left out. */
export function segmentClassesByName(
  segments: ReadonlyArray<{ number: number; label: string }>,
  model: SeglensModel,
): Map<number, number> {
  const classOf = new Map(model.card.classes.map((c) => [normalizeName(c.name), c.index]));
  const map = new Map<number, number>();
  for (const s of segments) {
    const k = classOf.get(normalizeName(s.label));
    if (k !== undefined) map.set(s.number, k);
  }
  return map;
}

/** The SEG's label map in class indices: each voxel's segment through `map`, background where it has none. */
export function relabel(labels: Volume, map: ReadonlyMap<number, number>): Volume {
  const voxels = new Uint8Array(labels.voxels.length);
  for (let i = 0; i < voxels.length; i++) voxels[i] = map.get(labels.voxels[i]) ?? 0;
  return createVolume({ ...labels, voxels, channels: 1 });
}
