#!/usr/bin/env python3
"""Embedding throughput, JPEG files to embeddings: `dsml embed` against torchvision, same files and threads.

Usage (from the repository root; Debian python3 with python3-torch, python3-torchvision and
python3-pil; the app built): see benchmarks/embed/compare.sh, which calls

    /usr/bin/python3 benchmarks/embed/embed_compare.py --images 200 --threads 2 --rounds 3

In this one invocation:
  1. writes --images synthetic 500x375 JPEGs (smooth random colour fields with noise, quality 90)
     and a randomly initialised torchvision ResNet-50's state_dict (torch.save, a real .pth);
  2. makes a run that `dsml embed` can load, with `dsml train` on a tiny image-folder dataset of
     those JPEGs: ResNet-50 from that .pth with every stage and BatchNorm frozen (so the backbone
     keeps the .pth's values), avg pooling, a --dim embedding, one step of --batch images (the
     saved model's inference batch is the training batch), test-time pipeline resize 256 + centre
     crop 224 + ImageNet mean/std;
  3. times `dsml embed --run RUN --images-list LIST` (the JPEG decode, resize, crop and the
     eval-mode forward pass, batched and padded as the model does) over --small and --images
     files, each `rounds` times, the rounds interleaved with torchvision's: images/s =
     (n2 - n1) / (t2 - t1) is the steady rate without the process's start and the weights' load;
     n2 / t2 (the whole command) is printed too;
  4. times torchvision's pipeline on the same files: DataLoader(num_workers=--workers), PIL decode,
     Resize(256) + CenterCrop(224) + ToTensor + Normalize, the same network with dsml's head (its
     Linear read from the run's parameter file), model.eval() under torch.no_grad(),
     torch.set_num_threads(--threads): images/s = n2 / (time of the whole loop, workers' start
     included), median of `rounds`;
  5. compares the two embeddings row by row (cosine distance; the decoders and resize filters
     differ, so they are close, not equal) and checks that each dsml row is nearest to its own
     torchvision row (the order is kept).
"""
import argparse
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torchvision
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "benchmarks", "train"))
from torch_compare import dsml_command as _dsml_command  # noqa: E402  (./dsml, or --dsml)

WIDTH, HEIGHT = 500, 375


def dsml_command(args):
    return _dsml_command(argparse.Namespace(dsml=args.dsml))


def dsml_env(threads):
    """The threads asked for; ./dsml adds its other defaults (engine type, BLAS kernels, allocator)."""
    return dict(os.environ, OMP_NUM_THREADS=str(threads))


def write_jpegs(folder, count, seed=0):
    """Smooth random colour fields (a coarse random grid, bicubic-upsampled) plus noise: JPEGs of a
    photo's size in bytes, not flat files that decode unrealistically fast."""
    rng = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    files = []
    for i in range(count):
        coarse = Image.fromarray(rng.integers(0, 256, (12, 16, 3), dtype=np.uint8))
        smooth = np.asarray(coarse.resize((WIDTH, HEIGHT), Image.BICUBIC), dtype=np.int16)
        noisy = np.clip(smooth + rng.normal(0, 12, smooth.shape), 0, 255).astype(np.uint8)
        path = os.path.join(folder, f"img-{i:05d}.jpg")
        Image.fromarray(noisy).save(path, quality=90)
        files.append(path)
    return files


