#!/usr/bin/env python3
"""Writes Tests/ToplineTests/Fixtures/duckdb/cases.json: the window aggregates,
rank and row_number, stddev/var/mode/first/last, distinct and append of Topline
checked against DuckDB (and the weighted stddev/var/mode against R survey's
svyvar/svytable, the sample against this file's own SplitMix64) on the
benchmark generator's 10,000 respondents (the generator's output is
Examples/data/microdata-10k.csv byte for byte; the script makes it afresh and
says so if the two differ).

    python3 Tests/oracle/generate_duckdb_cases.py [--duckdb PATH] [--rscript PATH]

Needs the DuckDB CLI (`pip install duckdb-cli`, e.g. into a venv under /tmp;
$DUCKDB or --duckdb names it) and Rscript with the survey package
(Debian: r-base-core, r-cran-survey). CI runs neither: WindowOracleTests loads
Examples/data/microdata-10k.csv and compares Topline's answers with the
committed ones, every figure to 1e-9 (relative).
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATOR = os.path.join(ROOT, "Benchmarks", "workload", "gen_microdata.py")
OUT = os.path.join(ROOT, "Tests", "ToplineTests", "Fixtures", "duckdb", "cases.json")
ROWS = 10000

# The statements every case runs after: DATA is the generated file. `m` is
# unweighted, `mw` weighted by `weight` (R: svydesign(ids = ~1, weights = ~weight)).
SETUP = [
    'load "DATA" as m',
    'load "DATA" as mw weight weight',
    "let early = from m | where wave == 2012 | select respondent_id, wave, region, f2f_share_now",
    "let late = from m | where wave == 2016 | select respondent_id, role, f2f_share_now = f2f_share_now * 1.5, wave",
]
# DuckDB's view of the same tables (yes/no columns read as text, as Topline reads them).
SQL_SETUP = """
create table m as select * from read_csv('DATA', types = {
  'social_media_now': 'VARCHAR', 'social_media_future': 'VARCHAR', 'human_capital_primary': 'VARCHAR', 'collab_change': 'VARCHAR'});
