#!/usr/bin/env python3
"""Reference values for dsml's losses, following pytorch-metric-learning (PML) 2.x.

PML cannot be installed here (no PyPI), so this script re-states the PML 2.x definitions the
Java tests check against - distances, reducers, miners and losses - in plain torch, formula by
formula, with PML's defaults: LpDistance(p=2, power=1) and CosineSimilarity /
DotProductSimilarity on L2-normalised embeddings (normalize_embeddings=True), AvgNonZeroReducer
for contrastive and triplet, MeanReducer elsewhere, DivisorReducer for proxy-anchor, masked
log-sum-exp as lmu.logsumexp, all ordered pairs as lmu.get_all_pairs_indices.
Where PML has no such loss (center loss) the formula of the paper is used.

Run:   python3 pml_reference.py          (Debian: apt-get install python3-torch; torch 1.13 works)
Output: one line per case, "name value gradient_norm", pasted into PmlReferenceTest.java.
The inputs are closed-form so the Java test rebuilds them exactly:
  E[i][j] = float32(sin(0.9 i^2 + 1.7 j + 0.3 i j + 0.5)),  i < 10, j < 5
  C[k][j] = float32(cos(1.1 k + 0.6 j^2 + 0.2)),             k < 4
  labels  = 0 1 2 0 1 2 0 1 3 3
and a clustered variant, so that miners have something to choose (cases marked "clustered"):
  K[i][j] = float32(0.5 sin(0.9 i^2 + 1.7 j + 0.3 i j + 0.5) + cos(1.1 y_i + 0.6 j^2 + 0.2))
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

N, D, CLASSES = 10, 5, 4
LABELS = [0, 1, 2, 0, 1, 2, 0, 1, 3, 3]


def inputs():
    e = np.array([[math.sin(0.9 * i * i + 1.7 * j + 0.3 * i * j + 0.5) for j in range(D)] for i in range(N)])
    c = np.array([[math.cos(1.1 * k + 0.6 * j * j + 0.2) for j in range(D)] for k in range(CLASSES)])
    k = 0.5 * e + c[LABELS]
    return e.astype(np.float32), c.astype(np.float32), k.astype(np.float32)


# ---- distances (PML: BaseDistance normalises both sides first) -------------------------------
def lp(x, y=None):
    x = F.normalize(x, p=2, dim=1)
    y = x if y is None else F.normalize(y, p=2, dim=1)
    return torch.cdist(x, y, p=2)


def cosine(x, y=None):
    x = F.normalize(x, p=2, dim=1)
    y = x if y is None else F.normalize(y, p=2, dim=1)
    return x @ y.t()


# ---- lmu -------------------------------------------------------------------------------------
def logsumexp(x, keep_mask, add_one, dim=1):
    x = x.masked_fill(~keep_mask, float("-inf"))
    if add_one:
        zeros = torch.zeros(x.size(dim - 1), dtype=x.dtype).unsqueeze(dim)
        x = torch.cat([x, zeros], dim=dim)
    out = torch.logsumexp(x, dim=dim, keepdim=True)
    return out.masked_fill(~torch.any(keep_mask, dim=dim, keepdim=True), 0)


def all_pairs(labels):
    matches = labels.unsqueeze(1) == labels.unsqueeze(0)
    diffs = ~matches
    matches = matches.clone()
    matches.fill_diagonal_(False)
    a1, p = torch.where(matches)
    a2, n = torch.where(diffs)
    return a1, p, a2, n


def to_triplets(pairs):
    a1, p, a2, n = pairs
    pi, ni = torch.where(a1.unsqueeze(1) == a2)
    return a1[pi], p[pi], n[ni]


def to_pairs(triplets):
    a, p, n = triplets
    return a, p, a, n


# ---- reducers ----------------------------------------------------------------------------------
def avg_non_zero(losses, anchor):
    kept = losses > 0
    return losses[kept].mean() if kept.sum() >= 1 else (anchor * 0).sum()


# ---- miners (all work on a matrix of the given metric; inverted = similarity) --------------------
def batch_hard(mat, labels, inverted):
    a1, p, a2, n = all_pairs(labels)
    b = mat.size(0)
    closeness = mat if inverted else -mat
    pos = torch.full((b, b), float("inf"))
    pos[a1, p] = closeness[a1, p]
    neg = torch.full((b, b), float("-inf"))
    neg[a2, n] = closeness[a2, n]
    hp_val, hp = pos.min(dim=1)
    hn_val, hn = neg.max(dim=1)
    keep = torch.isfinite(hp_val) & torch.isfinite(hn_val)
    a = torch.arange(b)[keep]
    return a, hp[keep], hn[keep]


def semi_hard(mat, labels, inverted, margin):  # PML TripletMarginMiner(type_of_triplets="semihard")
    a, p, n = to_triplets(all_pairs(labels))
    ap, an = mat[a, p], mat[a, n]
    gap = ap - an if inverted else an - ap
    keep = (gap <= margin) & (gap > 0)
    return a[keep], p[keep], n[keep]


def multi_similarity_miner(mat, labels, inverted, epsilon):  # PML MultiSimilarityMiner
    a1, p, a2, n = all_pairs(labels)
    mat = mat.clone()
    pos_sort, neg_sort = mat.clone(), mat
    pos_ignore = float("inf") if inverted else float("-inf")
    neg_ignore = float("-inf") if inverted else float("inf")
    pos_sort[a2, n] = pos_ignore
    neg_sort[a1, p] = neg_ignore
    pos_sort.fill_diagonal_(pos_ignore)
    neg_sort.fill_diagonal_(neg_ignore)
    ps, psi = torch.sort(pos_sort, dim=1)
    ns, nsi = torch.sort(neg_sort, dim=1)
    if inverted:
        hp = torch.where(ps - epsilon < ns[:, -1].unsqueeze(1))
        hn = torch.where(ns + epsilon > ps[:, 0].unsqueeze(1))
    else:
        hp = torch.where(ps + epsilon > ns[:, 0].unsqueeze(1))
        hn = torch.where(ns - epsilon < ps[:, -1].unsqueeze(1))
    return hp[0], psi[hp[0], hp[1]], hn[0], nsi[hn[0], hn[1]]


def mine(name, mat, labels, inverted, miner_margin=0.2, epsilon=0.1):
    mat = mat.detach()
    if name == "all":
        return all_pairs(labels)
    if name == "batch-hard":
        return batch_hard(mat, labels, inverted)
    if name == "semi-hard":
        return semi_hard(mat, labels, inverted, miner_margin)
    return multi_similarity_miner(mat, labels, inverted, epsilon)


def pairs_of(t):
    return t if len(t) == 4 else to_pairs(t)


def triplets_of(t):
    return t if len(t) == 3 else to_triplets(t)


# ---- losses --------------------------------------------------------------------------------------
def contrastive(e, y, pos_margin=0.0, neg_margin=1.0, miner="all"):
    mat = lp(e)
    a1, p, a2, n = pairs_of(mine(miner, mat, y, False))
    pos = F.relu(mat[a1, p] - pos_margin)
    neg = F.relu(neg_margin - mat[a2, n])
    return avg_non_zero(pos, e) + avg_non_zero(neg, e)


def triplet(e, y, margin=0.05, miner="all", miner_margin=0.2):
    mat = lp(e)
    a, p, n = triplets_of(mine(miner, mat, y, False, miner_margin=miner_margin))
    return avg_non_zero(F.relu(mat[a, p] - mat[a, n] + margin), e)


def npair(e, y, l2_reg=0.002, normalize=False):
    a1, p, _, _ = all_pairs(y)
    _, first = np.unique(y[a1].numpy(), return_index=True)
    a, p = a1[first], p[first]
    x = F.normalize(e, p=2, dim=1) if normalize else e
    sim = x[a] @ x[p].t()
    ce = F.cross_entropy(sim, torch.arange(len(a)), reduction="none").mean()
    return ce + l2_reg * (torch.norm(e, p=2, dim=1) ** 2).mean()   # LpRegularizer(power=2)


def lifted(e, y, pos_margin=0.0, neg_margin=1.0, miner="all"):
    mat = lp(e)
    a1, p, a2, n = pairs_of(mine(miner, mat, y, False))
    pos = mat[a1, p].unsqueeze(1)
    n_per_p = ((a2.unsqueeze(0) == a1.unsqueeze(1)) | (a2.unsqueeze(0) == p.unsqueeze(1))).float()
    neg = mat[a2, n] * n_per_p
    keep = ~(n_per_p == 0)
    lse = logsumexp(neg_margin - neg, keep_mask=keep, add_one=False, dim=1)
    per_pair = F.relu(lse + (pos - pos_margin)) ** 2 / 2
    return per_pair.mean()


def multi_similarity(e, y, alpha=2.0, beta=50.0, base=0.5, miner="multi-similarity", epsilon=0.1):
    mat = cosine(e)
    a1, p, a2, n = pairs_of(mine(miner, mat, y, True, epsilon=epsilon))
    pos_mask = torch.zeros_like(mat, dtype=torch.bool)
    neg_mask = torch.zeros_like(mat, dtype=torch.bool)
    pos_mask[a1, p] = True
    neg_mask[a2, n] = True
    pos = (1.0 / alpha) * logsumexp(alpha * (base - mat), keep_mask=pos_mask, add_one=True)
    neg = (1.0 / beta) * logsumexp(beta * (mat - base), keep_mask=neg_mask, add_one=True)
    return (pos + neg).mean()


def proxy_nca(e, y, c, softmax_scale=1.0):
    mat = -(lp(e, c) ** 2)   # NCALoss default distance LpDistance(power=2)
    same = (y.unsqueeze(1) == torch.arange(c.size(0)).unsqueeze(0)).float()
    prob = (F.softmax(softmax_scale * mat, dim=1) * same).sum(dim=1)
    return -torch.log(prob[prob != 0]).mean()


def proxy_anchor(e, y, c, margin=0.1, alpha=32.0):
    cos = cosine(e, c)
    pos_mask = F.one_hot(y, c.size(0))
    neg_mask = 1 - pos_mask
    with_pos = torch.where(pos_mask.sum(dim=0) != 0)[0]
    pos = logsumexp(alpha * (margin - cos), keep_mask=pos_mask.bool(), add_one=True, dim=0)
    neg = logsumexp(alpha * (cos + margin), keep_mask=neg_mask.bool(), add_one=True, dim=0)
    return pos.sum() / len(with_pos) + neg.sum() / c.size(0)


def normalized_softmax(e, y, c, temperature=0.05):
    w = F.normalize(c.t(), p=2, dim=0)            # PML's W is [d, classes]
    logits = cosine(e, w.t()) / temperature
    return F.cross_entropy(logits, y)


def large_margin(e, y, c, modify, scale):
    cos = cosine(e, c)
    mask = F.one_hot(y, c.size(0)).float()
    target = cos[mask == 1]
    diff = (modify(target) - target).unsqueeze(1)
    return F.cross_entropy((cos + mask * diff) * scale, y)


def arcface(e, y, c, margin=0.5, scale=64.0):    # PML: ArcFaceLoss(margin=degrees(margin))
    m = np.radians(np.degrees(margin))

    def modify(t):  # PML 2.8.1 modify_cosine_of_target_classes: cos(theta + m) up to pi - m only
        angles = torch.acos(torch.clamp(t, -1, 1))
        return torch.where(angles <= np.deg2rad(180) - m, torch.cos(angles + m), torch.cos(angles) - m * np.sin(m))

    return large_margin(e, y, c, modify, scale)


def cosface(e, y, c, margin=0.35, scale=64.0):
    return large_margin(e, y, c, lambda t: t - margin, scale)


def center(e, y, c, lam=0.003):                  # Wen et al. 2016, center term only
    return lam * ((e - c[y]) ** 2).sum(dim=1).mean() / 2


CASES = [
    ("contrastive", lambda e, y, c: contrastive(e, y)),
    ("contrastive_m0.2_0.8_batch-hard", lambda e, y, c: contrastive(e, y, 0.2, 0.8, "batch-hard")),
    ("triplet", lambda e, y, c: triplet(e, y)),
    ("triplet_m0.2_all", lambda e, y, c: triplet(e, y, 0.2)),
    ("triplet_m0.2_batch-hard", lambda e, y, c: triplet(e, y, 0.2, "batch-hard")),
    ("triplet_m0.2_semi-hard", lambda e, y, c: triplet(e, y, 0.2, "semi-hard", 0.2)),
    ("triplet_m0.1_semi-hard_mm0.05", lambda e, y, c: triplet(e, y, 0.1, "semi-hard", 0.05)),
    ("npair", lambda e, y, c: npair(e, y)),
    ("npair_pml_default", lambda e, y, c: npair(e, y, 0.0, True)),
    ("lifted", lambda e, y, c: lifted(e, y)),
    ("lifted_0.1_0.8", lambda e, y, c: lifted(e, y, 0.1, 0.8)),
    ("multi-similarity", lambda e, y, c: multi_similarity(e, y)),
    ("multi-similarity_all", lambda e, y, c: multi_similarity(e, y, miner="all")),
    ("multi-similarity_1_10_0.3_eps0.3", lambda e, y, c: multi_similarity(e, y, 1, 10, 0.3, epsilon=0.3)),
    ("proxy-nca", lambda e, y, c: proxy_nca(e, y, c)),
    ("proxy-nca_scale3", lambda e, y, c: proxy_nca(e, y, c, 3.0)),
    ("proxy-anchor", lambda e, y, c: proxy_anchor(e, y, c)),
    ("proxy-anchor_0.2_16", lambda e, y, c: proxy_anchor(e, y, c, 0.2, 16.0)),
    ("normalized-softmax", lambda e, y, c: normalized_softmax(e, y, c)),
    ("normalized-softmax_t0.5", lambda e, y, c: normalized_softmax(e, y, c, 0.5)),
    ("arcface", lambda e, y, c: arcface(e, y, c)),
    ("arcface_0.2_8", lambda e, y, c: arcface(e, y, c, 0.2, 8.0)),
    ("cosface", lambda e, y, c: cosface(e, y, c)),
    ("cosface_0.1_8", lambda e, y, c: cosface(e, y, c, 0.1, 8.0)),
    ("center_lambda0.5", lambda e, y, c: center(e, y, c, 0.5)),
]

CLUSTERED_CASES = [
    ("clustered_contrastive_multi-similarity", lambda e, y, c: contrastive(e, y, miner="multi-similarity")),
    ("clustered_triplet_m0.2_batch-hard", lambda e, y, c: triplet(e, y, 0.2, "batch-hard")),
    ("clustered_triplet_m0.2_semi-hard", lambda e, y, c: triplet(e, y, 0.2, "semi-hard", 0.2)),
    ("clustered_lifted_semi-hard", lambda e, y, c: lifted(e, y, miner="semi-hard")),
    ("clustered_multi-similarity", lambda e, y, c: multi_similarity(e, y)),
    ("clustered_multi-similarity_all", lambda e, y, c: multi_similarity(e, y, miner="all")),
    ("clustered_multi-similarity_eps0.3", lambda e, y, c: multi_similarity(e, y, epsilon=0.3)),
]


def main():
    e_np, c_np, k_np = inputs()
    y = torch.tensor(LABELS)
    c = torch.tensor(c_np)
    for name, fn, x in [(n, f, e_np) for n, f in CASES] + [(n, f, k_np) for n, f in CLUSTERED_CASES]:
        e = torch.tensor(x, requires_grad=True)
        value = fn(e, y, c)
        value.backward()
        print(f"{name} {value.item():.9g} {e.grad.norm().item():.9g}")


if __name__ == "__main__":
    main()
