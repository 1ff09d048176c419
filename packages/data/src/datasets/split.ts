// Splits are part of recorded experiments: the shipped models' cards list their validation cases, and
// `seglens train --resume`, `evaluate` and `compare` recompute a split from its seed. So the split keeps its own
// shuffle, mulberry32 exactly as it always drew, private to this file and used by nothing else; every other
// seeded draw in seglens (training, augmentation, fine-tuning, the bootstrap) uses the sfc32 Rng of
// @seglens/metrics. Moving the split onto that Rng would move cases of every published split.
function shuffleWithSeed<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Which cases train and which validate. Lists are sorted; a case is a patient, a volume or a video sequence. */
export interface CaseSplit {
  train: string[];
  validation: string[];
  /** How the split was made: 'seeded' (splitCases) or 'given' (lists from the data source). */
  method: 'seeded' | 'given';
  seed?: number;
  validationFraction?: number;
}

export interface SplitOptions {
  /** Share of cases held out for validation; default 0.2. */
  validationFraction?: number;
  /** Default 0. */
  seed?: number;
}

/**
 * Deterministic split by case: the sorted unique case ids are shuffled with mulberry32(seed) and the first
 * round(n * validationFraction) (at least one when there are two or more cases) validate. Splitting by case, never
 * by slice or frame, keeps neighbouring slices of one scan out of both sides.
 */
export function splitCases(caseIds: string[], options: SplitOptions = {}): CaseSplit {
  const validationFraction = options.validationFraction ?? 0.2;
  const seed = options.seed ?? 0;
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw new Error(`splitCases: validationFraction must be in [0, 1), got ${validationFraction}`);
  }
  if (!Number.isInteger(seed)) throw new Error(`splitCases: seed must be an integer, got ${seed}`);
  const unique = [...new Set(caseIds)].sort();
  const order = shuffleWithSeed([...unique], seed);
  let held = Math.round(unique.length * validationFraction);
  if (validationFraction > 0 && unique.length >= 2) held = Math.min(Math.max(held, 1), unique.length - 1);
  return {
    train: order.slice(held).sort(),
    validation: order.slice(0, held).sort(),
    method: 'seeded',
    seed,
    validationFraction,
  };
}

/**
 * The video sequence a PolypGen frame comes from, read from its file name: `<n>_endocv2021_positive_<frame>` and
 * `<n>_endocv2021_negative_<frame>` are frames of sequence n, `<n>OLCV1_100H<frame>` of OLCV sequence n. Other
 * frames (the single-frame centres C1..C6) are their own case.
 */
export function polypSequenceId(fileName: string): string {
  const stem = fileName.replace(/\.[^.]+$/, '');
  const endocv = /^(\d+)_endocv2021_(?:positive|negative)_/i.exec(stem);
  if (endocv) return `seq${endocv[1]}`;
  const olcv = /^(\d+)OLCV1_/i.exec(stem);
  if (olcv) return `olcv${olcv[1]}`;
  return stem;
}

/**
 * The split unit of a file, named by a regular expression on its file name: the first capture group when the
 * pattern has one, else the whole match. E.g. `^(patient\d+)_` keeps `patient001_frame01` and
 * `patient001_frame12` together. Every file must match: a file that does not is an Error naming it and the
 * pattern (a silent fallback would let that file's siblings land on both sides of the split).
 */
export function groupIdOf(pattern: string | RegExp): (fileName: string) => string {
  let re: RegExp;
  try {
    re = typeof pattern === 'string' ? new RegExp(pattern) : pattern;
  } catch (error) {
    throw new Error(
      `group-by pattern ${JSON.stringify(pattern)} is not a regular expression: ${(error as Error).message}`,
    );
  }
  return (fileName: string) => {
    const m = re.exec(fileName);
    const id = m ? (m.length > 1 ? m[1] : m[0]) : undefined;
    if (!id)
      throw new Error(
        `${fileName}: does not match the group-by pattern ${re.source}${m ? ' (its capture group is empty)' : ''}; every file must name its group`,
      );
    return id;
  };
}
