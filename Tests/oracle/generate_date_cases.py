#!/usr/bin/env python3
"""Writes Tests/ToplineTests/Fixtures/dates/: `dates.csv`, 2,000 ISO dates and
timestamps (years 1 to 9999, leap days, zone offsets, fractions of a second),
and `cases.json`, what DuckDB computes from them: year, quarter, month, day,
the days between each date and 2000-01-01, the date 45 days later, the days
from each date to its timestamp, the timestamp in UTC, comparisons with a
constant date, and the order of a sort. DateOracleTests loads dates.csv in
Topline and requires the same answers (every figure to 1e-9, text exactly).

    python3 Tests/oracle/generate_date_cases.py [--duckdb PATH]

Needs the DuckDB CLI (`pip install duckdb-cli`, e.g. into a venv; $DUCKDB or
--duckdb names it). CI does not run this script.
"""
import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "ToplineTests", "Fixtures", "dates")
ROWS = 2000

# (Topline expression, DuckDB expression) per derived column, over columns `day` (date) and `seen_at` (timestamp).
COLUMNS = [
    ("y", "year(day)", "year(day)"),
    ("q", "quarter(day)", "quarter(day)"),
    ("m", "month(day)", "month(day)"),
    ("d", "day(day)", "day(day)"),
    ("since", 'day - date("2000-01-01")', "day - date '2000-01-01'"),
    ("later", "day + 45", "(day + 45)::varchar"),
    ("hours_in", "seen_at - day", "epoch_us(seen_at::timestamp - day::timestamp) / 86400000000.0"),
    ("at_year", "year(seen_at)", "year(seen_at)"),
    ("at_day", "date(seen_at)", "(seen_at::date)::varchar"),
    ("after_2000", 'day >= "2000-01-01"', "day >= date '2000-01-01'"),
    ("made", "date(y, m, d) == day", "make_date(year(day), month(day), day(day)) = day"),
]


def random_rows(rng):
    rows = []
    fixed = ["0001-01-01", "9999-11-01", "1970-01-01", "1969-12-31", "2000-02-29", "1900-02-28", "2024-02-29",
             "1600-03-01", "2100-12-31", "1582-10-15"]
    for i in range(ROWS):
        if i < len(fixed):
            day = fixed[i]
        else:
            y = rng.choice([rng.randint(1, 9998), rng.randint(1900, 2100)])
            m = rng.randint(1, 12)
            last = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
            day = "%04d-%02d-%02d" % (y, m, rng.randint(1, last))
        if day in ("0001-01-01",):
            at = day + " 00:00:00"  # no offset: an offset could fall before year 1
        else:
            hh, mm, ss = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
            at = "%s %02d:%02d:%02d" % (day, hh, mm, ss)
            kind = rng.randint(0, 3)
            if kind == 1:
                at += ".%06d" % rng.randint(0, 999999)
            if kind == 2 and day != "9999-12-31":
                at = at.replace(" ", "T") + "Z"
            if kind == 3 and day not in ("9999-12-31",):
                at += "+%02d:%02d" % (rng.randint(0, 13), rng.choice([0, 30, 45]))
        rows.append((i + 1, day if rng.random() > 0.02 else "", at))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duckdb", default=os.environ.get("DUCKDB") or shutil.which("duckdb"))
    args = parser.parse_args()
    if not args.duckdb:
        sys.exit("needs the DuckDB CLI: pip install duckdb-cli, then --duckdb PATH")
    os.makedirs(OUT, exist_ok=True)
    data = os.path.join(OUT, "dates.csv")
    rows = random_rows(random.Random(20121))
    with open(data, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "day", "seen_at"])
        w.writerows(rows)

    selects = ", ".join("%s as %s" % (sql, name) for name, _, sql in COLUMNS)
    sql = (
        "set timezone = 'UTC';\n"
        "create table t as select * from read_csv('%s', types = {'id': 'BIGINT', 'day': 'DATE', 'seen_at': 'TIMESTAMPTZ'});\n"
        "copy (select id, strftime(seen_at, '%%Y-%%m-%%d %%H:%%M:%%S.%%f') as at_utc, %s from t order by id) to '/dev/stdout' (format json, array true);\n"
        "copy (select id from t order by day desc nulls last, id) to '/dev/stdout' (format json, array true);\n"
        % (data, selects)
    )
    run = subprocess.run([args.duckdb, "-c", sql], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("duckdb failed: " + run.stderr)
    out = run.stdout
    first, second = out.split("]\n", 1) if "]\n" in out else out.split("]", 1)
    figures = json.loads(first + "]")
    order = [r["id"] for r in json.loads(second.strip())]
    for r in figures:
        # DuckDB writes six decimals always; Topline drops trailing zeros (and a zero fraction).
        text = r.pop("at_utc")
        whole, fraction = text.split(".")
        fraction = fraction.rstrip("0")
        r["at_utc"] = whole + ("." + fraction if fraction else "")
    document = {
        "generator": "Tests/oracle/generate_date_cases.py",
        "duckdb": subprocess.run([args.duckdb, "--version"], capture_output=True, text=True).stdout.strip(),
        "columns": [{"name": n, "topline": t} for n, t, _ in COLUMNS],
        "rows": figures,
        "sorted_desc": order,
    }
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        # One row per line: small, and a regenerated file diffs row by row.
        rows_text = ",\n".join(json.dumps(r, separators=(",", ":")) for r in document.pop("rows"))
        head = json.dumps(document, indent=1)[:-2]
        f.write(head + ',\n "rows": [\n' + rows_text + "\n ]\n}\n")
    print("wrote %d rows to %s" % (len(figures), OUT))


if __name__ == "__main__":
    main()
