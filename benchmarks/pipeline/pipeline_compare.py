#!/usr/bin/env python3
"""dsml's training-time image pipeline against torchvision's, on the same JPEG files and threads.

Both do: decode, RandomResizedCrop(224) (scale 0.08-1, ratio 3/4-4/3), random horizontal flip,
to float, ImageNet normalisation. torchvision runs as PyTorch users run it: PIL images through
transforms.Compose in N worker processes (DataLoader-style, one torch thread each). dsml runs
`dsml bench pipeline` with N threads, once per JPEG decoder (libjpeg-turbo and ImageIO). Rounds
of the three alternate, so that load drifts on a shared machine hit all of them alike.

Usage (Debian: python3-torchvision, python3-pil; libturbojpeg0 for dsml's fast decoder):
  /usr/bin/python3 benchmarks/pipeline/pipeline_compare.py --threads 1 --rounds 5
  /usr/bin/python3 benchmarks/pipeline/pipeline_compare.py --images DIR --threads 2

Without --images it writes 200 synthetic 500x375 JPEGs (quality 90, CUB's typical size) to a
temporary directory.
"""
import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image


def make_images(directory, count, seed=0):
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:375, 0:500]
    for i in range(count):
        phase = rng.uniform(0, 6.28, 3)
        base = np.stack([
            127 + 100 * np.sin(xx / rng.uniform(8, 40) + phase[0]),
            127 + 100 * np.sin(yy / rng.uniform(8, 40) + phase[1]),
            127 + 100 * np.sin((xx + yy) / rng.uniform(8, 40) + phase[2]),
        ], axis=-1)
        noisy = np.clip(base + rng.normal(0, 18, base.shape), 0, 255).astype(np.uint8)
        Image.fromarray(noisy).save(os.path.join(directory, f"img{i:04d}.jpg"), quality=90)


_transform = None


def _init_worker():
    import torch
    from torchvision import transforms
    global _transform
    torch.set_num_threads(1)
    _transform = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])


def _load(path):
    with open(path, "rb") as f:
        image = Image.open(f).convert("RGB")
    return _transform(image).shape[0]


def torchvision_round(pool, files):
    start = time.perf_counter()
    for _ in pool.imap_unordered(_load, files, chunksize=8):
        pass
    return len(files) / (time.perf_counter() - start)


def dsml_round(dsml, images, threads, decoder):
    out = subprocess.run(
        [dsml, "bench", "pipeline", "--images", images, "--threads", str(threads), "--rounds", "1",
         "--decoder", decoder, "--json"],
        check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["median"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", help="directory of JPEGs (default: 200 synthetic 500x375 files)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dsml", default=os.path.join(os.path.dirname(__file__), "..", "..", "dsml"))
    args = parser.parse_args()

    tmp = None
    images = args.images
    if images is None:
        tmp = tempfile.TemporaryDirectory()
        images = tmp.name
        make_images(images, 200)
    files = sorted(os.path.join(images, f) for f in os.listdir(images) if f.lower().endswith((".jpg", ".jpeg")))

    rates = {"torchvision+PIL": [], "dsml libjpeg-turbo": [], "dsml ImageIO": []}
    with multiprocessing.Pool(args.threads, initializer=_init_worker) as pool:
        torchvision_round(pool, files)  # warm-up
        for _ in range(args.rounds):
            rates["torchvision+PIL"].append(torchvision_round(pool, files))
            rates["dsml libjpeg-turbo"].append(dsml_round(args.dsml, images, args.threads, "turbo"))
            rates["dsml ImageIO"].append(dsml_round(args.dsml, images, args.threads, "imageio"))

    reference = statistics.median(rates["torchvision+PIL"])
    print(f"{len(files)} JPEGs from {'synthetic 500x375' if tmp else images}, {args.threads} thread(s), "
          f"{args.rounds} alternating rounds, load average before: {os.getloadavg()[0]:.2f}")
    print("| pipeline | images/s (median) | rounds | vs torchvision |")
    print("|---|---|---|---|")
    for name, values in rates.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.1f} | {', '.join(f'{v:.0f}' for v in values)} | {median / reference:.2f}x |")


if __name__ == "__main__":
    sys.exit(main())
