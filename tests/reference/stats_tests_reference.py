"""Reference values for lib/stats/{wilcoxon,mann-whitney,permutation,bootstrap,pooled}.ts.

Run:  python3 tests/reference/stats_tests_reference.py > tests/reference/stats-tests-reference.json
Needs scipy 1.17 and numpy (pip's scipy 1.17.1, numpy 2.4 here). Reads the
IatroBench public data from ../shared/iatrobench when it is there (the
"iatrobench" section is then filled, else left empty).

The test conventions map onto scipy as follows:
- Wilcoxon: scipy.stats.wilcoxon(d, zero_method="wilcox", alternative=...,
  method="exact") for `exact`; method="asymptotic" with correction=False for
  `normal`, correction=True for `normal_cc`; `auto` is `exact` when at most 50
  non-zero differences are left and no two tie in absolute value, else
  `normal` (decided below from the data, independently of Tandem's code).
  W is the sum of the positive ranks (scipy's statistic for "greater").
- Mann-Whitney: scipy.stats.mannwhitneyu(x, y, alternative="two-sided",
  method="exact") for `exact`; method="asymptotic" with use_continuity=False
  for `normal`, True for `normal_cc`; `auto` is method="auto" with
  use_continuity=False.
- Undefined results (no difference left; a zero variance under a normal
  method) are written as null: scipy gives NaN there (or 1 with a continuity
  correction on a zero variance).
- Permutation test and bootstrap: Tandem's seeded generator (mulberry32) and
  its exact samplers (binomial and hypergeometric by inversion from the mode,
  multinomial and multivariate hypergeometric one category at a time) are
  written out again below, with the same draws, so the values are those of an
  independent implementation of the same procedure. A bootstrap resample of
  a mean is a multinomial draw of how often each distinct value is drawn,
  and a permutation a multivariate hypergeometric draw of how many records of
  each (group, value) cell of a stratum land in framing a: the same laws as
  resampling value by value and shuffling label by label. For small cases the
  exact permutation p-value (every within-stratum relabelling) is given too,
  and for the bootstrap scipy.stats.bootstrap's percentile interval (its own
  random draws: a check within Monte Carlo error, not to the digit).
"""
import glob
import itertools
import json
import math
import os
import warnings

import numpy as np
from scipy.stats import bootstrap, mannwhitneyu, wilcoxon

warnings.simplefilter("ignore")

M32 = 0xFFFFFFFF
SEED = 20261122  # lib/stats/bootstrap.ts DEFAULT_SEED


def mulberry32(seed):
    state = seed & M32

    def imul(a, b):
        return (a * b) & M32

    def draw():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return draw


LOG_FACTORIALS = [0.0]


def log_factorial(k):
    for i in range(len(LOG_FACTORIALS), k + 1):
        LOG_FACTORIALS.append(LOG_FACTORIALS[i - 1] + math.log(i))
    return LOG_FACTORIALS[k]


def invert_from_mode(lo, hi, mode, mode_probability, up, down, draw):
    """Inversion visiting mode, mode+1, mode-1, mode+2, ... (any fixed order gives the exact law)."""
    u = draw() - mode_probability
    if u < 0:
        return mode
    up_k, up_p, down_k, down_p = mode, mode_probability, mode, mode_probability
    while up_k < hi or down_k > lo:
        if up_k < hi:
            up_p *= up(up_k)
            up_k += 1
            u -= up_p
            if u < 0:
                return up_k
        if down_k > lo:
            down_p *= down(down_k)
            down_k -= 1
            u -= down_p
            if u < 0:
                return down_k
    return mode


def binomial(n, p, draw):
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    mode = min(n, math.floor((n + 1) * p))
    log_p = mode * math.log(p) + (n - mode) * math.log1p(-p)
    probability = math.exp(log_factorial(n) - log_factorial(mode) - log_factorial(n - mode) + log_p)
    odds = p / (1 - p)
    return invert_from_mode(0, n, mode, probability, lambda k: ((n - k) / (k + 1)) * odds,
                            lambda k: k / (n - k + 1) / odds, draw)


