#!/usr/bin/env python3
"""Print Tests/ToplineTests/StatisticsOracleCases.swift: Swift literals of
statistics cases computed by statsmodels / scipy, the oracle Topline's
statistics are checked against (to 1e-9).

Regenerate (needs `pip install statsmodels`; CI does not run Python):

    python3 Tests/oracle/generate_statistics_cases.py > Tests/ToplineTests/StatisticsOracleCases.swift

The random cases are seeded, so regenerating with the same library versions
gives the same file.
"""
import random

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)
from statsmodels.stats.weightstats import DescrStatsW

rng = random.Random(20240611)


def lit(x):
    """A Swift literal that round-trips the double exactly."""
    x = float(x)
    if x != x:
        return ".nan"
    return repr(x)


def log_uniform_n(low, high):
    return int(round(np.exp(rng.uniform(np.log(low), np.log(high)))))


def interval_cases():
    edges = [
        (0.0, 1, 0.95), (1.0, 1, 0.95), (0.0, 10, 0.95), (10.0, 10, 0.95),
        (0.0, 2, 0.99), (1.0, 2, 0.90), (27.0, 30, 0.95), (0.16 * 1709, 1709, 0.95),
        (273.0, 1709, 0.95), (1.0, 1709, 0.95), (5.0, 7, 0.80), (13.0, 40, 0.999),
    ]
    cases = list(edges)
    levels = [0.90, 0.95, 0.95, 0.99, 0.80, 0.999]
    for i in range(30):
        n = log_uniform_n(1, 5000)
        count = float(rng.randint(0, n)) if i % 3 else rng.uniform(0, n)
        cases.append((count, n, rng.choice(levels)))
    out = []
    for count, n, level in cases:
        alpha = 1 - level
        wl, wh = proportion_confint(count, n, alpha=alpha, method="normal")
        sl, sh = proportion_confint(count, n, alpha=alpha, method="wilson")
        out.append(
            f"        IntervalCase(count: {lit(count)}, n: {n}, level: {lit(level)}, "
            f"waldLow: {lit(wl)}, waldHigh: {lit(wh)}, wilsonLow: {lit(sl)}, wilsonHigh: {lit(sh)}),"
        )
    return out


def normal_cases():
    xs = [-37.5, -20.0, -14.526158, -8.0, -3.0, -1.0, -0.5, 0.0, 1e-3, 0.7, 1.959963984540054, 5.0, 8.0]
    xs += [rng.uniform(-12, 12) for _ in range(10)]
    return [f"        NormalCDFCase(x: {lit(x)}, cdf: {lit(stats.norm.cdf(x))}, twoSidedP: {lit(2 * stats.norm.sf(abs(x)))})," for x in xs]


def quantile_cases():
    ps = [1e-300, 1e-50, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.075, 0.2, 0.5, 0.6, 0.95, 0.975, 0.995, 0.999999, 1 - 1e-12]
    ps += [rng.uniform(0, 1) for _ in range(10)]
    return [f"        QuantileCase(p: {lit(p)}, quantile: {lit(stats.norm.ppf(p))})," for p in ps]


def chi_square_cases():
    xs = [1e-6, 0.5, 1.0, 3.841458820694124, 10.0, 50.0, 699.0014265, 701.0]
    xs += [rng.uniform(0, 100) for _ in range(6)]
    return [f"        ChiSquareCase(x: {lit(x)}, upperTail: {lit(stats.chi2.sf(x, 1))})," for x in xs]


def two_proportion_cases():
    cases = [
        (0.18 * 1330, 1330, 0.44 * 1344, 1344, 0.95),
        (591.0, 1344, 489.0, 1322, 0.95),
        (50.0, 200, 273.0, 1709, 0.95),
        (0.0, 40, 3.0, 60, 0.95),
        (1.0, 1, 0.0, 1, 0.90),
    ]
    for _ in range(30):
        n1, n2 = log_uniform_n(2, 4000), log_uniform_n(2, 4000)
        x1, x2 = float(rng.randint(0, n1)), float(rng.randint(0, n2))
        if x1 + x2 == 0 or x1 + x2 == n1 + n2:
            x1 = 1.0 if x1 == 0 else x1 - 1
        cases.append((x1, n1, x2, n2, rng.choice([0.90, 0.95, 0.99])))
    out = []
    for x1, n1, x2, n2, level in cases:
        # statsmodels' first sample minus second: put our second first.
        z, p = proportions_ztest([x2, x1], [n2, n1])
        low, high = confint_proportions_2indep(x2, n2, x1, n1, method="wald", compare="diff", alpha=1 - level)
        out.append(
            f"        TwoProportionCase(x1: {lit(x1)}, n1: {n1}, x2: {lit(x2)}, n2: {n2}, level: {lit(level)}, "
            f"z: {lit(z)}, pValue: {lit(p)}, ciLow: {lit(low)}, ciHigh: {lit(high)}),"
        )
    return out


