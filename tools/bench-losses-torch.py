#!/usr/bin/python3
"""PyTorch peer of @seglens/losses for `npm run bench:losses`.

Implements the same formulas as packages/losses (paper defaults: tau = 10, gamma = 2, lambda = 1 for L1 and
0.1 for KL and every Dice term, ignore index 255, C == 1 is binary mode), times each loss forward and
forward+backward on the inputs the Node bench wrote, and prints one JSON object on stdout:

  {"torch": "1.13.0", "threads": 1,
   "results": {"<input key>": {"<loss>": {"value": v, "forwardMs": m, "forwardBackwardMs": m,
                                            "forwardReps": n, "forwardBackwardReps": n}}}}

Usage: /usr/bin/python3 tools/bench-losses-torch.py <dir with meta.json>   (Debian's python3 has torch)
meta.json: {"ignoreIndex": 255, "threads": 1, "budgetMs": 1500, "maxReps": 5, "losses": [...],
            "inputs": [{"key": "...", "shape": [B, ..., C], "logits": "<float32 file>", "labels": "<int32 file>"}]}
Timing: one warm-up call (kept as a run when slower than 0.5 s), then as many repetitions as fit in budgetMs
(at least 1, at most maxReps); median.
"""
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

EPS = 1e-10
DICE_EPS = 1e-7


class Flat:
    """logits [B, N, C], valid [B, N] (float), target [B, N, C] one-hot x valid (binary: [B, N, 1] foreground)."""

    def __init__(self, z, y, ignore):
        self.z = z
        self.binary = z.shape[-1] == 1
        keep = y != ignore
        self.valid = keep.float()
        if self.binary:
            self.target = ((y == 1) & keep).float().unsqueeze(-1)
        else:
            safe = torch.where(keep, y, torch.zeros_like(y))
            self.target = F.one_hot(safe, z.shape[-1]).float() * self.valid.unsqueeze(-1)


def label_log_prob(f):
    if f.binary:
        z, fg = f.z.squeeze(-1), f.target.squeeze(-1)
        return fg * F.logsigmoid(z) + (f.valid - fg) * F.logsigmoid(-z)
    return (F.log_softmax(f.z, -1) * f.target).sum(-1)


def class_counts(f):
    fg = f.target.sum((0, 1))
    return torch.cat([f.valid.sum().reshape(1) - fg, fg]) if f.binary else fg


def cross_entropy(f, weights=None):
    nll = -label_log_prob(f)
    if weights is None:
        return nll.sum() / f.valid.sum().clamp(min=1)
    if f.binary:
        fg = f.target.squeeze(-1)
        w = fg * weights[1] + (f.valid - fg) * weights[0]
    else:
        w = (f.target * weights).sum(-1)
    total = w.sum()
    return (w * nll).sum() / torch.where(total > 0, total, torch.ones_like(total))


def inverse_frequency(f):
    counts = class_counts(f)
    return (counts > 0).float() / counts.clamp(min=1)


def focal(f, gamma=2.0):
    log_p = label_log_prob(f)
    per_pixel = -log_p
    if gamma != 0:
        per_pixel = (-torch.expm1(log_p)).clamp(min=1e-30).pow(gamma) * per_pixel
    return per_pixel.sum() / f.valid.sum().clamp(min=1)


def normalise(counts, valid):
    n = valid.sum(1, keepdim=True)
    return (counts + EPS) / (n + EPS)


def tempered(f, tau):
    return torch.sigmoid(tau * f.z) if f.binary else torch.softmax(tau * f.z, -1)


def gt_proportions(f):
    return normalise(f.target.sum(1), f.valid)


def pred_proportions(f, tau):
    return normalise((tempered(f, tau) * f.valid.unsqueeze(-1)).sum(1), f.valid)


def binary_pairs(f, tau):
    fg = f.target.squeeze(-1)
    gt = torch.stack([(f.valid - fg).sum(1), fg.sum(1)], 1)
    z = tau * f.z.squeeze(-1)
    pred = torch.stack([(torch.sigmoid(-z) * f.valid).sum(1), (torch.sigmoid(z) * f.valid).sum(1)], 1)
    return normalise(gt, f.valid), normalise(pred, f.valid)