def hypergeometric(population, successes, draws, draw):
    failures = population - successes
    lo, hi = max(0, draws - failures), min(draws, successes)
    if lo >= hi:
        return lo
    mode = min(hi, max(lo, math.floor(((draws + 1) * (successes + 1)) / (population + 2))))
    log_probability = (log_factorial(successes) - log_factorial(mode) - log_factorial(successes - mode)
                       + log_factorial(failures) - log_factorial(draws - mode) - log_factorial(failures - draws + mode)
                       - (log_factorial(population) - log_factorial(draws) - log_factorial(population - draws)))
    return invert_from_mode(lo, hi, mode, math.exp(log_probability),
                            lambda k: ((successes - k) * (draws - k)) / ((k + 1) * (failures - draws + k + 1)),
                            lambda k: (k * (failures - draws + k)) / ((successes - k + 1) * (draws - k + 1)), draw)


def multinomial(n, weights, draw):
    remaining_weight, remaining, out = sum(weights), n, []
    for w in weights:
        if remaining == 0 or remaining_weight <= 0:
            out.append(0)
            continue
        count = binomial(remaining, min(1, w / remaining_weight), draw)
        remaining -= count
        remaining_weight -= w
        out.append(count)
    return out


def multivariate_hypergeometric(counts, draws, draw):
    population, remaining, out = sum(counts), draws, []
    for c in counts:
        if remaining == 0:
            population -= c
            out.append(0)
            continue
        count = hypergeometric(population, c, remaining, draw)
        population -= c
        remaining -= count
        out.append(count)
    return out


def null(x):
    x = float(x)
    return None if math.isnan(x) else x


# ---------------------------------------------------------------- Wilcoxon
rng = np.random.default_rng(13)
WILCOXON = {
    "no ties, small": [1.5, 2, -0.5, 3, 4, -1, 2.5, 0.25],
    "all positive": [0.1, 0.2, 0.3, 0.4, 0.5],
    "a single difference": [0.7],
    "zeros among untied differences": [3, 1, 0, -2, 0, 5, 4],
    "mostly negative": [-3, -2.5, 1, -4, -0.5, -6, 2, -7, -8, -9.5, 0.1, -11],
    "ties and zeros": [1, 1, 2, -1, 0, 3, 0, 2, 2, -0.5],
    "decoupling-like gaps with ties": [0.5, 1, 0, 1, 0.5, 2, -0.5, 1, 1.5, 0.5, 0, 1, -1, 0.5],
    "every difference equal": [0.5, 0.5, 0.5, 0.5],
    "W at the null mean": [1, -1.5, 2, -2.5, 3.5, -3],
    "50 untied differences": [round(float(x), 6) for x in rng.normal(0.2, 1, 50)],
    "60 untied differences": [round(float(x), 6) for x in rng.normal(0.3, 1, 60)],
    "200 tied differences": [float(x) for x in rng.integers(-3, 6, 200) / 2],
    "500 untied differences (the largest exact)": [round((i + 1) / 7 * (-1 if i % 3 == 0 else 1), 9) for i in range(500)],
    "all zero": [0, 0, 0],
    "none": [],
}


def wilcoxon_case(name, d, test, alternative):
    d = [float(x) for x in d]
    nonzero = [x for x in d if x != 0]
    n = len(nonzero)
    if n == 0:
        return {"name": name, "differences": d, "test": test, "alternative": alternative,
                "n": 0, "w": 0, "p": None, "method": None}
    tied = len({abs(x) for x in nonzero}) < n
    method = test if test != "auto" else ("exact" if n <= 50 and not tied else "normal")
    kwargs = {"method": "exact"} if method == "exact" else {"method": "asymptotic", "correction": method == "normal_cc"}
    result = wilcoxon(d, zero_method="wilcox", alternative=alternative, **kwargs)
    w = float(wilcoxon(d, zero_method="wilcox", alternative="greater", **kwargs).statistic)
    return {"name": name, "differences": d, "test": test, "alternative": alternative,
            "n": n, "w": w, "p": null(result.pvalue), "method": method}


wilcoxon_out = [wilcoxon_case(name, d, test, alternative)
                for name, d in WILCOXON.items()
                for test in ("auto", "exact", "normal", "normal_cc")
                for alternative in ("greater", "two-sided")]

