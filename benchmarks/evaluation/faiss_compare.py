#!/usr/bin/env python3
"""Compare dsml's exact cosine kNN evaluation with faiss's exact IndexFlatIP search.

Usage (from the repository root, Debian python3 with python3-faiss and python3-numpy):
    /usr/bin/python3 benchmarks/evaluation/faiss_compare.py --n 60502 --dim 512 --k 1000

Steps, all in this one invocation:
  1. compile the evaluation module and get its classpath (./mvnw -o);
  2. let the Java generator (io.dsml.evaluation.bench.ClusteredData, via EvaluationBenchmark
     --export) write embeddings.npy / labels.npy, so both sides see identical data;
  3. run dsml's retrieval evaluation on them (java -Xmx2g ... EvaluationBenchmark --npy DIR
     --json, retrieval metrics only) and take its measured retrieval_s: L2-normalisation, exact
     blocked k-NN search with the query itself excluded, and Recall@K / P@1 / R-Precision /
     MAP@R. JVM start-up and file reading are not counted;
  4. time faiss on the same arrays: normalize_L2 + IndexFlatIP add + search of k+1 neighbours
     (the extra one absorbs the query itself), file reading not counted;
  5. print both times, the ratio dsml/faiss, and Recall@K recomputed from faiss's neighbours
     next to dsml's, as a cross-check of the results.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MAIN = "io.dsml.evaluation.bench.EvaluationBenchmark"


def classpath():
    out = os.path.join(tempfile.gettempdir(), "dsml-eval-classpath.txt")
    subprocess.run(["./mvnw", "-B", "-q", "-o", "-pl", "evaluation", "compile",
                    "dependency:build-classpath", "-Dmdep.includeScope=runtime",
                    "-Dmdep.outputFile=" + out], cwd=ROOT, check=True)
    with open(out) as f:
        deps = f.read().strip()
    return os.path.join(ROOT, "evaluation", "target", "classes") + os.pathsep + deps


def java(cp, heap, *args):
    cmd = ["java", "-Xmx" + heap, "-cp", cp, MAIN, *args]
    res = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
    return res.stdout


def faiss_search(x, k):
    import faiss
    t = time.perf_counter()
    xn = np.ascontiguousarray(x, dtype=np.float32).copy()
    faiss.normalize_L2(xn)
    index = faiss.IndexFlatIP(xn.shape[1])
    index.add(xn)
    _, idx = index.search(xn, k + 1)
    return time.perf_counter() - t, idx, faiss.omp_get_max_threads()


def recall_from(idx, labels, ks):
    n = len(labels)
    # Drop the query itself; if it is not among the k+1 (exact duplicates), drop the last.
    self_hit = idx == np.arange(n)[:, None]
    no_self = ~self_hit.any(axis=1)
    self_hit[no_self, -1] = True
    nn = idx[~self_hit].reshape(n, -1)
    match = labels[nn] == labels[:, None]
    return {f"recall@{k}": float(match[:, :k].any(axis=1).mean()) for k in ks}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=60502)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--k", type=int, default=1000)
    ap.add_argument("--classes", type=int, default=0, help="default: SOP's ratio n/5.35")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--heap", default="2g", help="Java -Xmx (default 2g)")
    a = ap.parse_args()

    cp = classpath()
    with tempfile.TemporaryDirectory(prefix="dsml-faiss-") as d:
        gen = ["--export", d, "--n", str(a.n), "--dim", str(a.dim), "--seed", str(a.seed)]
        if a.classes > 0:
            gen += ["--classes", str(a.classes)]
        java(cp, a.heap, *gen)
        x = np.load(os.path.join(d, "embeddings.npy"))
        labels = np.load(os.path.join(d, "labels.npy"))

        dsml = json.loads(java(cp, a.heap, "--npy", d, "--k", str(a.k), "--seed", str(a.seed),
                               "--metrics", "recall,precision_at_1,r_precision,map_at_r",
                               "--json"))
        faiss_s, idx, omp = faiss_search(x, a.k)

    ks = [int(key.split("@")[1]) for key in dsml["metrics"] if key.startswith("recall@")]
    fr = recall_from(idx, labels, ks)
    print(f"data: n={a.n} dim={a.dim} k={a.k} classes={dsml['classes']} seed={a.seed} "
          f"(cores: {os.cpu_count()}, faiss OpenMP threads: {omp}, dsml BLAS: {dsml['blas']}, "
          f"dsml threads: {dsml['threads']}, java -Xmx{a.heap})")
    print(f"dsml  retrieval evaluation: {dsml['retrieval_s']:8.2f} s   "
          f"(peak heap {dsml['peak_heap_bytes'] / 2**20:.0f} MiB)")
    print(f"faiss IndexFlatIP search  : {faiss_s:8.2f} s")
    print(f"ratio dsml/faiss          : {dsml['retrieval_s'] / faiss_s:8.2f}")
    for key in ks:
        k = f"recall@{key}"
        print(f"  {k:<12} dsml {dsml['metrics'][k]:.6f}   faiss {fr[k]:.6f}")
    for key in ("precision_at_1", "r_precision", "map_at_r"):
        print(f"  {key:<12} dsml {dsml['metrics'][key]:.6f}")


if __name__ == "__main__":
    sys.exit(main())
