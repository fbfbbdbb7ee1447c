#!/usr/bin/env python3
"""Inference throughput of a backbone in dsml (each engine) against PyTorch, on the same inputs.

Usage (from the repository root; Debian python3 with python3-torch and python3-torchvision; the
app built):

    /usr/bin/python3 benchmarks/engines/inference_compare.py --network resnet50 --batch 16 --threads 2

In this one invocation:
  1. writes a randomly initialised torchvision network's state_dict with torch.save (a real .pth)
     and random float32 inputs [n, C, H, W] as .npy, for two sizes n1 < n2;
  2. runs `dsml --engine E backbones features --arch NAME --weights W.pth --input X.npy` for each
     engine and size: the eval-mode forward pass over every image plus the pooled features' copy
     out. The process's start, the weights' import and the native library's load are the same for
     both sizes, so images/s = (n2 - n1) / (t2 - t1) measures the forward passes alone;
  3. times torchvision's network in eval mode under torch.no_grad() on the same batches with
     torch.set_num_threads(T), the median of `rounds` rounds over n2 images;
  4. checks that dsml's features equal PyTorch's to 1e-3 relative (same network, same weights),
     so the figures compare the same computation.
conv-2 (28x28x1) has no torchvision form; --network resnet18 / resnet50 (224x224x3) do.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torchvision

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "benchmarks", "train"))
from torch_compare import dsml_command as _dsml_command  # noqa: E402  (the same java command line)


def dsml_command():
    return _dsml_command(argparse.Namespace(dsml=None))


def pooled(model):
    """torchvision's network up to the global average pool: what `backbones features` returns."""
    model.fc = torch.nn.Identity()
    return model.eval()


def time_dsml(engine, arch, weights, inputs, out, batch, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    if engine == "mxnet":
        env.setdefault("MXNET_ENGINE_TYPE", "NaiveEngine")  # ./dsml's CPU default
    command = dsml_command() + ["--engine", engine, "backbones", "features", "--arch", arch, "--weights", weights,
                                "--input", inputs, "--out", out, "--batch", str(batch)]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--network", choices=["resnet18", "resnet50"], default="resnet50")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--small", type=int, default=32, help="images in the short dsml run")
    parser.add_argument("--large", type=int, default=160, help="images in the long dsml run and PyTorch's rounds")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engines", default="mxnet,pytorch")
    args = parser.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; torch {torch.__version__}, "
          f"{args.threads} thread(s); {args.network} at 224, eval mode, batch {args.batch}")
    model = pooled(getattr(torchvision.models, args.network)(weights=None))
    work = tempfile.mkdtemp(prefix="dsml-inference-")
    weights = os.path.join(work, args.network + ".pth")
    torch.save(getattr(torchvision.models, args.network)(weights=None).state_dict(), weights)
    model.load_state_dict({k: v for k, v in torch.load(weights).items() if not k.startswith("fc.")})
    x = np.random.default_rng(0).standard_normal((args.large, 3, 224, 224), dtype=np.float32)
    files = {}
    for n in (args.small, args.large):
        files[n] = os.path.join(work, f"x{n}.npy")
        np.save(files[n], x[:n])

    with torch.no_grad():
        reference = torch.cat([model(torch.from_numpy(x[i:i + args.batch])) for i in range(0, args.large, args.batch)])
        rates = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            for i in range(0, args.large, args.batch):
                model(torch.from_numpy(x[i:i + args.batch]))
            rates.append(args.large / (time.perf_counter() - start))
    torch_rate = statistics.median(rates)
    print(f"pytorch {torch.__version__}: {torch_rate:.1f} images/s (rounds: {', '.join(f'{r:.1f}' for r in rates)})")

    for engine in args.engines.split(","):
        out = os.path.join(work, f"f-{engine}.npy")
        times = {n: [] for n in (args.small, args.large)}
        for _ in range(args.rounds):
            for n in (args.small, args.large):
                times[n].append(time_dsml(engine, args.network, weights, files[n], out, args.batch, args.threads))
        t_small, t_large = statistics.median(times[args.small]), statistics.median(times[args.large])
        rate = (args.large - args.small) / (t_large - t_small)
        features = np.load(out)
        error = np.abs(features - reference.numpy()).max() / np.abs(reference.numpy()).max()
        print(f"dsml {engine}: {rate:.1f} images/s ({rate / torch_rate:.2f}x PyTorch); process {t_small:.1f} s for "
              f"{args.small} images, {t_large:.1f} s for {args.large}; max relative difference to PyTorch's "
              f"features {error:.1e}")
        if error > 1e-3:
            sys.exit(f"dsml {engine}'s features differ from PyTorch's by {error:.1e}: not the same computation")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