create view early as select respondent_id, wave, region, f2f_share_now from m where wave = 2012;
create view late as select respondent_id, role, f2f_share_now * 1.5::double as f2f_share_now, wave from m where wave = 2016;
"""

# (id, Topline query, DuckDB query, key columns, columns)
DUCKDB_CASES = [
    ("percent-of-total",
     "from m | summarize n = count() by region | derive pct = n / sum(n), base = sum(n)",
     "select region, count(*) as n, count(*) / sum(count(*)) over () as pct, sum(count(*)) over ()::bigint as base from m group by region",
     ["region"], ["region", "n", "pct", "base"]),
    ("share-in-group",
     "from m | summarize n = count(*) by region, role | derive share_in_region = n / sum(n) by region",
     "select region, role, count(*) as n, count(*) / sum(count(*)) over (partition by region) as share_in_region from m group by region, role",
     ["region", "role"], ["region", "role", "n", "share_in_region"]),
    ("share-of-weighted-count",
     "from mw | summarize w = count_weighted() by company_size, wave | derive pct = w / sum(w) by wave",
     "select company_size, wave, sum(weight) as w, sum(weight) / sum(sum(weight)) over (partition by wave) as pct from m group by company_size, wave",
     ["company_size", "wave"], ["company_size", "wave", "w", "pct"]),
    ("row-windows-by-region",
     "from m | derive mean = avg(f2f_share_now), total = sum(f2f_share_now), lo = min(f2f_share_now), hi = max(f2f_share_now),"
     " n = count(), dev = f2f_share_now - avg(f2f_share_now), share = f2f_share_now / sum(f2f_share_now) by region"
     " | select respondent_id, mean, total, lo, hi, n, dev, share | where respondent_id <= 1000",
     "select * from (select respondent_id, avg(f2f_share_now) over w as mean, (sum(f2f_share_now) over w)::bigint as total, min(f2f_share_now) over w as lo,"
     " max(f2f_share_now) over w as hi, count(*) over w as n, f2f_share_now - avg(f2f_share_now) over w as dev,"
     " f2f_share_now / sum(f2f_share_now) over w as share from m window w as (partition by region)) where respondent_id <= 1000",
     ["respondent_id"], ["respondent_id", "mean", "total", "lo", "hi", "n", "dev", "share"]),
    ("row-windows-whole-table",
     "from m | derive mean = avg(f2f_share_future), sd = stddev(f2f_share_future), z = (f2f_share_future - avg(f2f_share_future)) / stddev(f2f_share_future)"
     " | select respondent_id, mean, sd, z | where respondent_id <= 1000",
     "select * from (select respondent_id, avg(f2f_share_future) over () as mean, stddev_samp(f2f_share_future) over () as sd,"
     " (f2f_share_future - avg(f2f_share_future) over ()) / stddev_samp(f2f_share_future) over () as z from m) where respondent_id <= 1000",
     ["respondent_id"], ["respondent_id", "mean", "sd", "z"]),
    ("rank-and-row-number",
     "from m | derive r = rank(f2f_share_now desc), ra = rank(f2f_share_now), rn = row_number(), rw = rank(weight desc) by region, role"
     " | select respondent_id, r, ra, rn, rw | where respondent_id <= 2000",
     "select * from (select respondent_id, rank() over (partition by region, role order by f2f_share_now desc) as r,"
     " rank() over (partition by region, role order by f2f_share_now) as ra,"
     " row_number() over (partition by region, role order by respondent_id) as rn,"
     " rank() over (partition by region, role order by weight desc) as rw from m) where respondent_id <= 2000",
     ["respondent_id"], ["respondent_id", "r", "ra", "rn", "rw"]),
    ("rank-of-text-whole-table",
     "from m | derive by_industry = rank(industry), by_comment = rank(comment desc), n = row_number()"
     " | select respondent_id, by_industry, by_comment, n | where respondent_id <= 1000",
     "select * from (select respondent_id, rank() over (order by industry) as by_industry, rank() over (order by comment desc nulls last) as by_comment,"
     " row_number() over (order by respondent_id) as n from m) where respondent_id <= 1000",
     ["respondent_id"], ["respondent_id", "by_industry", "by_comment", "n"]),
    ("rank-of-counts",
     "from m | summarize n = count() by industry, company_size | derive place = rank(n desc) by company_size",
     "select industry, company_size, count(*) as n, rank() over (partition by company_size order by count(*) desc) as place from m group by industry, company_size",
     ["industry", "company_size"], ["industry", "company_size", "n", "place"]),
    ("stddev-var",
     "from m | summarize n = count(*), sd = stddev(f2f_share_now), v = var(f2f_share_now), sd_future = stddev(f2f_share_future),"
     " v_weight = var(weight) by region, wave",
     "select region, wave, count(*) as n, stddev_samp(f2f_share_now) as sd, var_samp(f2f_share_now) as v,"
     " stddev_samp(f2f_share_future) as sd_future, var_samp(weight) as v_weight from m group by region, wave",
     ["region", "wave"], ["region", "wave", "n", "sd", "v", "sd_future", "v_weight"]),
    ("stddev-var-in-derive",
     "from m | derive sd = stddev(f2f_share_now), v = var(f2f_share_future - f2f_share_now) by industry | distinct industry, sd, v",
     "select distinct industry, stddev_samp(f2f_share_now) over w as sd, var_samp(f2f_share_future - f2f_share_now) over w as v"
     " from m window w as (partition by industry)",
     ["industry"], ["industry", "sd", "v"]),
    ("mode-first-last",
     "from m | summarize usual = mode(industry), size = mode(company_size), first_comment = first(comment), last_comment = last(comment),"
     " first_id = first(respondent_id), last_id = last(respondent_id) by region",
     # mode: the most rows; a tie goes to the value seen first (the smallest respondent_id of its rows), Topline's rule.
     "with i as (select region, industry, count(*) as n, min(respondent_id) as seen from m group by all),"
     " s as (select region, company_size, count(*) as n, min(respondent_id) as seen from m group by all),"
     " im as (select region, industry from (select *, row_number() over (partition by region order by n desc, seen) as k from i) where k = 1),"
     " sm as (select region, company_size from (select *, row_number() over (partition by region order by n desc, seen) as k from s) where k = 1),"
     " fl as (select region, first(comment order by respondent_id) filter (where comment is not null) as first_comment,"
     "  last(comment order by respondent_id) filter (where comment is not null) as last_comment,"
     "  min(respondent_id) as first_id, max(respondent_id) as last_id from m group by region)"
     " select fl.region, im.industry as usual, sm.company_size as size, first_comment, last_comment, first_id, last_id"
     " from fl join im using (region) join sm using (region)",
     ["region"], ["region", "usual", "size", "first_comment", "last_comment", "first_id", "last_id"]),
    ("first-last-after-sort",
     "from m | sort f2f_share_now desc, respondent_id | summarize top = first(respondent_id), bottom = last(respondent_id), n = count(comment) by role",
     "select role, arg_max(respondent_id, f2f_share_now * 100000 - respondent_id) as top, arg_min(respondent_id, f2f_share_now * 100000 - respondent_id) as bottom,"
     " count(comment) as n from m group by role",
     ["role"], ["role", "top", "bottom", "n"]),
    ("distinct",
     "from m | distinct region, role, wave",
     "select distinct region, role, wave from m",
     ["region", "role", "wave"], ["region", "role", "wave"]),
    ("distinct-all-columns",
     "from m | select region, company_size, social_media_now | distinct | summarize n = count() by region",
     "select region, count(*) as n from (select distinct region, company_size, social_media_now from m) group by region",
     ["region"], ["region", "n"]),
    ("append",
     "from early | append late | select respondent_id, wave, region, role, f2f_share_now | where respondent_id <= 1500",
     "select respondent_id, wave, region, role, f2f_share_now from (select * from early union all by name select * from late) where respondent_id <= 1500",
     ["respondent_id"], ["respondent_id", "wave", "region", "role", "f2f_share_now"]),
    ("append-summarized",
     "from early | append late | append early | summarize n = count(), regions = count(region), roles = count(role), total = sum(f2f_share_now),"
     " sd = stddev(f2f_share_now) by wave",
     "select wave, count(*) as n, count(region) as regions, count(role) as roles, sum(f2f_share_now)::double as total, stddev_samp(f2f_share_now) as sd"
     " from (select * from early union all by name select * from late union all by name select * from early) group by wave",
     ["wave"], ["wave", "n", "regions", "roles", "total", "sd"]),
]

# Weighted: R survey on svydesign(ids = ~1, weights = ~weight). svyvar's point estimate is
# Σw(x − x̄)²/Σw · n/(n − 1); the mode is the largest cell of svytable.
R_SCRIPT = r"""
suppressMessages(library(survey))
m <- read.csv("DATA", stringsAsFactors = FALSE, na.strings = "")
d <- svydesign(ids = ~1, weights = ~weight, data = m)
out <- list()
by_region <- svyby(~f2f_share_now, ~region, d, svyvar)
v2 <- svyby(~f2f_share_future, ~region, d, svyvar)
for (i in seq_len(nrow(by_region))) {
  r <- as.character(by_region$region[i])
  t <- svytable(~industry, subset(d, region == r))
  out[[length(out) + 1]] <- list(region = r, sd = sqrt(coef(by_region)[i]), v = unname(coef(by_region)[i]),
                                 sd_future = sqrt(unname(coef(v2)[i])), usual = names(t)[which.max(t)])
}
all_v <- coef(svyvar(~f2f_share_now, d))
rows <- vapply(out, function(x) sprintf('["%s", %.17g, %.17g, %.17g, "%s"]', x$region, x$sd, x$v, x$sd_future, x$usual), "")
cat("[", paste(rows, collapse = ", "), "]\n", sep = "")
cat(sprintf("%.17g %.17g\n", sqrt(all_v[1]), all_v[1]))
cat(as.character(packageVersion("survey")), R.version$major, R.version$minor, "\n")
"""


def splitmix64_sample(n, total, seed):
    """Sampling.rows(choosing:of:seed:) as its documentation states it."""
    mask = (1 << 64) - 1
    state = seed & mask
    chosen = []
    t = 0
    while len(chosen) < n:
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z = z ^ (z >> 31)
        u = (z >> 11) * 2.0 ** -53
        if (total - t) * u < n - len(chosen):
            chosen.append(t)
        t += 1
    return chosen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duckdb", default=os.environ.get("DUCKDB", shutil.which("duckdb") or "duckdb"))
    parser.add_argument("--rscript", default=shutil.which("Rscript") or "Rscript")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="topline-duckdb-")
    data = os.path.join(work, "m.csv")
    subprocess.run([sys.executable, GENERATOR, str(ROWS), data], check=True)
    duckdb_version = subprocess.run([args.duckdb, "--version"], check=True, capture_output=True, text=True).stdout.strip()

    cases = []
    figures = 0
    for case_id, query, sql, key, columns in DUCKDB_CASES:
        script = SQL_SETUP.replace("DATA", data) + ".mode json\n" + sql + ";\n"
        result = subprocess.run([args.duckdb, "-batch"], input=script, check=True, capture_output=True, text=True).stdout
        records = json.loads(result) if result.strip() else []
        rows = sorted(([r[c] for c in columns] for r in records), key=lambda row: [str(row[columns.index(k)]) for k in key])
        figures += sum(len(r) - len(key) for r in rows)
        cases.append({"id": case_id, "oracle": "duckdb", "query": query, "sql": sql, "key": key, "columns": columns, "rows": rows})

    r = subprocess.run([args.rscript, "-e", R_SCRIPT.replace("DATA", data)], check=True, capture_output=True, text=True).stdout.splitlines()
    r_rows = json.loads(r[0])
    all_sd, all_v = (float(x) for x in r[1].split())
    survey_version, r_major, r_minor = r[2].split()
    cases.append({"id": "weighted-stddev-var-mode", "oracle": "R survey: svyby(~x, ~region, d, svyvar); svytable",
                  "query": "from mw | summarize sd = stddev(f2f_share_now), v = var(f2f_share_now), sd_future = stddev(f2f_share_future),"
                           " usual = mode(industry) by region",
                  "key": ["region"], "columns": ["region", "sd", "v", "sd_future", "usual"], "rows": sorted(r_rows)})
    figures += 4 * len(r_rows)
    cases.append({"id": "weighted-stddev-var-whole", "oracle": "R survey: svyvar(~f2f_share_now, d)",
                  "query": "from mw | summarize sd = stddev(f2f_share_now), v = var(f2f_share_now)",
                  "key": [], "columns": ["sd", "v"], "rows": [[all_sd, all_v]]})
    figures += 2

    for n, seed, written in [(25, 42, "sample 25 seed 42"), (100, 0, "sample 1%"), (7, -7, "sample 7 seed -7"), (3, 0, "sample 3 seed 0")]:
        ids = [[i + 1] for i in splitmix64_sample(n, ROWS, seed)]
        cases.append({"id": "sample/" + written.replace(" ", "-"), "oracle": "SplitMix64 and selection sampling, as Sources/Topline/Runtime/Sampling.swift states them",
                      "query": f"from m | {written} | select respondent_id", "key": [], "ordered": True,
                      "columns": ["respondent_id"], "rows": ids})
        figures += len(ids)

    with open(data, "rb") as f:
        generated = f.read()
    size = len(generated)
    with open(os.path.join(ROOT, "Examples", "data", "microdata-10k.csv"), "rb") as f:
        if f.read() != generated:
            print("warning: Examples/data/microdata-10k.csv is not the generator's output", file=sys.stderr)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    document = {
        "about": "Topline's window aggregates and table verbs against DuckDB, R survey and the documented sampler; see Tests/oracle/README.md",
        "data": {"generator": "Benchmarks/workload/gen_microdata.py", "rows": ROWS, "file": "Examples/data/microdata-10k.csv", "bytes": size},
        "setup": SETUP,
        "versions": {"duckdb": duckdb_version, "r": f"{r_major}.{r_minor}", "survey": survey_version},
        "figures": figures,
        "cases": [dict(case, rows="@rows of " + case["id"]) for case in cases],
    }
    # One line per row: small enough to commit, readable in a diff.
    text = json.dumps(document, indent=1, ensure_ascii=False)
    for case in cases:
        rows = ",\n".join("   " + json.dumps(row, ensure_ascii=False) for row in case["rows"])
        text = text.replace(json.dumps("@rows of " + case["id"]), "[\n" + rows + "\n  ]", 1)
    with open(OUT, "w") as f:
        f.write(text + "\n")
    shutil.rmtree(work)
    print(f"{len(cases)} cases, {figures} figures -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
