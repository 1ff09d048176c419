#!/usr/bin/env python3
"""PyTorch peer of @seglens/models' U-Net benchmark (packages/models/bench).

Builds the same network as createUNet() in packages/models/src/unet (two 3x3 conv + norm + ReLU per level,
2x2 max-pool, 2x2 stride-2 transposed conv or bilinear + 1x1 conv up, skip concat, 1x1 head, logits out),
then times a training step (Adam, softmax cross-entropy on random labels) and inference per image, for each
requested thread count. With batch norm, inference is timed as the network is and with the normalisation folded
into the convolutions (as @seglens/models' segment() runs it), and the faster of the two is the peer's time.
With --source-size HxW it also times what segment() does around the network for slices of that size (the viewer's
in-model time): the card's fit to the input size (bilinear with half-pixel centres, or a centred pad), the
network, softmax, the class scores back to HxW, the per-voxel probabilities laid out class-last and the argmax
(pipelineMsPerSlice); and the same keeping the labels and the scores at the input size instead of the
probabilities (pipelineLabelsMsPerSlice: segment() with modelScores, what the viewer runs). With --layers it times
instead one 3x3 convolution + ReLU per layer shape of the reference network (the peer of `node bench/run.mjs
filter-grad`'s forward-convolution column). Prints one JSON object on stdout. Run with Debian's /usr/bin/python3 (it has torch).
"""
import argparse
import copy
import json
import statistics
import time

import torch
from torch import nn
from torch.nn import functional as F
from torch.nn.utils.fusion import fuse_conv_bn_eval


def norm_layer(kind, channels):
    if kind == "batch":
        return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)
    if kind == "instance":
        return nn.InstanceNorm2d(channels, eps=1e-5, affine=True)
    return None


class ConvBlock(nn.Sequential):
    def __init__(self, cin, cout, norm):
        layers = [nn.Conv2d(cin, cout, 3, padding=1, bias=norm == "none")]
        n = norm_layer(norm, cout)
        if n is not None:
            layers.append(n)
        layers.append(nn.ReLU(inplace=True))
        super().__init__(*layers)


class UNet(nn.Module):
    def __init__(self, in_ch, classes, depth, base, norm, upsampling):
        super().__init__()
        f = [base * 2**i for i in range(depth)]
        self.enc = nn.ModuleList()
        c = in_ch
        for level in range(depth):
            self.enc.append(nn.Sequential(ConvBlock(c, f[level], norm), ConvBlock(f[level], f[level], norm)))
            c = f[level]
        self.up = nn.ModuleList()
        self.dec = nn.ModuleList()
        for level in reversed(range(depth - 1)):
            if upsampling == "transpose":
                self.up.append(nn.ConvTranspose2d(c, f[level], 2, stride=2))
            else:
                self.up.append(nn.Sequential(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), nn.Conv2d(c, f[level], 1)))
            self.dec.append(nn.Sequential(ConvBlock(2 * f[level], f[level], norm), ConvBlock(f[level], f[level], norm)))
            c = f[level]
        self.head = nn.Conv2d(c, classes, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.enc):
            x = block(x)
            if i < len(self.enc) - 1:
                skips.append(x)
                x = self.pool(x)
        for up, dec in zip(self.up, self.dec):
            x = dec(torch.cat([skips.pop(), up(x)], dim=1))
        return self.head(x)


def fold_batch_norm(model):
    """An inference copy with each conv -> BatchNorm2d folded into one conv, as @seglens/models' segment() runs
    its U-Net (foldBatchNorm), so that both sides of the inference ratio do the same arithmetic."""
    folded = copy.deepcopy(model).eval()
    for block in folded.modules():
        if isinstance(block, ConvBlock) and isinstance(block[1], nn.BatchNorm2d):
            block[0] = fuse_conv_bn_eval(block[0], block[1])
            block[1] = nn.Identity()
    return folded


