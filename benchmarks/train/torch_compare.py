#!/usr/bin/env python3
"""Training throughput of dsml (DJL) against PyTorch on the same network, loss, optimizer and batch.

Usage (from the repository root; Debian python3 with python3-torch; the app built, e.g.
`./mvnw -B -q -o package -DskipTests -pl benchmarks-app -am`):

    /usr/bin/python3 benchmarks/train/torch_compare.py --steps 200 --warmup 20 --threads 2 --rounds 3

In this one invocation:
  1. runs `dsml bench train --json` (through ./dsml, so with its engine and allocator defaults, or
     the command given with --dsml) with OMP_NUM_THREADS=T: dsml's full training step and two plain DJL loops
     (trainer.step() and a direct optimizer step), one unreported warm-up round, then `rounds`
     rounds in alternating order, each timing `steps` steps after `warmup`; dsml's overhead is
     the median of the per-round ratios;
  2. times the same training in PyTorch with torch.set_num_threads(T), `rounds` rounds:
     --network conv-2 (default) = 2 x [3x3 conv pad 1, BatchNorm, ReLU, 2x2 max-pool] with 32 / 64
     filters, flatten, Linear to 64; --network resnet18-cifar = ResNet-18 with one 3x3/1 stem conv
     and no max-pool (dsml's resnet18 with stem=cifar), global average pool, Linear to 64;
     --network resnet50-224 = torchvision's resnet50 with its fc replaced by Linear to 64, on
     3x224x224 inputs (dsml: its resnet50 on a folder of 256-px JPEGs cropped to 224, written by
     benchmarks/gpu/MakeImages.java into runs/bench-images-224); all L2-normalised; vMF loss with kappa 16 against fixed random unit means (the
     global mode's means are constant between refreshes); Adam lr 1e-3; batch 128 (--batch) of inputs,
     cycling over 8 pre-made batches (like the raw DJL loop); the loss is not read per step;
  3. prints the medians and the ratios dsml/PyTorch and raw-DJL/PyTorch (> 1: faster than PyTorch).

--engine mxnet|pytorch picks dsml's engine. Extra arguments after `--` go to `dsml bench train`, e.g.
`-- --set losses[0].params.means=online`, or `-- --dsml-only` to time dsml's path alone (one model in
memory instead of three, which is what lets ResNet-50 at batch 120 fit).
Environment variables for the engine (MXNET_ENGINE_TYPE, OMP_WAIT_POLICY, ...) pass through.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def conv2(embedding_dim=64):
    layers = []
    channels = 1
    for filters in (32, 64):
        layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.BatchNorm2d(filters), nn.ReLU(),
                   nn.MaxPool2d(2, 2)]
        channels = filters
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(64 * 7 * 7, embedding_dim))


class BasicBlock(nn.Module):
    """torchvision's ResNet basic block: two 3x3 convs, 1x1 projection when the shape changes."""

    def __init__(self, inputs, width, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, width, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.shortcut = nn.Identity() if stride == 1 and inputs == width else nn.Sequential(
            nn.Conv2d(inputs, width, 1, stride, bias=False), nn.BatchNorm2d(width))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


def resnet18_cifar(embedding_dim=64, channels=1):
    """dsml's resnet18 with stem=cifar: one 3x3/1 conv, no max-pool; global average pooling."""
    layers = [nn.Conv2d(channels, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU()]
    inputs = 64
    for stage, width in enumerate((64, 128, 256, 512)):
        for block in range(2):
            layers.append(BasicBlock(inputs, width, 2 if stage > 0 and block == 0 else 1))
            inputs = width
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, embedding_dim))


def resnet50(embedding_dim=64):
    """torchvision's ResNet-50 (random weights) with its classifier replaced by the embedding layer."""
    import torchvision
    model = torchvision.models.resnet50(weights=None)
    model.fc = nn.Linear(2048, embedding_dim)
    return model


# The 224-px network trains on a folder of JPEGs (dsml decodes and crops them; PyTorch, like the raw
# DJL loop, cycles over pre-made tensors), written by benchmarks/gpu/MakeImages.java on first use.
IMAGES = os.path.join(ROOT, "runs", "bench-images-224")

# name -> (torch network, input shape [C, H, W], the arguments that make `dsml bench train` build
# the same one)
NETWORKS = {
    "conv-2": (conv2, (1, 28, 28), ["--backbone", "conv-2"]),
    "resnet18-cifar": (resnet18_cifar, (1, 28, 28),
                       ["--backbone", "resnet18", "--set", "backbones[0].params.stem=cifar"]),
    "resnet50-224": (resnet50, (3, 224, 224),
                     ["--backbone", "resnet50", "--dataset", "image-folder", "--data-dir", IMAGES,
                      "--set", "dataset.params.image_size=224", "--set", "dataset.params.resize=256"]),
}


