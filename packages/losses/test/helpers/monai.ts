/**
 * Published expected values of MONAI's loss tests (tests/losses/test_dice_loss.py, test_focal_loss.py,
 * test_dice_ce_loss.py) with their inputs. MONAI is channels-first [B, C, ...]; the inputs are transposed to
 * channels-last here. Where MONAI reduces differently, the conversion is stated next to the case.
 */
import type { Case } from './random';

/** [B][C][N] channels-first to a channels-last Case with one flattened spatial axis. */
export function channelsLast(input: number[][][], labels: number[][]): Case {
  const [B, C, N] = [input.length, input[0].length, input[0][0].length];
  const logits: number[] = [];
  for (let b = 0; b < B; b++)
    for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) logits.push(input[b][c][i]);
  return { shape: [B, N, C], logits, labels: labels.flat(), ignoreIndex: 255 };
}

/** The Case of image b alone. */
export function imageOf(c: Case, b: number): Case {
  const [, N, C] = c.shape;
  return {
    shape: [1, N, C],
    logits: c.logits.slice(b * N * C, (b + 1) * N * C),
    labels: c.labels.slice(b * N, (b + 1) * N),
    ignoreIndex: c.ignoreIndex,
  };
}

export const monaiCases = {
  // test_dice_loss.py: {"include_background": True, "sigmoid": True, "smooth_nr": 1e-6, "smooth_dr": 1e-6}
  sigmoidDice: { c: channelsLast([[[1, -1, -1, 1]]], [[1, 0, 1, 1]]), smooth: 1e-6, expected: 0.307576 },
  // same loss, smooth 1e-4, two images (MONAI averages the per-image losses)
  sigmoidDiceTwoImages: {
    c: channelsLast(
      [[[1, -1, -1, 1]], [[1, -1, -1, 1]]],
      [
        [1, 1, 1, 1],
        [1, 0, 1, 0],
      ],
    ),
    smooth: 1e-4,
    expected: 0.416657,
  },
  // {"include_background": True, "to_onehot_y": True, "softmax": True, "smooth_nr": 1e-4, "smooth_dr": 1e-4}
  softmaxDice: {
    c: channelsLast(
      [
        [
          [-1, 0, 1],
          [1, 0, -1],
        ],
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
      ],
      [
        [1, 0, 0],
        [1, 1, 0],
      ],
    ),
    smooth: 1e-4,
    expected: 0.383713,
  },
  // test_focal_loss.py: {"to_onehot_y": True, "use_softmax": True}, gamma 2: 0.16276, a mean over the C·N
  // entries of MONAI's per-class loss map, where only the label's channel is non-zero: ours (per pixel) is 3×.
  softmaxFocal: {
    c: channelsLast(
      [
        [
          [1, 1, 0.5, 0],
          [1, 1, 0.5, 0],
          [1, 1, 0.5, 0],
        ],
      ],
      [[0, 1, 2, 0]],
    ),
    expected: 0.16276 * 3,
  },
  // test_dice_ce_loss.py case 1, {"to_onehot_y": True}: 0.3133 = −1 + ln(1 + e). MONAI's Dice there runs on the
  // raw one-hot inputs, which match the labels exactly (Dice part 0), so the published value is its CE part.
  diceCeCePart: {
    c: channelsLast(
      [
        [
          [1, 1, 0],
          [0, 0, 1],
        ],
        [
          [1, 0, 1],
          [0, 1, 0],
        ],
      ],
      [
        [0, 0, 1],
        [0, 1, 0],
      ],
    ),
    expected: 0.3133,
  },
};
