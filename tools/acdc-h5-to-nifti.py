#!/usr/bin/env python3
"""ACDC HDF5 files -> NIfTI volumes, for tools/fetch-data.mjs (acdc-cardiac-mr).

usage: acdc-h5-to-nifti.py <h5 folder> <out folder>

The source (antares0811/3DCardiac, data/ACDC/data) keeps each end-diastole/end-systole frame either as one file
`patientNNN_frameMM.h5` (datasets `image` and `label`, slices first) or as one file per slice
`patientNNN_frameMM_slice_S.h5` (S from 1). Slice files are joined back in slice order. Images (0..1 per volume)
are stored as uint8 (x255, rounded), labels as uint8 class indices, with an identity affine: the source kept no
voxel spacing. Writes <out>/images/<frame>.nii.gz and <out>/labels/<frame>.nii.gz; prints the file count last.
Needs h5py and numpy (Debian: python3-h5py).
"""
import gzip
import os
import re
import struct
import sys

import h5py
import numpy as np

WHOLE = re.compile(r"^(patient\d+_frame\d+)\.h5$")
SLICE = re.compile(r"^(patient\d+_frame\d+)_slice_(\d+)\.h5$")


def nifti_bytes(volume, description, labels):
    """A gzipped single-file NIfTI-1 of a uint8 array shaped (slices, rows, columns): x = column, y = row."""
    nz, ny, nx = volume.shape
    header = bytearray(352)
    struct.pack_into("<i", header, 0, 348)
    struct.pack_into("<8h", header, 40, 3, nx, ny, nz, 1, 1, 1, 1)
    struct.pack_into("<h", header, 68, 1002 if labels else 0)  # intent: label map
    struct.pack_into("<hh", header, 70, 2, 8)  # uint8, 8 bits
    struct.pack_into("<8f", header, 76, 1, 1, 1, 1, 1, 1, 1, 1)
    struct.pack_into("<ff", header, 108, 352, 1.0)  # vox_offset, scl_slope
    header[123] = 2  # millimetres (the source says nothing; 1 voxel = 1 mm)
    header[148 : 148 + len(description)] = description.encode("ascii")
    struct.pack_into("<hh", header, 252, 0, 2)  # no qform; sform aligned
    for row, values in enumerate(([1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0])):
        struct.pack_into("<4f", header, 280 + 16 * row, *values)
    header[344:348] = b"n+1\0"
    return gzip.compress(bytes(header) + np.ascontiguousarray(volume, dtype=np.uint8).tobytes())


def read(path):
    with h5py.File(path, "r") as f:
        if "image" not in f or "label" not in f:
            raise SystemExit(f"{path}: no 'image' and 'label' datasets (found {list(f.keys())})")
        return np.asarray(f["image"]), np.asarray(f["label"])


def main(src, out):
    frames = {}
    for name in sorted(os.listdir(src)):
        whole, part = WHOLE.match(name), SLICE.match(name)
        if whole:
            frames.setdefault(whole.group(1), {})[0] = name
        elif part:
            frames.setdefault(part.group(1), {})[int(part.group(2))] = name
    for sub in ("images", "labels"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    count = 0
    for frame, files in sorted(frames.items()):
        if 0 in files:
            image, label = read(os.path.join(src, files[0]))
        else:
            order = sorted(files)
            if order != list(range(1, len(order) + 1)):
                raise SystemExit(f"{frame}: slice files {order} are not 1..{len(order)}")
            pairs = [read(os.path.join(src, files[s])) for s in order]
            image = np.stack([p[0] for p in pairs])
            label = np.stack([p[1] for p in pairs])
        if image.shape != label.shape or image.ndim != 3:
            raise SystemExit(f"{frame}: image {image.shape} and label {label.shape} are not one volume")
        if image.min() < 0 or image.max() > 1:
            raise SystemExit(f"{frame}: image values span {image.min()}..{image.max()}, expected 0..1")
        if label.min() < 0 or label.max() > 3:
            raise SystemExit(f"{frame}: label values span {label.min()}..{label.max()}, expected 0..3")
        pixels = np.rint(image * 255).astype(np.uint8)
        with open(os.path.join(out, "images", f"{frame}.nii.gz"), "wb") as f:
            f.write(nifti_bytes(pixels, "ACDC image x255", False))
        with open(os.path.join(out, "labels", f"{frame}.nii.gz"), "wb") as f:
            f.write(nifti_bytes(label.astype(np.uint8), "ACDC labels", True))
        count += 2
    print(count)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