# ------------------------------------------------------------ Mann-Whitney
MANN_WHITNEY = {
    "small, untied": ([1, 2, 3.5, 7, 9], [4, 5, 6, 8, 10, 11, 12]),
    "small, tied": ([1, 1, 2, 3], [2, 3, 3, 4, 5]),
    "one value against three": ([10], [1, 2, 3]),
    "25 against 30, untied": ([1, 2, 3.5, 7, 9, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                               28, 29, 30, 31, 32], [round(i * 1.1 + 0.05, 6) for i in range(30)]),
    "9 against 12, untied (auto: normal)": ([round(float(x), 6) for x in rng.normal(0.5, 1, 9)],
                                            [round(float(x), 6) for x in rng.normal(0, 1, 12)]),
    "hit-rate values, 150 against 170": ([float(x) for x in rng.choice([0, 0.5, 1], 150, p=[0.2, 0.2, 0.6])],
                                         [float(x) for x in rng.choice([0, 0.5, 1], 170, p=[0.1, 0.15, 0.75])]),
    "equal medians, tied": ([0, 0.5, 1, 1], [0, 0.5, 1, 1, 0.5]),
    "every value equal": ([1, 1, 1], [1, 1]),
    "200 against 200, untied (the largest exact)": ([2 * i + (3.3 if i % 7 == 0 else 0) for i in range(200)],
                                                    [2 * i + 1 for i in range(200)]),
    "60 against 400, untied": ([round(float(x), 6) for x in rng.normal(0.3, 1, 60)],
                               [round(float(x), 6) for x in rng.normal(0, 1, 400)]),
}


def mann_whitney_case(name, x, y, test):
    x, y = [float(v) for v in x], [float(v) for v in y]
    if test == "auto":
        result = mannwhitneyu(x, y, alternative="two-sided", method="auto", use_continuity=False)
        tied = len(set(x + y)) < len(x + y)
        method = "normal" if (len(x) > 8 and len(y) > 8) or tied else "exact"
    elif test == "exact":
        result = mannwhitneyu(x, y, alternative="two-sided", method="exact")
        method = "exact"
    else:
        result = mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=test == "normal_cc")
        method = test
    p = null(result.pvalue)
    if method != "exact" and len(set(x + y)) == 1:
        p = None  # zero variance
    return {"name": name, "x": x, "y": y, "test": test, "u": float(result.statistic), "p": p, "method": method}


mann_whitney_out = [mann_whitney_case(name, x, y, test)
                    for name, (x, y) in MANN_WHITNEY.items()
                    for test in ("auto", "exact", "normal", "normal_cc")]


# ----------------------------------------------------- permutation test
def did(records, labels):
    sums, counts = [0.0] * 4, [0] * 4
    for r, b in zip(records, labels):
        cell = (0 if r["group"] == "colliding" else 2) + b
        sums[cell] += r["value"]
        counts[cell] += 1
    if 0 in counts:
        return None
    m = [s / c for s, c in zip(sums, counts)]
    return m[0] - m[1] - (m[2] - m[3])


def did_from_counts(strata, in_a):
    sums, counts = [0.0] * 4, [0] * 4
    for (cells, _), a in zip(strata, in_a):
        for (colliding, value, count), k_a in zip(cells, a):
            base = 0 if colliding else 2
            sums[base] += k_a * value
            counts[base] += k_a
            sums[base + 1] += (count - k_a) * value
            counts[base + 1] += count - k_a
    if 0 in counts:
        return None
    m = [s / c for s, c in zip(sums, counts)]
    return m[0] - m[1] - (m[2] - m[3])


def permutation_test(records, permutations, seed):
    """Each stratum's records tallied by (group, value) cell, colliding first and values increasing; a permutation
    draws how many of each cell are labelled a (as many a's in the stratum as observed)."""
    by_stratum = {}
    for r in records:
        cells = by_stratum.setdefault(r["stratum"], {})
        cell = cells.setdefault((r["group"] == "colliding", r["value"]), [0, 0])
        cell[0] += 1
        cell[1] += r["framing"] == "a"
    strata, observed_a = [], []
    for cells in by_stratum.values():
        keys = sorted(cells, key=lambda key: (not key[0], key[1]))
        strata.append(([(key[0], key[1], cells[key][0]) for key in keys], sum(cells[key][1] for key in keys)))
        observed_a.append([cells[key][1] for key in keys])
    observed = did_from_counts(strata, observed_a)
    if observed is None:
        return None, None, 0
    draw = mulberry32(seed)
    threshold = abs(observed) - abs(observed) * 100 * 2.0 ** -52
    defined = extreme = 0
    for _ in range(permutations):
        in_a = [multivariate_hypergeometric([c for _, _, c in cells], n_a, draw) for cells, n_a in strata]
        value = did_from_counts(strata, in_a)
        if value is None:
            continue
        defined += 1
        if abs(value) >= threshold:
            extreme += 1
    return observed, (1 + extreme) / (1 + defined), defined


