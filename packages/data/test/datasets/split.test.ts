import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { groupIdOf, polypSequenceId, resolveDataDir, splitCases } from '../../src';

describe('splitCases draws the splits it always drew (mulberry32, frozen)', () => {
  it('matches an independent Python transcription of mulberry32 and Fisher-Yates', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `case${i}`);
    expect(splitCases(ids, { seed: 1 })).toMatchObject({
      train: ['case0', 'case1', 'case2', 'case3', 'case4', 'case5', 'case6', 'case9'],
      validation: ['case7', 'case8'],
    });
  });

  it("gives the shipped hippocampus models' 42 validation volumes for seed 0", () => {
    // The cards in packages/models/pretrained/hippocampus-* list these; the Python split gives the same list.
    const files = readdirSync(join(resolveDataDir(), 'msd-hippocampus', 'images'));
    const { validation, train } = splitCases(files, { seed: 0 });
    expect(train).toHaveLength(166);
    expect(validation.slice(0, 3)).toEqual([
      'hippocampus_004.nii.gz',
      'hippocampus_033.nii.gz',
      'hippocampus_044.nii.gz',
    ]);
    expect(createHash('sha256').update(validation.join('\n')).digest('hex')).toBe(
      '056742c811dab129b6ba370a1d3b063fd9e464390118bdf28d540e5e41146883',
    );
  });
});

describe('splitCases', () => {
  const ids = Array.from({ length: 208 }, (_, i) => `hippocampus_${String(i).padStart(3, '0')}.nii.gz`);

  it('holds out round(n * fraction) whole cases, disjoint, covering everything, sorted', () => {
    const split = splitCases([...ids, ...ids.slice(0, 10)], { seed: 0 });
    expect(split.validation).toHaveLength(42);
    expect(split.train).toHaveLength(166);
    expect(split.train.filter((id) => split.validation.includes(id))).toEqual([]);
    expect([...split.train, ...split.validation].sort()).toEqual(ids);
    expect(split.train).toEqual([...split.train].sort());
    expect(split).toMatchObject({ method: 'seeded', seed: 0, validationFraction: 0.2 });
  });

  it('is deterministic for a seed, independent of input order, and differs between seeds', () => {
    const a = splitCases(ids, { seed: 5 });
    expect(splitCases([...ids].reverse(), { seed: 5 })).toEqual(a);
    expect(splitCases(ids, { seed: 6 }).validation).not.toEqual(a.validation);
  });

  it('keeps at least one case on each side and checks its arguments', () => {
    expect(splitCases(['a', 'b'], { validationFraction: 0.1 })).toMatchObject({
      validation: [expect.any(String)],
    });
    expect(splitCases(['a', 'b'], { validationFraction: 0.9 }).train).toHaveLength(1);
    expect(splitCases(['a', 'b'], { validationFraction: 0 }).validation).toEqual([]);
    expect(() => splitCases(ids, { validationFraction: 1 })).toThrow(
      'validationFraction must be in [0, 1), got 1',
    );
    expect(() => splitCases(ids, { seed: 1.5 })).toThrow('seed must be an integer, got 1.5');
  });
});

describe('polypSequenceId', () => {
  it('groups frames of one video and leaves single frames alone', () => {
    expect(polypSequenceId('11_endocv2021_positive_1228.jpg')).toBe('seq11');
    expect(polypSequenceId('35_endocv2021_negative_1005.jpg')).toBe('seq35');
    expect(polypSequenceId('176OLCV1_100H0126.jpg')).toBe('olcv176');
    expect(polypSequenceId('C3_EndoCV2021_00100.jpg')).toBe('C3_EndoCV2021_00100');
    expect(polypSequenceId('100H0050.jpg')).toBe('100H0050');
  });
});

describe('groupIdOf', () => {
  it('keeps the two frames of every ACDC patient on one side of the split', () => {
    const files = readdirSync(join(resolveDataDir(), 'acdc-cardiac-mr', 'images')).sort();
    expect(files).toHaveLength(160);
    const group = groupIdOf('^(patient\\d+)_frame');
    expect(group('patient001_frame01.nii.gz')).toBe('patient001');
    const split = splitCases(files.map(group), { seed: 0 });
    expect(split.train.length + split.validation.length).toBe(80);
    expect(split.validation).toHaveLength(16);
    const validation = new Set(split.validation);
    const held = files.filter((f) => validation.has(group(f)));
    expect(held).toHaveLength(32);
    for (const f of held)
      expect(held).toContain(f.replace(/frame0[12]/, (m) => (m === 'frame01' ? 'frame02' : 'frame01')));
  });

  it('names the group by the whole match without a capture group', () => {
    expect(groupIdOf(/^btcv_\d/)('btcv_12.nii.gz')).toBe('btcv_1');
  });

  it('names a file that does not match, and a pattern that is not one', () => {
    const group = groupIdOf('^(patient\\d+)_');
    expect(() => group('case7.nii.gz')).toThrow(
      'case7.nii.gz: does not match the group-by pattern ^(patient\\d+)_; every file must name its group',
    );
    expect(() => groupIdOf('^(a|)x')('x')).toThrow(
      'x: does not match the group-by pattern ^(a|)x (its capture group is empty)',
    );
    expect(() => groupIdOf('(patient')).toThrow(
      /^group-by pattern "\(patient" is not a regular expression: /,
    );
  });
});