def mcnemar_cases():
    tables = [[[273, 0], [701, 735]], [[400, 60], [100, 440]], [[5, 1], [0, 4]], [[10, 7], [7, 10]]]
    for _ in range(12):
        tables.append([[rng.randint(0, 500), rng.randint(0, 120)], [rng.randint(0, 120), rng.randint(0, 500)]])
    out = []
    for (a, b), (c, d) in tables:
        if b + c == 0:
            c = 1
        for correction in (False, True):
            if correction and b == c:
                continue  # Topline clamps |b - c| - 1 at 0; statsmodels does not.
            r = mcnemar([[a, b], [c, d]], exact=False, correction=correction)
            out.append(
                f"        McNemarCase(bothYes: {a}, firstOnly: {b}, secondOnly: {c}, neither: {d}, "
                f"correction: {'true' if correction else 'false'}, chiSquare: {lit(r.statistic)}, pValue: {lit(r.pvalue)}),"
            )
    return out


def adjustment_cases():
    families = [[0.01, 0.04, 0.03], [0.5], [0.001, 0.001, 0.2, 0.9, 0.04]]
    for _ in range(6):
        families.append([rng.uniform(0, 0.2) ** 2 for _ in range(rng.randint(2, 9))])
    out = []
    for ps in families:
        holm = multipletests(ps, method="holm")[1]
        bonf = multipletests(ps, method="bonferroni")[1]
        arr = lambda xs: "[" + ", ".join(lit(x) for x in xs) + "]"
        out.append(f"        AdjustmentCase(p: {arr(ps)}, holm: {arr(holm)}, bonferroni: {arr(bonf)}),")
    return out


def weighted_cases():
    out = []
    for i in range(6):
        size = rng.randint(1, 25)
        hits = [rng.random() < 0.4 for _ in range(size)]
        weights = [1.0] * size if i == 0 else [round(rng.uniform(0.2, 4.0), 3) for _ in range(size)]
        w = np.array(weights)
        share = DescrStatsW(np.array(hits, dtype=float), weights=w).mean
        n_eff = w.sum() ** 2 / (w ** 2).sum()
        deff = size * (w ** 2).sum() / w.sum() ** 2
        out.append(
            "        WeightedCase(hits: [" + ", ".join("true" if h else "false" for h in hits) + "], "
            "weights: [" + ", ".join(lit(x) for x in weights) + f"], share: {lit(share)}, "
            f"effectiveN: {lit(n_eff)}, designEffect: {lit(deff)}),"
        )
    return out


def block(name, kind, lines):
    return [f"    static let {name}: [{kind}] = ["] + lines + ["    ]", ""]


def main():
    lines = [
        "// GENERATED FILE - do not edit by hand.",
        f"// Oracle: statsmodels {statsmodels.__version__}, scipy {scipy.__version__}, numpy {np.__version__}.",
        "// Regenerate with:",
        "//   python3 Tests/oracle/generate_statistics_cases.py > Tests/ToplineTests/StatisticsOracleCases.swift",
        "// The case types are declared in StatisticsOracleTests.swift.",
        "",
        "enum StatisticsOracleCases {",
    ]
    lines += block("intervals", "IntervalCase", interval_cases())
    lines += block("normalCDF", "NormalCDFCase", normal_cases())
    lines += block("quantiles", "QuantileCase", quantile_cases())
    lines += block("chiSquare", "ChiSquareCase", chi_square_cases())
    lines += block("twoProportions", "TwoProportionCase", two_proportion_cases())
    lines += block("mcNemar", "McNemarCase", mcnemar_cases())
    lines += block("adjustments", "AdjustmentCase", adjustment_cases())
    lines += block("weighted", "WeightedCase", weighted_cases())
    lines[-1] = "}"
    print("\n".join(lines))


if __name__ == "__main__":
    main()