def ensure_images(network):
    if network == "resnet50-224" and not os.path.isdir(IMAGES):
        subprocess.run(["java", os.path.join(ROOT, "benchmarks", "gpu", "MakeImages.java"), IMAGES, "10", "32", "4"],
                       check=True, stdout=subprocess.DEVNULL)


def vmf_loss(embeddings, labels, means_t, kappa):
    z = F.normalize(embeddings, dim=1)
    return F.cross_entropy(kappa * (z @ means_t), labels)


def torch_round(network, steps, warmup, batch, seed):
    torch.manual_seed(seed)
    model = NETWORKS[network][0]()
    shape = NETWORKS[network][1]
    model.train()
    means = F.normalize(torch.randn(10, 64), dim=1)
    means_t = means.t().contiguous()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = [(torch.randn(batch, *shape), torch.randint(0, 10, (batch,))) for _ in range(8)]
    start = None
    for s in range(warmup + steps):
        if s == warmup:
            start = time.perf_counter()
        images, labels = batches[s % len(batches)]
        optimizer.zero_grad(set_to_none=True)
        loss = vmf_loss(model(images), labels, means_t, 16.0)
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - start  # PyTorch on CPU is synchronous: nothing is pending
    return seconds, steps * batch / seconds


def dsml_command(args):
    """The launcher, so that dsml runs with the engine, thread and C allocator settings a user gets."""
    if args.dsml:
        return args.dsml.split()
    return [os.path.join(ROOT, "dsml")]


def run_dsml(args, extra):
    ensure_images(args.network)
    engine = ["--engine", args.engine] if args.engine else []
    command = dsml_command(args) + ["bench", "train"] + engine + NETWORKS[args.network][2] + [
        "--loss", "vmf", "--batch", str(args.batch), "--steps", str(args.steps), "--warmup", str(args.warmup),
        "--rounds", str(args.rounds), "--json"] + extra
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    out = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def rate_text(rate):
    """images/s as printed; '-' for a path dsml did not run (`-- --dsml-only` gives null)."""
    return "-" if rate is None else f"{rate:.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--network", choices=sorted(NETWORKS), default="conv-2")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dsml", help="command that runs the dsml CLI (default: ./dsml)")
    parser.add_argument("--skip-dsml", action="store_true", help="time PyTorch only")
    parser.add_argument("--skip-torch", action="store_true", help="time dsml only")
    parser.add_argument("--engine", choices=["mxnet", "pytorch"], help="dsml's engine (default: dsml's default)")
    args, extra = parser.parse_known_args()
    extra = [a for a in extra if a != "--"]

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"torch {torch.__version__} (mkldnn {torch.backends.mkldnn.is_available()}), "
          f"{args.threads} thread(s); {args.network}, batch {args.batch}, {args.steps} timed steps after "
          f"{args.warmup}")
    report = None
    if not args.skip_dsml:
        report = run_dsml(args, extra)
        for p in report["phases"]:
            print(f"  dsml bench train round {p['round']} {p['path']:8s} {p['images_per_second']:8.1f} images/s "
                  f"(peak RSS {p['peak_rss_mib']:.0f} MiB)")
        print(f"  dsml env: {report['env']}")

    if args.skip_torch:
        if report is not None:
            print(f"median images/s: dsml {report['dsml_images_per_second']:.1f}, raw DJL "
                  f"{rate_text(report['raw_djl_images_per_second'])}")
        return
    torch.set_num_threads(args.threads)
    torch_rates = []
    for r in range(args.rounds):
        seconds, rate = torch_round(args.network, args.steps, args.warmup, args.batch, args.seed + r)
        torch_rates.append(rate)
        print(f"  pytorch round {r + 1}          {rate:8.1f} images/s ({seconds:.2f} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    torch_median = statistics.median(torch_rates)
    print(f"median images/s: pytorch {torch_median:.1f} (peak RSS {peak:.0f} MiB)")
    if report is not None:
        dsml = report["dsml_images_per_second"]
        raw = report["raw_djl_images_per_second"]
        direct = report["raw_direct_images_per_second"]
        print(f"median images/s: dsml {dsml:.1f}, raw DJL {rate_text(raw)}, raw DJL with direct step "
              f"{rate_text(direct)}")
        if raw is None:  # -- --dsml-only: dsml's path alone, no raw loops and no overheads
            print(f"dsml/PyTorch {dsml / torch_median:.2f}x")
        else:
            print(f"dsml/PyTorch {dsml / torch_median:.2f}x, raw DJL/PyTorch {raw / torch_median:.2f}x")
            for key, name in (("overhead_direct", "raw DJL, direct step"), ("overhead", "raw DJL, trainer.step()")):
                print(f"dsml overhead vs {name}: {100 * report[key]:.1f}% (median of per-round pairs, quartiles "
                      f"{100 * report[key + '_q1']:.1f}% .. {100 * report[key + '_q3']:.1f}%)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
