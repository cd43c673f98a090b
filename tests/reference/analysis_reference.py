"""Reference values for lib/stats/wilcoxon.ts and lib/stats/descriptive.ts.

Run:  /usr/bin/python3 tests/reference/analysis_reference.py > tests/reference/analysis-reference.json
Needs Debian's python3-scipy (scipy 1.10.1, numpy). The test is
scipy.stats.wilcoxon(d, zero_method="wilcox", correction=True,
alternative="greater", method=...), with method "exact" when there are at most
50 differences, none zero and no two tied in absolute value, and
"approx" otherwise: the conventions lib/stats/wilcoxon.ts follows.
Quantiles are numpy's default (linear, type 7).
"""
import json
import warnings

import numpy as np
from scipy.stats import norm, wilcoxon

warnings.simplefilter("ignore")

rng = np.random.default_rng(7)
CASES = {
    "exact, no ties": [1.5, 2, -0.5, 3, 4, -1, 2.5, 0.25],
    "exact, all positive": [0.1, 0.2, 0.3, 0.4, 0.5],
    "exact, a single difference": [0.7],
    "normal, one zero among untied differences": [3, 1, 0],
    "exact, mostly negative": [-3, -2.5, 1, -4, -0.5, -6, 2, -7, -8, -9.5, 0.1, -11],
    "normal, ties and zeros": [1, 1, 2, -1, 0, 3, 0, 2, 2, -0.5],
    "normal, decoupling-like gaps with ties": [0.5, 1, 0, 1, 0.5, 2, -0.5, 1, 1.5, 0.5, 0, 1, -1, 0.5],
    "normal, 60 differences": [round(float(x), 6) for x in rng.normal(0.3, 1, 60)],
    "exact, 50 differences": [round(float(x), 6) for x in rng.normal(0.2, 1, 50)],
}

out = {"wilcoxon": [], "quantiles": [], "normal_upper_tail": []}
for name, d in CASES.items():
    nonzero = [x for x in d if x != 0]
    tied = len({abs(x) for x in nonzero}) < len(nonzero)
    method = "exact" if len(nonzero) <= 50 and not tied and len(nonzero) == len(d) else "approx"
    result = wilcoxon(d, zero_method="wilcox", correction=True, alternative="greater", method=method)
    out["wilcoxon"].append({"name": name, "differences": d, "method": "exact" if method == "exact" else "normal",
                            "statistic": float(result.statistic), "p": float(result.pvalue)})
for values in ([3, 1, 4, 1, 5, 9, 2, 6], [2.5], [0, 0, 1, 4, 4, 4, 2]):
    out["quantiles"].append({"values": values, "q1": float(np.quantile(values, 0.25)),
                             "median": float(np.quantile(values, 0.5)), "q3": float(np.quantile(values, 0.75))})
for z in (-3.2, -1, 0, 0.3, 1.6448536269514722, 2.5, 4, 8.2):
    out["normal_upper_tail"].append({"z": z, "p": float(norm.sf(z))})
print(json.dumps(out, indent=1))