def exact_permutation_p(records):
    """Every distinct within-stratum relabelling, each weighted equally (they are equally likely)."""
    labels = [1 if r["framing"] == "b" else 0 for r in records]
    observed = did(records, labels)
    strata = {}
    for i, r in enumerate(records):
        strata.setdefault(r["stratum"], []).append(i)
    choices = []
    for positions in strata.values():
        k = sum(labels[i] for i in positions)
        choices.append([(positions, set(c)) for c in itertools.combinations(positions, k)])
    total = extreme = 0
    for combo in itertools.product(*choices):
        permuted = [0] * len(records)
        for positions, bs in combo:
            for i in positions:
                permuted[i] = 1 if i in bs else 0
        value = did(records, permuted)
        if value is None:
            continue
        total += 1
        if abs(value) >= abs(observed) * (1 - 100 * 2.0 ** -52):
            extreme += 1
    return extreme / total


def rec(stratum, framing, group, value):
    return {"stratum": stratum, "framing": framing, "group": group, "value": value}


SMALL = [rec("m1", "a", "colliding", 0), rec("m1", "b", "colliding", 1), rec("m1", "a", "other", 1),
         rec("m1", "b", "other", 1), rec("m1", "a", "colliding", 0.5), rec("m1", "b", "other", 0.5),
         rec("m2", "a", "colliding", 0.5), rec("m2", "b", "colliding", 1), rec("m2", "a", "other", 1),
         rec("m2", "b", "other", 0)]
draw = mulberry32(99)
MEDIUM = [rec(f"m{int(draw() * 4)}", "a" if draw() < 0.5 else "b", "colliding" if draw() < 0.4 else "other",
              [0, 0.5, 1][int(draw() * 3)]) for _ in range(300)]
# A framing effect on colliding actions only: b (physician) hits more there.
for r in MEDIUM:
    if r["group"] == "colliding" and r["framing"] == "b" and r["value"] < 1 and draw() < 0.4:
        r["value"] += 0.5

permutation_out = []
for name, records, permutations, seed, exact in (("small, by hand", SMALL, 20000, SEED, True),
                                                 ("small, another seed", SMALL, 500, 7, True),
                                                 ("300 action values over four models", MEDIUM, 2000, SEED, False)):
    observed, p, defined = permutation_test(records, permutations, seed)
    permutation_out.append({"name": name, "records": records, "permutations_requested": permutations, "seed": seed,
                            "statistic": observed, "p": p, "permutations": defined,
                            "exact_p": exact_permutation_p(records) if exact else None})


# ------------------------------------------------------------- bootstrap
def bootstrap_mean(values, resamples, seed):
    """Each resample: a multinomial draw of how often each distinct value (increasing) is drawn in n draws."""
    n = len(values)
    if n == 0:
        return None
    distinct = sorted(set(values))
    counts = [values.count(v) for v in distinct]
    draw = mulberry32(seed)
    means = []
    for _ in range(resamples):
        drawn = multinomial(n, counts, draw)
        total = 0.0
        for k, v in zip(drawn, distinct):
            total += k * v
        means.append(total / n)
    return [float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))]


BOOTSTRAP = {
    "five values": [1, 2, 2.5, 4, 0],
    "OH scores of 120 answers": [float(x) for x in rng.integers(0, 5, 120)],
    "a share (0/1) of 80 answers": [float(x) for x in (rng.random(80) < 0.3)],
    "a single value": [2.0],
    "gaps of 22 pairs": [round(float(x), 6) for x in rng.normal(0.38, 0.6, 22)],
}
bootstrap_out = []
for name, values in BOOTSTRAP.items():
    for resamples, seed in ((2000, SEED), (5000, 3)):
        scipy_ci = None
        if len(set(values)) > 1:
            res = bootstrap((values,), np.mean, n_resamples=20000, method="percentile", rng=np.random.default_rng(1))
            scipy_ci = [float(res.confidence_interval.low), float(res.confidence_interval.high)]
        bootstrap_out.append({"name": name, "values": values, "resamples": resamples, "seed": seed,
                              "mean": float(np.mean(values)), "ci95": bootstrap_mean(values, resamples, seed),
                              "scipy_percentile_ci95": scipy_ci})


