"""Reference values for lib/stats/agreement.ts, computed independently.

Run:  /usr/bin/python3 tests/reference/agreement_reference.py > tests/reference/agreement-reference.json
Needs Debian's python3-sklearn (scikit-learn 1.2.1, numpy). Cohen's kappa
comes from scikit-learn; Gwet's AC1 and Krippendorff's alpha (ordinal, from
the coincidence matrix) are written out below from their published formulas.
NaN (undefined) is written as null.
"""
import json
import math

import numpy as np
from sklearn.metrics import cohen_kappa_score


def lcg_pairs(count, k, seed, agree):
    """Deterministic pairs: B equals A, or is off by one, most of the time."""
    state = seed
    pairs = []
    for _ in range(count):
        state = (1103515245 * state + 12345) % 2**31
        a = state % k
        state = (1103515245 * state + 12345) % 2**31
        roll = state % 100
        if roll < agree:
            b = a
        elif roll < agree + 20:
            b = min(k - 1, a + 1)
        else:
            state = (1103515245 * state + 12345) % 2**31
            b = state % k
        pairs.append([a, b])
    return pairs


def ac1(a, b, k):
    n = len(a)
    po = sum(1 for x, y in zip(a, b) if x == y) / n
    pe = 0.0
    for c in range(k):
        pi = (sum(1 for x in a if x == c) + sum(1 for y in b if y == c)) / (2 * n)
        pe += pi * (1 - pi) / (k - 1)
    return (po - pe) / (1 - pe)


def alpha_ordinal(a, b, k):
    o = np.zeros((k, k))
    for x, y in zip(a, b):
        o[x, y] += 1
        o[y, x] += 1
    nc = o.sum(axis=1)
    n = nc.sum()

    def delta(c, g):
        lo, hi = min(c, g), max(c, g)
        return (nc[lo:hi + 1].sum() - (nc[c] + nc[g]) / 2) ** 2

    do = sum(o[c, g] * delta(c, g) for c in range(k) for g in range(k))
    de = sum(nc[c] * nc[g] * delta(c, g) for c in range(k) for g in range(k))
    return float("nan") if de == 0 else 1 - (n - 1) * do / de


def clean(value):
    value = float(value)
    return None if math.isnan(value) else value


CASES = [
    ("omission harm, 60 pairs", 5, lcg_pairs(60, 5, 7, 55)),
    ("commission harm, 200 pairs", 4, lcg_pairs(200, 4, 11, 40)),
    ("scale categories never used (only 0 and 1 on a 0-4 scale)", 5, [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0], [1, 1], [0, 0]]),
    ("complete disagreement", 4, [[0, 3], [3, 0], [1, 2], [2, 1]]),
    ("all pairs in one category (kappa undefined)", 5, [[2, 2]] * 6),
]

out = []
with np.errstate(divide="ignore", invalid="ignore"):
    for name, k, pairs in CASES:
        a = [p[0] for p in pairs]
        b = [p[1] for p in pairs]
        labels = list(range(k))
        out.append({
            "name": name,
            "k": k,
            "pairs": pairs,
            "exact": sum(1 for x, y in zip(a, b) if x == y) / len(a),
            "within1": sum(1 for x, y in zip(a, b) if abs(x - y) <= 1) / len(a),
            "mean_diff": sum(x - y for x, y in zip(a, b)) / len(a),
            "kappa": clean(cohen_kappa_score(a, b, labels=labels)),
            "kappa_linear": clean(cohen_kappa_score(a, b, labels=labels, weights="linear")),
            "kappa_quadratic": clean(cohen_kappa_score(a, b, labels=labels, weights="quadratic")),
            "gwet_ac1": clean(ac1(a, b, k)),
            "alpha_ordinal": clean(alpha_ordinal(a, b, k)),
        })
print(json.dumps(out, indent=1))