def centred_pads(have, want):
    """F.pad amounts (before, after) that centre `have` pixels in `want` (negative: crop), as segment()'s fit."""
    before = (want - have) // 2
    return before, want - have - before


def fit(x, size, mode):
    """S x S slices to the model's input, as segment()'s fitImages: bilinear with half-pixel centres, or centred pad."""
    if mode == "resize":
        return F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    top, bottom = centred_pads(x.shape[2], size)
    left, right = centred_pads(x.shape[3], size)
    return F.pad(x, (left, right, top, bottom))


def unfit(scores, target, mode):
    """The model's class scores back to the slice's size, as segment()'s unfitScores."""
    if mode == "resize":
        return F.interpolate(scores, size=target, mode="bilinear", align_corners=False)
    top, bottom = centred_pads(target[0], scores.shape[2])
    left, right = centred_pads(target[1], scores.shape[3])
    return F.pad(scores, (-left, -right, -top, -bottom))


def measure(args, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = UNet(args.in_channels, args.classes, args.depth, args.base, args.norm, args.upsampling)
    images = torch.randn(args.batch, args.in_channels, args.size, args.size)
    labels = torch.randint(0, args.classes, (args.batch, args.size, args.size))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()
        return loss.item()

    model.train()
    first = step()  # warm-up
    t0 = time.perf_counter()
    for _ in range(args.steps):
        last = step()
    train_ms = (time.perf_counter() - t0) * 1000 / args.steps
    model.eval()

    def per_batch(make, run):
        """ms per image from --infer-batches calls of run(net): their mean with the fold made inside the first
        (as segment() folds once per volume), or with --stat median their median batch (the viewer's worker keeps
        its fold, and one slow batch, another process taking the core, does not move a median)."""
        times = []
        t1 = time.perf_counter()
        net = make()
        for _ in range(args.infer_batches):
            run(net)
            t2 = time.perf_counter()
            times.append((t2 - t1) * 1000)
            t1 = t2
        batch_ms = statistics.median(times) if args.stat == "median" else sum(times) / len(times)
        return batch_ms / args.batch

    def infer(make):  # ms per image
        return per_batch(make, lambda net: net(images))

    with torch.no_grad():
        folded = fold_batch_norm(model)
        if not torch.allclose(folded(images), model(images), rtol=1e-4, atol=1e-4):
            raise SystemExit("bench-unet-torch: the folded network's logits differ from the network's")
        # Folding does not always make PyTorch faster on this CPU (oneDNN): time both, the peer is the faster.
        infer_plain = infer(lambda: model)
        infer_folded = infer(lambda: fold_batch_norm(model)) if args.norm == "batch" else None
    infer_ms = min(t for t in (infer_plain, infer_folded) if t is not None)
    pipeline_ms = labels_ms = None
    if args.source_size:
        use_folded = infer_folded is not None and infer_folded < infer_plain
        height, width = args.source_size
        slices = torch.randn(args.batch, args.in_channels, height, width)

        def pipeline(keep_probabilities):
            def run(net):
                # Resized channels-last (PyTorch's faster layout for this, measured), so that the class-last
                # probabilities segment() returns are a view, not another copy.
                small = torch.softmax(net(fit(slices, args.size, args.fit)), dim=1)
                small = small.contiguous(memory_format=torch.channels_last)
                scores = unfit(small, (height, width), args.fit)
                if keep_probabilities:
                    scores.permute(0, 2, 3, 1).contiguous().argmax(dim=-1).to(torch.uint8)
                else:  # the labels, and the scores at the model's size (segment()'s modelScores)
                    scores.argmax(dim=1).to(torch.uint8)
                    small.permute(0, 2, 3, 1).contiguous()

            return per_batch(lambda: fold_batch_norm(model) if use_folded else model, run)

        with torch.no_grad():
            pipeline_ms = pipeline(True)
            labels_ms = pipeline(False)
    return {
        "threads": threads,
        "trainMsPerStep": train_ms,
        "inferMsPerImage": infer_ms,
        "inferMsPerImagePlain": infer_plain,
        "inferMsPerImageFolded": infer_folded,
        "pipelineMsPerSlice": pipeline_ms,
        "pipelineLabelsMsPerSlice": labels_ms,
        "firstLoss": first,
        "lastLoss": last,
    }


# The 3x3 'same' layers of the reference network (batch 8) that packages/models/bench/filter-grad.ts times on the
# TF.js side: (size, in channels, out channels).
LAYER_SHAPES = [(128, 8, 8), (128, 16, 16), (64, 16, 32), (32, 32, 64), (16, 64, 128), (8, 128, 128)]


def measure_layers(args, threads):
    """Per layer shape: one 3x3 'same' convolution with bias + ReLU (what a folded conv -> BN -> ReLU is at
    inference), NCHW, median of --calls calls after 5 warm-ups, in ms and GFLOP/s (2 flops per multiply-add)."""
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    rows = []
    with torch.no_grad():
        for size, cin, cout in LAYER_SHAPES:
            x = torch.randn(args.batch, cin, size, size)
            w = torch.randn(cout, cin, 3, 3)
            b = torch.randn(cout)
            for _ in range(5):
                F.relu(F.conv2d(x, w, b, padding=1))
            ms = []
            for _ in range(args.calls):
                t0 = time.perf_counter()
                F.relu(F.conv2d(x, w, b, padding=1))
                ms.append((time.perf_counter() - t0) * 1000)
            median = sorted(ms)[len(ms) // 2]
            flops = 2 * args.batch * size * size * 9 * cin * cout
            rows.append({"size": size, "in": cin, "out": cout, "ms": median, "gflops": flops / median / 1e6})
    return {"threads": threads, "layers": rows}


def source_size(text):
    parts = text.lower().split("x")
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise argparse.ArgumentTypeError(f"--source-size must be HxW or S in pixels, got {text}")
    return int(parts[0]), int(parts[1])


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--infer-batches", type=int, default=10)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--base", type=int, default=16)
    p.add_argument("--in-channels", type=int, default=1)
    p.add_argument("--classes", type=int, default=2)
    p.add_argument("--norm", choices=["batch", "instance", "none"], default="none")
    p.add_argument("--upsampling", choices=["transpose", "bilinear"], default="transpose")
    p.add_argument("--threads", type=str, default="2", help="comma-separated thread counts, e.g. 1,2")
    p.add_argument("--source-size", type=source_size, default=None, help="HxW (or S): also time segment()'s pipeline")
    p.add_argument("--fit", choices=["resize", "pad"], default="resize", help="how slices meet the input (the card's fit)")
    p.add_argument("--layers", action="store_true", help="time one 3x3 convolution + ReLU per layer shape instead")
    p.add_argument("--stat", choices=["mean", "median"], default="mean",
                   help="inference per image: the mean of --infer-batches batches, or their median batch")
    p.add_argument("--calls", type=int, default=21, help="calls per layer shape with --layers (the median is kept)")
    args = p.parse_args()
    if args.layers:
        if args.calls < 1:
            p.error(f"--calls must be a positive integer, got {args.calls}")
        runs = [measure_layers(args, int(t)) for t in args.threads.split(",")]
        print(json.dumps({"torch": torch.__version__, "batch": args.batch, "runs": runs}))
        return
    if args.size % 2 ** (args.depth - 1):
        p.error(f"--size must be a multiple of 2^(depth-1) = {2 ** (args.depth - 1)}")
    model = UNet(args.in_channels, args.classes, args.depth, args.base, args.norm, args.upsampling)
    params = sum(t.numel() for t in model.parameters()) + sum(t.numel() for n, t in model.named_buffers() if "running" in n)
    runs = [measure(args, int(t)) for t in args.threads.split(",")]
    print(json.dumps({"torch": torch.__version__, "size": args.size, "batch": args.batch, "parameters": params, "runs": runs}))


if __name__ == "__main__":
    main()
