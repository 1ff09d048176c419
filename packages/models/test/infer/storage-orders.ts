// One letter of each pair, each sign, in every axis order: all 48 axis-aligned storage orders of a volume
// (orientation codes such as 'RAS', 'LPI', 'SRA'), for tests that walk a volume stored every possible way.
const PAIRS = ['LR', 'PA', 'IS'];

export const STORAGE_ORDERS: readonly string[] = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
].flatMap((order) =>
  [0, 1, 2, 3, 4, 5, 6, 7].map((signs) => order.map((p, a) => PAIRS[p][(signs >> a) & 1]).join('')),
);