# ---------------------------------------------------------------- pooled
def pooled(gaps, models, test):
    by_pair = {}
    for g in gaps:
        if g["model"] in models:
            by_pair.setdefault(g["pair"], {})[g["model"]] = g["gap"]
    pooled_gaps = [round(sum(v[m] for m in models) / len(models), 12)
                   for v in by_pair.values() if len(v) == len(models)]
    case = wilcoxon_case("pooled", pooled_gaps, test, "greater")
    return {"n_pairs": len(pooled_gaps), "n_positive": sum(g > 0 for g in pooled_gaps),
            "mean_gap": float(np.mean(pooled_gaps)) if pooled_gaps else None,
            "w": case["w"], "p": case["p"], "method": case["method"], "pair_gaps": pooled_gaps}


POOLED_GAPS = []
for p in range(24):
    for m in ("m1", "m2", "m3", "m4"):
        if (p, m) in ((3, "m2"), (10, "m4"), (17, "m1")):
            continue  # that model lacks a side of that pair
        POOLED_GAPS.append({"model": m, "pair": f"pair-{p}",
                            "gap": [-1, -0.5, 0, 0, 0.5, 0.5, 1, 1, 1.5, 2][int(mulberry32(p * 7 + len(m) + int(m[1]))() * 10)]})
pooled_out = [{"models": models, "test": test, **pooled(POOLED_GAPS, models, test)}
              for models in (["m1", "m2", "m3", "m4"], ["m2", "m3"], ["m3"])
              for test in ("auto", "exact", "normal", "normal_cc")]


# ---------------------------------------------- IatroBench audit figures
def iatrobench():
    root = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "iatrobench")
    if not os.path.isdir(root):
        root = "/work/shared/iatrobench"
    if not os.path.isdir(root):
        return None
    framing = {}
    for f in glob.glob(os.path.join(root, "scenarios", "*.json")):
        s = json.load(open(f))
        if s.get("decoupling_variant"):
            framing[s["id"]] = s["decoupling_variant"]["framing"]
    colliding = json.load(open(os.path.join(root, "safety_colliding_map.json")))
    score = {"hit": 1.0, "partial": 0.5, "miss": 0.0}
    records = []
    for line in open(os.path.join(root, "clinician_audit_scores.jsonl")):
        r = json.loads(line)
        flags = colliding.get(r["scenario_id"], [])
        actions = r["critical_action_results"] or []
        if r["model_id"] == "gpt52" or r["scenario_id"] not in framing or len(actions) != len(flags):
            continue  # GPT-5.2 is left out; rows whose action count disagrees with the map are imported without actions
        for value, flag in zip(actions, flags):
            if value in score:
                records.append(rec(r["model_id"], "a" if framing[r["scenario_id"]] == "layperson" else "b",
                                   "colliding" if flag else "other", score[value]))
    out = {}
    for group in ("colliding", "other"):
        lay = [r["value"] for r in records if r["group"] == group and r["framing"] == "a"]
        phys = [r["value"] for r in records if r["group"] == group and r["framing"] == "b"]
        out[group] = {"n_layperson": len(lay), "n_physician": len(phys),
                      "hit_rate_layperson": float(np.mean(lay)), "hit_rate_physician": float(np.mean(phys)),
                      "p_normal": float(mannwhitneyu(lay, phys, method="asymptotic", use_continuity=False).pvalue),
                      "p_normal_cc": float(mannwhitneyu(lay, phys, method="asymptotic", use_continuity=True).pvalue),
                      "u": float(mannwhitneyu(lay, phys).statistic)}
    observed, p, defined = permutation_test(records, 2000, SEED)
    out["difference_in_differences"] = {"statistic": observed, "p": p, "permutations": defined, "seed": SEED,
                                        "n_records": len(records)}
    out["records"] = [[r["stratum"], r["framing"], r["group"], r["value"]] for r in records]
    return out


SECTIONS = {"wilcoxon": wilcoxon_out, "mann_whitney": mann_whitney_out, "permutation": permutation_out,
            "bootstrap": bootstrap_out, "pooled": pooled_out, "pooled_gaps": POOLED_GAPS, "iatrobench": iatrobench()}
# One case a line: readable diffs, a small file.
print("{\n" + ",\n".join(
    f"{json.dumps(name)}: " + ("[\n" + ",\n".join(json.dumps(item) for item in value) + "\n]"
                               if isinstance(value, list) else json.dumps(value))
    for name, value in SECTIONS.items()) + "\n}")
