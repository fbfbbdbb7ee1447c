#!/usr/bin/env python3
"""Reference values for the pair losses' cross-batch memory (memory_size), computed by the real
pytorch-metric-learning's CrossBatchMemory wrapper, not a restatement of it.

PML cannot be installed from PyPI here; run it from its source tree:
    PYTHONPATH=/path/to/pytorch-metric-learning/src python3 pml_cross_batch_memory.py
(Debian: python3-torch 1.13.) It feeds one fresh CrossBatchMemory(loss, D, MEMORY, miner) per case
the same BATCHES batches of B samples, in order, and prints one line per batch,
"case batch value |dL/dE|"; its output is committed as pml_cross_batch_memory.out, which
CrossBatchMemoryPmlTest.java reads as facts. With B = 6 and MEMORY = 16 the queue is partly filled
for batches 0-1, wraps around inside batch 2 (and 5) and is full from batch 2 on. Sizes stay at most 25 rows, where torch.cdist computes exact distances.

Inputs (closed form, float32): sample t = B * batch + i has
    E[t][j] = sin(0.37 t^2 + 1.3 j + 0.21 t j + 0.5),  label = (3 t + t // 4) % 4.
"""
import math

import numpy as np
import torch
from pytorch_metric_learning import losses, miners

B, D, MEMORY, BATCHES = 6, 4, 16, 7


def batch(b):
    ts = range(B * b, B * (b + 1))
    e = [[math.sin(0.37 * t * t + 1.3 * j + 0.21 * t * j + 0.5) for j in range(D)] for t in ts]
    labels = [(3 * t + t // 4) % 4 for t in ts]
    return torch.tensor(np.array(e, dtype=np.float32)), torch.tensor(labels)


def run(name, loss, miner=None):
    memory = losses.CrossBatchMemory(loss, D, memory_size=MEMORY, miner=miner)
    for b in range(BATCHES):
        e, labels = batch(b)
        e.requires_grad_(True)
        value = memory(e, labels)
        value.backward()
        print(f"{name} {b} {value.item():.9g} {e.grad.norm().item():.9g}")


run("contrastive", losses.ContrastiveLoss())
run("triplet", losses.TripletMarginLoss(margin=0.05))
run("triplet_batch-hard", losses.TripletMarginLoss(margin=0.05), miners.BatchHardMiner())
run(
    "triplet_semi-hard",
    losses.TripletMarginLoss(margin=0.05),
    miners.TripletMarginMiner(margin=0.2, type_of_triplets="semihard"),
)
run("multi-similarity", losses.MultiSimilarityLoss(), miners.MultiSimilarityMiner(epsilon=0.1))
run("lifted-structure", losses.LiftedStructureLoss())
