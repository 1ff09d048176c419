/** No function leaves tensors behind: forward, under tf.grad, and for the helpers (checked with tf.memory()). */
import { decompose, gtProportions, lossNames, lossRegistry, predProportions } from '../src';
import { randomCase } from './helpers/random';
import { tensors, tf, useBackend } from './helpers/setup';

beforeAll(() => useBackend('cpu'));

const inputs = [
  ['multi-class', randomCase([2, 4, 4, 3], 61, 0.2)],
  ['binary', randomCase([2, 4, 4, 1], 62, 0.2)],
] as const;

describe.each(inputs)('%s', (_name, c) => {
  test.each(lossNames.map((n) => [n]))(
    '%s: only the returned scalar survives, forward and under tf.grad',
    (name) => {
      const { logits, labels } = tensors(c);
      const before = tf.memory().numTensors;
      const loss = lossRegistry[name].fn(logits, labels);
      expect(tf.memory().numTensors).toBe(before + 1);
      loss.dispose();
      const { value, grads } = tf.valueAndGrads((z: tf.Tensor) => lossRegistry[name].fn(z, labels))([logits]);
      expect(tf.memory().numTensors).toBe(before + 2);
      tf.dispose([value, ...grads]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([logits, labels]);
    },
  );

  test('proportions return one tensor; decompose returns none', () => {
    const { logits, labels } = tensors(c);
    const before = tf.memory().numTensors;
    const C = c.shape[c.shape.length - 1];
    const calls = [
      () => gtProportions(labels, C),
      () => predProportions(logits, labels),
      () => predProportions(logits, null),
    ];
    for (const call of calls) {
      const t = call();
      expect(tf.memory().numTensors).toBe(before + 1);
      t.dispose();
    }
    decompose('ce', logits, labels);
    decompose('logDice', logits, labels);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([logits, labels]);
  });
});
