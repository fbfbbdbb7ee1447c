#!/usr/bin/env python3
"""Reference values for the pair losses' selectable parts (distance, reducer, miner), computed by the
real pytorch-metric-learning, not a restatement of it.

PML cannot be installed from PyPI here; run it from its source tree:
    PYTHONPATH=/path/to/pytorch-metric-learning/src python3 pml_compositions.py
(Debian: python3-torch 1.13, python3-scipy, python3-sklearn, python3-tqdm.) It prints one line per
case, "name value |dL/dE|", which PmlCompositionTest.java holds as facts. Inputs are
pml_reference.py's closed-form E and labels (10 x 5, labels 0 1 2 0 1 2 0 1 3 3).
"""
import math

import numpy as np
import torch
from pytorch_metric_learning import distances, losses, miners, reducers

N, D = 10, 5
LABELS = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 3, 3])


def embeddings():
    e = [[math.sin(0.9 * i * i + 1.7 * j + 0.3 * i * j + 0.5) for j in range(D)] for i in range(N)]
    return torch.tensor(np.array(e, dtype=np.float32))


def run(name, loss, miner=None):
    e = embeddings().requires_grad_(True)
    pairs = miner(e, LABELS) if miner is not None else None
    value = loss(e, LABELS, pairs)
    value.backward()
    print(f"{name} {value.item():.9g} {e.grad.norm().item():.9g}")


cos = distances.CosineSimilarity
sq = lambda: distances.LpDistance(power=2)  # noqa: E731
run("contrastive_cosine_p1_n0", losses.ContrastiveLoss(pos_margin=1, neg_margin=0, distance=cos()))
run("contrastive_cosine_p0.9_n0.3", losses.ContrastiveLoss(pos_margin=0.9, neg_margin=0.3, distance=cos()))
run("contrastive_squared", losses.ContrastiveLoss(distance=sq()))
run("contrastive_mean", losses.ContrastiveLoss(reducer=reducers.MeanReducer()))
run("contrastive_sum", losses.ContrastiveLoss(reducer=reducers.SumReducer()))
run("triplet_cosine_m0.2", losses.TripletMarginLoss(margin=0.2, distance=cos()))
run("triplet_squared_m0.2", losses.TripletMarginLoss(margin=0.2, distance=sq()))
run("triplet_mean_m0.2", losses.TripletMarginLoss(margin=0.2, reducer=reducers.MeanReducer()))
run(
    "triplet_cosine_m0.2_batch-hard",
    losses.TripletMarginLoss(margin=0.2, distance=cos()),
    miners.BatchHardMiner(distance=cos()),
)
