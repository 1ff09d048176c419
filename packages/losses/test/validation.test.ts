/** Bad input gets an Error naming the argument and the problem; validate: false skips only the data checks. */
import {
  crossEntropy,
  decompose,
  dice,
  focal,
  getLoss,
  gtProportions,
  predProportions,
  rce,
  regionKL,
  type LossName,
} from '../src';
import { tf, useBackend } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const z = (shape: number[], fill = 0.5) => tf.fill(shape, fill, 'float32');
const y = (shape: number[], fill = 0) => tf.fill(shape, fill, 'int32');

/** Runs `f` on fresh tensors and disposes them whatever happens. */
function withTensors(make: () => tf.Tensor[], f: (...t: tf.Tensor[]) => unknown): () => unknown {
  return () => {
    const tensors = make();
    try {
      return f(...tensors);
    } finally {
      tf.dispose(tensors);
    }
  };
}

test.each<[string, () => tf.Tensor[], RegExp]>([
  [
    'logits of rank 2',
    () => [z([4, 3]), y([4])],
    /crossEntropy: logits must have shape \[B, \.\.\.spatial, C\] \(rank >= 3\), got rank 2 \[4, 3\]/,
  ],
  [
    'int32 logits',
    () => [y([1, 2, 2, 3]), y([1, 2, 2])],
    /crossEntropy: logits must have dtype float32, got int32/,
  ],
  [
    'float labels',
    () => [z([1, 2, 2, 3]), z([1, 2, 2])],
    /crossEntropy: labels must have dtype int32 \(class indices\), got float32/,
  ],
  [
    'labels of another shape',
    () => [z([2, 3, 3, 3]), y([2, 3, 4])],
    /labels must have shape \[2, 3, 3\] \(logits \[2, 3, 3, 3\] without its class axis\), got \[2, 3, 4\]/,
  ],
  [
    'labels with a trailing channel axis',
    () => [z([2, 3, 3, 3]), y([2, 3, 3, 1])],
    /got \[2, 3, 3, 1\]; squeeze its trailing channel axis first/,
  ],
  ['an empty axis', () => [z([1, 0, 3, 2]), y([1, 0, 3])], /logits has an empty axis: \[1, 0, 3, 2\]/],
  [
    'a label equal to C',
    () => [
      z([1, 2, 3, 3]),
      tf.tensor3d(
        [
          [
            [0, 1, 2],
            [2, 3, 255],
          ],
        ],
        [1, 2, 3],
        'int32',
      ),
    ],
    /labels must be in \[0, 3\) or equal ignoreIndex 255, got 3 at \[0, 1, 1\]/,
  ],
  [
    'a negative label',
    () => [z([1, 1, 2, 2]), tf.tensor3d([[[0, -1]]], [1, 1, 2], 'int32')],
    /labels must be in \[0, 2\) or equal ignoreIndex 255, got -1 at \[0, 0, 1\]/,
  ],
  [
    'label 2 in binary mode',
    () => [z([1, 1, 2, 1]), tf.tensor3d([[[1, 2]]], [1, 1, 2], 'int32')],
    /labels must be in \[0, 2\).*got 2 at \[0, 0, 1\] \(binary mode/,
  ],
  [
    'a NaN logit',
    () => [tf.tensor4d([0, 1, NaN, 2], [1, 1, 2, 2]), y([1, 1, 2])],
    /crossEntropy: logits must be finite, got NaN at \[0, 0, 1, 0\]/,
  ],
  [
    'an infinite logit',
    () => [tf.tensor4d([0, -Infinity], [1, 1, 1, 2]), y([1, 1, 1])],
    /logits must be finite, got -Infinity at \[0, 0, 0, 1\]/,
  ],
  [
    'a tensor-less argument',
    () => [z([1, 2, 2, 2])],
    /crossEntropy: labels must be a tf.Tensor, got undefined/,
  ],
])('crossEntropy rejects %s', (_name, make, message) => {
  expect(withTensors(make, (logits, labels) => crossEntropy(logits, labels))).toThrow(message);
});

test.each<[string, () => unknown, RegExp]>([
  [
    'negative gamma',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => focal(a, b, { gamma: -1 }),
    ),
    /focal: option gamma must be a finite number >= 0, got -1/,
  ],
  [
    'negative lambda',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => rce(a, b, { lambda: -0.5 }),
    ),
    /rce: option lambda must be a finite number >= 0, got -0.5/,
  ],
  [
    'zero temperature',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => regionKL(a, b, { temperature: 0 }),
    ),
    /regionKL: option temperature must be a finite number > 0, got 0/,
  ],
  [
    'negative temperature',
    withTensors(
      () => [z([1, 2, 2, 2])],
      (a) => predProportions(a, null, { temperature: -10 }),
    ),
    /predProportions: option temperature must be a finite number > 0, got -10/,
  ],
  [
    'NaN smooth',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => dice(a, b, { smooth: NaN }),
    ),
    /dice: option smooth must be a finite number >= 0, got NaN/,
  ],
  [
    'unknown penalty',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => rce(a, b, { penalty: 'l2' as 'l1' }),
    ),
    /rce: option penalty must be 'l1' or 'kl', got "l2"/,
  ],
  [
    'misspelt option',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => focal(a, b, { gama: 1 } as object),
    ),
    /focal: unknown option 'gama' \(known: gamma, ignoreIndex, validate\)/,
  ],
  [
    'non-integer ignoreIndex',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => dice(a, b, { ignoreIndex: 2.5 }),
    ),
    /dice: option ignoreIndex must be an integer, got 2.5/,
  ],
  [
    'classWeights of the wrong length',
    withTensors(
      () => [z([1, 2, 2, 3]), y([1, 2, 2])],
      (a, b) => crossEntropy(a, b, { classWeights: [1, 2] }),
    ),
    /classWeights has 2 values but the logits need 3 weights \(one per class\)/,
  ],
  [
    'binary classWeights of length 1',
    withTensors(
      () => [z([1, 2, 2, 1]), y([1, 2, 2])],
      (a, b) => crossEntropy(a, b, { classWeights: [1] }),
    ),
    /need 2 weights \(\[background, foreground\]\) in binary mode/,
  ],
  [
    'a negative class weight',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => crossEntropy(a, b, { classWeights: [1, -2] }),
    ),
    /classWeights\[1\] must be a finite number >= 0, got -2/,
  ],
  [
    'all-zero class weights',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => crossEntropy(a, b, { classWeights: [0, 0] }),
    ),
    /classWeights are all 0/,
  ],
  [
    'a bad decomposition kind',
    withTensors(
      () => [z([1, 2, 2, 2]), y([1, 2, 2])],
      (a, b) => decompose('dice' as 'ce', a, b),
    ),
    /decompose: kind must be 'ce' or 'logDice', got "dice"/,
  ],
  [
    'numClasses 0',
    withTensors(
      () => [y([1, 2, 2])],
      (b) => gtProportions(b, 0),
    ),
    /gtProportions: numClasses must be an integer >= 1, got 0/,
  ],
  [
    'a label beyond numClasses',
    withTensors(
      () => [y([1, 2, 2], 4)],
      (b) => gtProportions(b, 3),
    ),
    /gtProportions: labels must be in \[0, 3\) or equal ignoreIndex 255, got 4 at \[0, 0, 0\]/,
  ],
])('options: %s', (_name, call, message) => {
  expect(call).toThrow(message);
});

