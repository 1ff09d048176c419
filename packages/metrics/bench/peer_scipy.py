"""Peer for the metrics benchmark: the same per-class metrics written with numpy + scipy.ndimage, the way
MONAI-style Python pipelines compute them (binary_erosion surfaces, distance_transform_edt with sampling).

Usage: /usr/bin/python3 peer_scipy.py <dir> where <dir> holds case.json, pred.u8 and truth.u8 written by
evaluate.bench.mjs. Prints one JSON object: per-class metrics and the median evaluation time in ms.
Exits with status 3 when scipy is missing, so the benchmark can say so instead of failing.
"""
import json
import sys
import time

import numpy as np

try:
    from scipy import ndimage
except ImportError:
    print("scipy is not installed (Debian: apt-get install python3-scipy)", file=sys.stderr)
    sys.exit(3)

SLACK_MM = 1e-9


def surface(mask):
    # 6/4-connected erosion with the image border outside the mask, as in the TypeScript package.
    structure = ndimage.generate_binary_structure(mask.ndim, 1)
    return mask & ~ndimage.binary_erosion(mask, structure=structure, border_value=0)


def directed(from_surface, to_surface, spacing):
    if not to_surface.any():
        return np.full(int(from_surface.sum()), np.inf)
    edt = ndimage.distance_transform_edt(~to_surface, sampling=spacing)
    return edt[from_surface]


def evaluate(pred, truth, num_classes, spacing, tolerance):
    # Axes of length 1 are dropped so that a 2D image is eroded in 2D (4-connectivity).
    keep = [a for a in range(pred.ndim) if pred.shape[a] > 1]
    pred = pred.squeeze()
    truth = truth.squeeze()
    spacing = [spacing[a] for a in keep]
    out = []
    for k in range(1, num_classes):
        a = pred == k
        b = truth == k
        tp = int((a & b).sum())
        sa, sb = int(a.sum()), int(b.sum())
        row = {"classIndex": k, "dsc": 1.0 if sa + sb == 0 else 2 * tp / (sa + sb)}
        if sa == 0 or sb == 0:
            row.update(hd95=None, assd=None, nsd=None)
            out.append(row)
            continue
        # Crop to the class box plus a zero margin (MONAI crops too); the margin keeps the border rule.
        idx = np.nonzero(a | b)
        box = tuple(slice(i.min(), i.max() + 1) for i in idx)
        ca = np.pad(a[box], 1)
        cb = np.pad(b[box], 1)
        pa, pb = surface(ca), surface(cb)
        d_ab = directed(pa, pb, spacing)
        d_ba = directed(pb, pa, spacing)
        both = np.concatenate([d_ab, d_ba])
        row.update(
            hd95=float(max(np.percentile(d_ab, 95), np.percentile(d_ba, 95))),
            assd=float(both.mean()),
            nsd=float((both <= tolerance + SLACK_MM).sum() / both.size),
        )
        out.append(row)
    return out


def main():
    folder = sys.argv[1]
    with open(f"{folder}/case.json") as f:
        case = json.load(f)
    nx, ny, nz = case["dims"]
    shape = (nz, ny, nx)  # x fastest in the files, so numpy's last axis is x
    pred = np.fromfile(f"{folder}/pred.u8", dtype=np.uint8).reshape(shape)
    truth = np.fromfile(f"{folder}/truth.u8", dtype=np.uint8).reshape(shape)
    spacing = list(reversed(case["spacing"]))
    times = []
    result = None
    for _ in range(case["runs"]):
        start = time.perf_counter()
        result = evaluate(pred, truth, case["numClasses"], spacing, case["nsdTolerance"])
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"medianMs": float(np.median(times)), "perClass": result}))


if __name__ == "__main__":
    main()
