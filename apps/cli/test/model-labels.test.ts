import { distinctModelLabels } from '../src/model-labels';

describe('distinctModelLabels', () => {
  it.each([
    ['unique card names stay as they are', ['a-rce', 'a-dice'], ['/r/x', '/r/y'], ['a-rce', 'a-dice']],
    [
      'a shared name gets each folder',
      ['ct-dice', 'ct-dice', 'ct-rce'],
      ['/runs/ct-dice', '/runs/ct-dice-bilinear', '/runs/ct-rce'],
      ['ct-dice (ct-dice)', 'ct-dice (ct-dice-bilinear)', 'ct-rce'],
    ],
    [
      'folders of one name get as many components as tell them apart',
      ['m', 'm'],
      ['/a/seed1/run', '/b/seed1/run'],
      ['m (a/seed1/run)', 'm (b/seed1/run)'],
    ],
    [
      "a train --out folder's model/ shows the run's folder",
      ['m', 'm'],
      ['/runs/one/model', '/runs/two/model'],
      ['m (one/model)', 'm (two/model)'],
    ],
    ['the same folder twice is numbered', ['m', 'm'], ['/r/x', '/r/x/'], ['m (x #1)', 'm (x #2)']],
  ])('%s', (_what, names, dirs, expected) => {
    expect(distinctModelLabels(names, dirs)).toEqual(expected);
  });

  it('refuses lists of different lengths', () => {
    expect(() => distinctModelLabels(['a'], [])).toThrow('1 names but 0 folders');
  });
});
