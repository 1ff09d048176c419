// Where two predictions of the same series differ: the voxels to show as the disagreement overlay.

export interface Disagreement {
  /** 1 where the two label maps differ, else 0. */
  mask: Uint8Array;
  /** Voxels that differ, and that count as a fraction of all voxels. */
  voxels: number;
  fraction: number;
}

export function disagreement(a: ArrayLike<number>, b: ArrayLike<number>): Disagreement {
  if (a.length !== b.length)
    throw new Error(
      `disagreement: the label maps have ${a.length} and ${b.length} voxels; they must be of one series`,
    );
  if (a.length === 0) throw new Error('disagreement: the label maps are empty');
  const mask = new Uint8Array(a.length);
  let voxels = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      mask[i] = 1;
      voxels++;
    }
  }
  return { mask, voxels, fraction: voxels / a.length };
}