def region_l1(f, tau=10.0):
    return (gt_proportions(f) - pred_proportions(f, tau)).abs().mean()


def region_kl(f, tau=10.0):
    gt, pred = binary_pairs(f, tau) if f.binary else (gt_proportions(f), pred_proportions(f, tau))
    return (gt * (gt.log() - pred.log())).sum(1).mean()


def dice_bias(f, tau=10.0):
    return (pred_proportions(f, tau) + gt_proportions(f) + EPS).log().mean()


def dice_scores(f, smooth=0.0):
    probs = tempered(f, 1.0) * f.valid.unsqueeze(-1)
    truth = f.target.sum((0, 1))
    inter = (probs * f.target).sum((0, 1))
    score = (2 * inter + smooth) / (probs.sum((0, 1)) + truth + smooth).clamp(min=DICE_EPS)
    return score, (truth > 0).float()


def dice(f):
    score, present = dice_scores(f)
    return ((1 - score) * present).mean()


def log_dice(f):
    score, present = dice_scores(f)
    return (-score.clamp(min=DICE_EPS).log() * present).mean()


LOSSES = {
    "crossEntropy": lambda f: cross_entropy(f),
    "weightedCrossEntropy": lambda f: cross_entropy(f, inverse_frequency(f)),
    "focal": lambda f: focal(f),
    "regionL1": lambda f: region_l1(f),
    "regionKL": lambda f: region_kl(f),
    "diceBias": lambda f: dice_bias(f),
    "dice": lambda f: dice(f),
    "logDice": lambda f: log_dice(f),
    "rce": lambda f: cross_entropy(f) + 1.0 * region_l1(f),
    "rfl": lambda f: focal(f) + 1.0 * region_l1(f),
    "diceCE": lambda f: cross_entropy(f) + 0.1 * dice(f),
    "logDiceCE": lambda f: cross_entropy(f) + 0.1 * log_dice(f),
    "diceFocal": lambda f: focal(f) + 0.1 * dice(f),
    "logDiceFocal": lambda f: focal(f) + 0.1 * log_dice(f),
    "dbCE": lambda f: cross_entropy(f) + 0.1 * dice_bias(f),
}


SLOW_MS = 500.0


def timed(run, budget_ms, max_reps):
    """Median ms of run(): a warm-up call first, kept as a run when slower than SLOW_MS (as in the Node bench)."""
    start = time.perf_counter()
    run()
    first = (time.perf_counter() - start) * 1000
    times = [first] if first > SLOW_MS else []
    while len(times) < max_reps and (not times or sum(times) + times[0] <= budget_ms):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(times)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bench-losses-torch.py <dir with meta.json>")
    folder = sys.argv[1]
    with open(os.path.join(folder, "meta.json")) as fh:
        meta = json.load(fh)
    torch.set_num_threads(int(meta.get("threads", 1)))
    budget, max_reps = float(meta.get("budgetMs", 1500)), int(meta.get("maxReps", 5))
    results = {}
    for item in meta["inputs"]:
        shape = item["shape"]
        batch, classes = shape[0], shape[-1]
        logits = np.fromfile(os.path.join(folder, item["logits"]), dtype="<f4").reshape(batch, -1, classes)
        labels = np.fromfile(os.path.join(folder, item["labels"]), dtype="<i4").reshape(batch, -1)
        z = torch.from_numpy(logits.copy())
        y = torch.from_numpy(labels.astype(np.int64))
        per_loss = {}
        for name in meta["losses"]:
            loss = LOSSES[name]

            def forward():
                with torch.no_grad():
                    return float(loss(Flat(z, y, meta["ignoreIndex"])))

            def forward_backward():
                zz = z.clone().requires_grad_(True)
                out = loss(Flat(zz, y, meta["ignoreIndex"]))
                out.backward()
                return zz.grad

            fwd_ms, fwd_reps = timed(forward, budget, max_reps)
            fb_ms, fb_reps = timed(forward_backward, budget, max_reps)
            per_loss[name] = {
                "value": forward(),
                "forwardMs": fwd_ms,
                "forwardBackwardMs": fb_ms,
                "forwardReps": fwd_reps,
                "forwardBackwardReps": fb_reps,
            }
        results[item["key"]] = per_loss
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