test('a bad option is reported even when the tensors are missing too (options are checked first)', () => {
  expect(() => focal(undefined as never, undefined as never, { gamma: -2 })).toThrow(/option gamma/);
});

test('getLoss rejects an unknown name and bad options at once, before any tensor', () => {
  expect(() => getLoss('diceLoss' as LossName)).toThrow(
    /getLoss: unknown loss name "diceLoss" \(known: crossEntropy, .*dbCE\)/,
  );
  expect(() => getLoss('rfl', { gamma: -1 })).toThrow(
    /rfl: option gamma must be a finite number >= 0, got -1/,
  );
  expect(() => getLoss('diceCE', { lambda: Infinity })).toThrow(
    /diceCE: option lambda must be a finite number >= 0, got Infinity/,
  );
});

test('validate: false skips the value checks (NaN flows through) but not the shape checks', () => {
  const nan = withTensors(
    () => [tf.tensor4d([0, NaN], [1, 1, 1, 2]), y([1, 1, 1])],
    (a, b) => crossEntropy(a, b, { validate: false }).dataSync()[0],
  )();
  expect(nan).toBeNaN();
  expect(
    withTensors(
      () => [z([2, 3, 3, 3]), y([2, 3, 4])],
      (a, b) => crossEntropy(a, b, { validate: false }),
    ),
  ).toThrow(/labels must have shape/);
});

test('a failed check leaves no tensor behind', () => {
  const logits = tf.tensor4d([0, 1, 2, 9], [1, 1, 2, 2]);
  const labels = tf.tensor3d([[[0, 7]]], [1, 1, 2], 'int32');
  const before = tf.memory().numTensors;
  expect(() => rce(logits, labels)).toThrow(/got 7/);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([logits, labels]);
});
