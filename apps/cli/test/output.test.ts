// Tables on stdout and progress on stderr: exact text, drawn in place in a terminal and as a few plain
// lines anywhere else.
import { MemoryStream } from '../src/io';
import { createProgress } from '../src/progress';
import { count, duration, fixed, formatTable, percent } from '../src/table';

describe('formatTable', () => {
  it('pads columns to their widest cell, names left and numbers right', () => {
    const text = formatTable(
      [{ header: 'class', align: 'left' }, { header: 'DSC' }],
      [
        ['anterior', '0.812'],
        ['posterior', '0.9'],
      ],
    );
    expect(text).toBe(
      ['class        DSC', '---------  -----', 'anterior   0.812', 'posterior    0.9', ''].join('\n'),
    );
  });

  it('formats missing values as dashes', () => {
    expect([
      fixed(Number.NaN, 2),
      fixed(null, 2),
      fixed(1 / 3, 3),
      percent(0.0231),
      percent(Number.NaN),
    ]).toEqual(['-', '-', '0.333', '2.31%', '-']);
    expect([duration(5), duration(65), duration(3725), count(1, 'case'), count(2, 'case')]).toEqual([
      '0:05',
      '1:05',
      '1:02:05',
      '1 case',
      '2 cases',
    ]);
  });
});

describe('createProgress', () => {
  it('prints a first plain line, then one per tenth of the work, without a terminal', () => {
    const stream = new MemoryStream(false);
    let t = 0;
    const bar = createProgress(stream, 'segmenting', 20, { unit: 'cases', now: () => t });
    for (let i = 1; i <= 20; i++) {
      t += 1000;
      bar.update(i);
    }
    bar.finish();
    const lines = stream.text().trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('segmenting: 1/20 cases (5%) 0:01 < 0:19');
    expect(lines[1]).toBe('segmenting: 2/20 cases (10%) 0:02 < 0:18');
    expect(lines[10]).toBe('segmenting: 20/20 cases (100%) 0:20');
    expect(stream.text()).not.toContain('\r');
  });

  it('honours plainLines and prints a final note', () => {
    const stream = new MemoryStream(false);
    const bar = createProgress(stream, 'epoch 1/2', 10, { unit: 'steps', plainLines: 2, now: () => 0 });
    for (let i = 1; i <= 10; i++) bar.update(i, `loss ${i}`);
    bar.finish('done');
    expect(stream.text()).toBe(
      [
        'epoch 1/2: 1/10 steps (10%) 0:00 < 0:00  loss 1',
        'epoch 1/2: 5/10 steps (50%) 0:00 < 0:00  loss 5',
        'epoch 1/2: 10/10 steps (100%) 0:00  loss 10',
        'epoch 1/2: 10/10 steps (100%) 0:00  done',
        '',
      ].join('\n'),
    );
  });

  it('redraws one line in a terminal, at most ten times a second', () => {
    const stream = new MemoryStream(true, 80);
    let t = 0;
    const bar = createProgress(stream, 'loading', 4, { now: () => t });
    bar.update(1);
    t = 50;
    bar.update(2); // within 100 ms of the last draw: skipped
    t = 200;
    bar.update(3);
    bar.finish();
    const draws = stream.text().split('\r\x1b[2K').filter(Boolean);
    expect(draws).toHaveLength(3);
    expect(draws[0]).toBe(`loading [${'#'.repeat(6)}${'.'.repeat(18)}] 1/4 0:00 < 0:00`);
    expect(draws[2]).toBe(`loading [${'#'.repeat(18)}${'.'.repeat(6)}] 3/4 0:00 < 0:00\n`);
  });

  it('keeps a terminal line within the width, unless the terminal reports none', () => {
    const narrow = new MemoryStream(true, 30);
    createProgress(narrow, 'segmenting with hippocampus-rce', 4, { now: () => 0 }).update(1);
    expect(narrow.text()).toBe(`\r\x1b[2K${'segmenting with hippocampus-rce [######'.slice(0, 29)}`);
    const unknown = new MemoryStream(true, 0);
    createProgress(unknown, 'segmenting', 4, { now: () => 0 }).update(4);
    expect(unknown.text()).toBe(`\r\x1b[2Ksegmenting [${'#'.repeat(24)}] 4/4 0:00`);
  });
});