def make_run(args, work, files, weights):
    """A finished run whose model is the .pth's ResNet-50 (frozen) plus a random head."""
    data = os.path.join(work, "dataset")
    per_class = (args.batch + 1) // 2
    for part, count in (("train", per_class), ("test", 2)):
        for c, cls in enumerate(("a", "b")):
            folder = os.path.join(data, part, cls)
            os.makedirs(folder, exist_ok=True)
            for k in range(count):
                source = files[(c * per_class + k) % len(files)]
                shutil.copy(source, os.path.join(folder, f"{k:03d}.jpg"))
    config = os.path.join(work, "embed-bench.yaml")
    with open(config, "w") as f:
        f.write(f"""name: embed-bench
dataset:
  name: image-folder
  split: classification
  params: {{image_size: 224, resize: 256}}
backbones:
  - name: resnet50
    params: {{weights: {weights}, freeze_bn: true, freeze_stages: 5}}
embedding: {{dim: {args.dim}, pooling: avg}}
losses:
  - name: softmax
training:
  epochs: 1
  batch_size: {args.batch}
  max_steps_per_epoch: 1
  augment: false
evaluation:
  metrics: [recall]
seeds: [1]
""")
    run = os.path.join(work, "run")
    command = dsml_command(args) + ["train", "--config", config, "--data-dir", data, "--run-dir", run]
    result = subprocess.run(command, cwd=ROOT, env=dsml_env(args.threads), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("dsml train failed:\n" + result.stdout[-2000:] + result.stderr[-2000:])
    return run


def read_parameters(path):
    """dsml's parameter file (core/export/ParameterFile): name -> float32 array. The header, then per
    parameter its name (Java modified UTF-8), a byte length and DJL's NDArray encoding, which ends
    with the byte order, the data's length and the data."""
    with open(path, "rb") as f:
        blob = f.read()
    pos = 0

    def utf():
        nonlocal pos
        (length,) = struct.unpack_from(">H", blob, pos)
        text = blob[pos + 2:pos + 2 + length].decode("utf-8")
        pos += 2 + length
        return text

    if utf() != "dsml-parameters":
        sys.exit(f"{path}: not a dsml parameter file")
    _version, count = struct.unpack_from(">ii", blob, pos)
    pos += 8
    params = {}
    for _ in range(count):
        name = utf()
        (size,) = struct.unpack_from(">i", blob, pos)
        encoded = blob[pos + 4:pos + 4 + size]
        pos += 4 + size
        params[name] = encoded
    return params


def decode_array(encoded, shape):
    """The float32 values at the end of DJL's NDArray encoding, checked against the expected shape."""
    n = int(np.prod(shape)) * 4
    (length,) = struct.unpack_from(">i", encoded, len(encoded) - n - 4)
    order = chr(encoded[len(encoded) - n - 5])
    if length != n or order not in "<>":
        sys.exit(f"unexpected NDArray encoding (length {length}, order {order!r}, expected {n} bytes)")
    return np.frombuffer(encoded[-n:], dtype=np.dtype(order + "f4")).reshape(shape)


def head_of(run, dim):
    """The run's embedding Linear (weight [dim, 2048], bias [dim]), from its saved model."""
    model_dirs = [os.path.join(run, "cells", c, "model") for c in sorted(os.listdir(os.path.join(run, "cells")))]
    model = model_dirs[0]
    files = [f for f in os.listdir(model) if f.endswith(".params") or "param" in f]
    params = read_parameters(os.path.join(model, [f for f in files if not f.endswith(".json")][0]))
    # the embedder's own Linear, after its backbone (names follow the block's structure)
    weights = [k for k in params if k.startswith("01embedder_") and k.endswith("Linear_weight")
               and "PretrainedBlock" not in k]
    if len(weights) != 1:
        sys.exit(f"cannot tell the embedding Linear among {list(params)[-8:]}")
    w = decode_array(params[weights[0]], (dim, 2048))
    bias_name = weights[0][: -len("weight")] + "bias"
    b = decode_array(params[bias_name], (dim,)) if bias_name in params else np.zeros(dim, np.float32)
    return w, b


class Files(Dataset):
    def __init__(self, files):
        self.files = files
        self.transform = transforms.Compose([
            transforms.Resize(256), transforms.CenterCrop(224), transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        with Image.open(self.files[i]) as image:
            return self.transform(image.convert("RGB"))


def torchvision_model(weights, w, b):
    model = torchvision.models.resnet50(weights=None)
    model.load_state_dict(torch.load(weights))
    model.fc = torch.nn.Linear(2048, w.shape[0])
    model.fc.weight.data = torch.from_numpy(w.copy())
    model.fc.bias.data = torch.from_numpy(b.copy())
    return model.eval()


def torchvision_pass(model, files, args):
    loader = DataLoader(Files(files), batch_size=args.batch, num_workers=args.workers, shuffle=False)
    out = []
    with torch.no_grad():
        for x in loader:
            out.append(torch.nn.functional.normalize(model(x), dim=1))
    return torch.cat(out).numpy()


def time_dsml(args, run, listing, out):
    command = dsml_command(args) + ["embed", "--run", run, "--images-list", listing, "--out", out]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=dsml_env(args.threads), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit("dsml embed failed:\n" + result.stderr[-2000:])
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--images", type=int, default=200, help="JPEGs in the long runs")
    parser.add_argument("--small", type=int, default=0, help="JPEGs in dsml's short run (default: images/5)")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--workers", type=int, default=0, help="DataLoader workers (default: --threads)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--dim", type=int, default=512)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", default=None, help="working folder (default: a new temporary one)")
    parser.add_argument("--dsml", default=None, help="the dsml command line (default: ./dsml)")
    args = parser.parse_args()
    args.small = args.small or max(args.batch, args.images // 5)
    args.workers = args.workers or args.threads
    if args.small >= args.images:
        sys.exit("--small must be below --images")
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())
    work = args.work or tempfile.mkdtemp(prefix="dsml-embed-")
    files = write_jpegs(os.path.join(work, "jpegs"), args.images)
    mean_kb = statistics.mean(os.path.getsize(f) for f in files) / 1024
    weights = os.path.join(work, "resnet50.pth")
    torch.save(torchvision.models.resnet50(weights=None).state_dict(), weights)
    run = make_run(args, work, files, weights)
    listings = {}
    for n in (args.small, args.images):
        listings[n] = os.path.join(work, f"list-{n}.txt")
        with open(listings[n], "w") as f:
            f.write("\n".join(files[:n]) + "\n")

    # Rounds interleave the two pipelines, so a change in the machine's load hits both alike.
    model = torchvision_model(weights, *head_of(run, args.dim))
    out = os.path.join(work, "dsml.npy")
    times = {n: [] for n in listings}
    torch_rates = []
    for r in range(args.rounds):
        for n in listings:
            times[n].append(time_dsml(args, run, listings[n], out))
        start = time.perf_counter()
        reference = torchvision_pass(model, files, args)
        torch_rates.append(args.images / (time.perf_counter() - start))
        print(f"round {r + 1}/{args.rounds}: dsml embed {times[args.small][-1]:.1f} s for {args.small} images, "
              f"{times[args.images][-1]:.1f} s for {args.images}; torchvision {torch_rates[-1]:.2f} images/s",
              file=sys.stderr, flush=True)
    t_small, t_large = statistics.median(times[args.small]), statistics.median(times[args.images])
    dsml_rate = (args.images - args.small) / (t_large - t_small)
    dsml_whole = args.images / t_large
    dsml_embeddings = np.load(out)
    torch_rate = statistics.median(torch_rates)

    cosine = np.sum(dsml_embeddings * reference, axis=1) / (
        np.linalg.norm(dsml_embeddings, axis=1) * np.linalg.norm(reference, axis=1))
    distance = 1 - cosine
    nearest = np.argmax(dsml_embeddings @ reference.T, axis=1)
    in_order = int(np.sum(nearest == np.arange(args.images)))

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "?"
    print(f"machine: {os.cpu_count()} cores, load average before {load_before}, after "
          f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}; commit {commit}; torch {torch.__version__}, "
          f"torchvision {torchvision.__version__}")
    print(f"{args.images} JPEGs {WIDTH}x{HEIGHT} (mean {mean_kb:.0f} KiB), ResNet-50 at 224 + {args.dim}-d head, "
          f"batch {args.batch}, {args.threads} thread(s), {args.workers} DataLoader worker(s), {args.rounds} rounds")
    print(f"dsml embed rounds: {args.small} images {', '.join(f'{t:.1f}' for t in times[args.small])} s; "
          f"{args.images} images {', '.join(f'{t:.1f}' for t in times[args.images])} s")
    print(f"torchvision rounds: {', '.join(f'{r:.2f}' for r in torch_rates)} images/s")
    print()
    print("| pipeline | images/s (median) | vs torchvision |")
    print("|---|---:|---:|")
    print(f"| torchvision DataLoader ({args.workers} workers) + eval + no_grad | {torch_rate:.2f} | 1.00x |")
    print(f"| `dsml embed`, steady ((n2 - n1) / (t2 - t1)) | {dsml_rate:.2f} | {dsml_rate / torch_rate:.2f}x |")
    print(f"| `dsml embed`, whole command (JVM start, weights' load) | {dsml_whole:.2f} | "
          f"{dsml_whole / torch_rate:.2f}x |")
    print()
    print(f"agreement: cosine distance dsml vs torchvision max {distance.max():.2e}, mean {distance.mean():.2e}; "
          f"{in_order}/{args.images} dsml rows nearest to their own torchvision row")
    if in_order != args.images:
        print("note: some rows are nearer another image's torchvision row (a random network maps these "
              "synthetic images close together); the distances above are the comparison")


if __name__ == "__main__":
    main()
