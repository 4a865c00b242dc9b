#!/usr/bin/env python3
"""Topline vs DuckDB (1 thread and default) vs sqlite3 on the survey-microdata workload.

Called by scripts/bench, which builds the binaries, installs DuckDB and generates the data:

  bench.py --work DIR --topline BIN --bench BIN --duckdb BIN --sqlite BIN
           --mid 1m --big 5m --runs 5 --warm-passes 2 [--example CSV]

Method (see BENCHMARKS.md):
- correctness first: Topline's CSV answer to each query must equal DuckDB's (column names
  and text exactly, numbers to 1e-9 relative); any mismatch stops the run;
- cold cells start a new process per run (startup + CSV parse + query, output to a pipe).
  Each run of a cell runs every tool once, in an order that rotates from run to run, so
  all tools see the same machine conditions ("interleaved"). One untimed warm-up run per
  tool and cell first (the CSV is then in the page cache for everyone);
- peak RSS is the child's ru_maxrss from wait4(), median over the runs;
- warm cells load the data once in one process and time each query (query only) RUNS
  times after a warm-up; each pass gives medians, passes alternate the tool order, and the
  table shows the median of the pass medians;
- the table shows medians in ms and the ratio Topline / DuckDB-1t.
"""
import argparse, csv, io, json, math, os, platform, re, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
SQL = os.path.join(BENCH, "workload", "sql")
TQ = os.path.join(BENCH, "queries")
QUERIES = ["q1", "q2", "q3", "q4", "q5"]
TOOLS = ["topline", "duckdb-1t", "duckdb", "sqlite3"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---- running one command -------------------------------------------------------------

class Failed(Exception):
    pass


def run(argv, cwd=None, stdin_path=None, capture=False):
    """Runs argv (no shell); returns (seconds, peak RSS in MiB, stdout bytes or None)."""
    # stderr goes to a file, so a chatty child can never block on a full pipe;
    # wait4 (not Popen.wait) because it returns the child's resource usage.
    with tempfile.TemporaryFile() as err, (open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb")) as stdin:
        start = time.perf_counter()
        p = subprocess.Popen(argv, cwd=cwd, stdin=stdin, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                             stderr=err)
        out = p.stdout.read() if capture else None
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - start
        p.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            raise Failed(f"{' '.join(argv)[:300]} (in {cwd}) exited {code}:\n{err.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out


# ---- how each tool does each thing -----------------------------------------------------

class Tools:
    def __init__(self, a):
        self.a = a
        self.schema = open(os.path.join(SQL, "sqlite_schema.sql")).read().strip()

    def data_dir(self, size):
        return os.path.join(self.a.work, "data", size)

    def csv(self, size):
        return os.path.join(self.data_dir(size), "microdata.csv")

    def duck(self, tool):
        return [self.a.duckdb] + (["-cmd", "SET threads=1"] if tool == "duckdb-1t" else [])

    def startup(self, tool):
        """A trivial query on the 60-row example dataset, to the first result."""
        ex = self.a.example
        if tool == "topline":
            return dict(argv=[self.a.topline, "--format", "csv", ex, "-c", f"from {stem(ex)} | take 1"])
        if tool.startswith("duckdb"):
            return dict(argv=self.duck(tool) + ["-csv", "-c", f"SELECT * FROM read_csv_auto('{ex}') LIMIT 1"])
        return dict(argv=[self.a.sqlite, "-csv", "-cmd", f".import --csv {ex} t", ":memory:", "SELECT * FROM t LIMIT 1"])

    def query(self, tool, q, size):
        """New process: read the CSV, answer query q, print CSV with a header."""
        if tool == "topline":
            return dict(argv=[self.a.topline, "--format", "csv", os.path.join(TQ, q + ".tq")], cwd=self.data_dir(size))
        sql = os.path.join(SQL, q + ".sql")
        if tool.startswith("duckdb"):
            view = f"CREATE VIEW microdata AS SELECT * FROM read_csv_auto('{self.csv(size)}')"
            return dict(argv=self.duck(tool) + ["-csv", "-cmd", view], stdin_path=sql)
        return dict(argv=[self.a.sqlite, "-csv", "-header", "-cmd", self.schema,
                          "-cmd", f".import --csv --skip 1 {self.csv(size)} microdata", ":memory:"], stdin_path=sql)

    def warm(self, tool, size, runs):
        """Load once, time each query `runs` times; returns {"load": s|None, "q1": s, …} (medians)."""
        if tool == "topline":
            _, _, out = run([self.a.bench, "warm", str(runs)] + [os.path.join(TQ, q + ".tq") for q in QUERIES],
                            cwd=self.data_dir(size), capture=True)
            return json.loads(out)
        return warm_cli(tool, self.a.sqlite if tool == "sqlite3" else self.a.duckdb, self.csv(size), runs, self.schema)


def warm_cli(tool, binary, csv_path, runs, schema):
    """Warm timing inside one sqlite3/DuckDB CLI process with its own `.timer on`
    (after ../shared/bench/warm_cli.py). sqlite3 does not time dot commands: no load time."""
    sql = {q: open(os.path.join(SQL, q + ".sql")).read() for q in QUERIES}
    lines = []
    if tool == "sqlite3":
        lines += [schema, f".import --csv --skip 1 {csv_path} microdata", ".timer on"]
    else:
        lines += (["SET threads=1;"] if tool == "duckdb-1t" else []) + [
            ".timer on", f"CREATE TABLE microdata AS SELECT * FROM read_csv_auto('{csv_path}');"]
    lines.append(".output /dev/null")
    for q in QUERIES:
        lines += [sql[q]] * (1 + runs)
    out = subprocess.run([binary], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True).stdout
    times = [float(x) for x in re.findall(r"Run Time(?: \(s\))?: real ([0-9.]+)", out)]
    res = {"load": times.pop(0) if tool != "sqlite3" else None}
    assert len(times) == len(QUERIES) * (1 + runs), (len(times), out[-500:])
    for i, q in enumerate(QUERIES):
        res[q] = statistics.median(times[i * (1 + runs) + 1:(i + 1) * (1 + runs)])
    return res


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


# ---- correctness -------------------------------------------------------------------

def same(a, b):
    if a == b:
        return True
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except ValueError:
        return False


def check(tools, size):
    """Topline's answers must equal DuckDB's; returns the number of mismatches."""
    bad = 0
    for q in QUERIES:
        got, want = ([r for r in csv.reader(io.StringIO(run(capture=True, **tools.query(t, q, size))[2].decode()))]
                     for t in ("topline", "duckdb"))
        ok = len(got) == len(want) and all(len(g) == len(w) and all(map(same, g, w)) for g, w in zip(got, want))
        log(f"check {q} at {size}: {'ok' if ok else 'MISMATCH'} ({len(want) - 1} rows)")
        if not ok:
            bad += 1
            log(f"  topline: {got[:4]}\n  duckdb:  {want[:4]}")
    return bad


# ---- timing -------------------------------------------------------------------------

def cold_cells(tools, a):
    cells = [("startup", lambda t: tools.startup(t), 4 * a.runs)]
    cells += [(f"{q}_cold_{a.mid}", (lambda q: lambda t: tools.query(t, q, a.mid))(q), a.runs) for q in QUERIES]
    if a.big != a.mid:
        cells += [(f"q2_cold_{a.big}", lambda t: tools.query(t, "q2", a.big), a.runs)]
    return cells


def time_cold(tools, a, results):
    for name, spec, runs in cold_cells(tools, a):
        log(f"[cold] {name}: {runs} runs per tool, interleaved")
        for t in TOOLS:
            run(**spec(t))  # warm-up (and page cache)
        times = {t: [] for t in TOOLS}
        rss = {t: [] for t in TOOLS}
        for r in range(runs):
            for t in TOOLS[r % len(TOOLS):] + TOOLS[:r % len(TOOLS)]:
                s, m, _ = run(**spec(t))
                times[t].append(s)
                rss[t].append(m)
        for t in TOOLS:
            results[t][name] = dict(times=times[t], median=statistics.median(times[t]), rss=statistics.median(rss[t]))


def time_warm(tools, a, results):
    for p in range(a.warm_passes):
        order = TOOLS if p % 2 == 0 else TOOLS[::-1]
        for t in order:
            log(f"[warm] {t} at {a.mid}, pass {p + 1}")
            results[t].setdefault("warm_passes", []).append(tools.warm(t, a.mid, a.runs))
    for t in TOOLS:
        passes = results[t]["warm_passes"]
        for k in ["load"] + QUERIES:
            vals = [w[k] for w in passes if w.get(k) is not None]
            results[t][f"{k}_warm_{a.mid}"] = dict(median=statistics.median(vals)) if vals else None


def micro(a, results):
    log("[micro] lexer+parser, completion")
    _, _, out = run([a.bench, "parse", "10", str(max(3, a.runs))], capture=True)
    results["topline"]["parse"] = json.loads(out)
    _, _, out = run([a.bench, "complete", os.path.join(a.work, "data", a.mid, "microdata.csv"), "20"], capture=True)
    results["topline"]["complete"] = json.loads(out)


# ---- report -------------------------------------------------------------------------

def ms(s):
    if s is None:
        return "–"
    v = s * 1000
    return "<1" if v == 0 else f"{v:.2f}" if v < 1 else f"{v:.1f}" if v < 100 else f"{v:,.0f}"


def table(results, a, machine):
    def med(t, cell):
        c = results[t].get(cell)
        return c["median"] if c else None

    mid, big = a.mid.upper(), a.big.upper()
    rows = [("startup (60-row example)", "startup", "≤ 15 ms")]
    rows += [(f"{q.upper()} cold {mid}", f"{q}_cold_{a.mid}", "≤ 0.5×" if q == "q2" else "≤ 1.0×") for q in QUERIES]
    rows += [(f"{q.upper()} warm {mid}", f"{q}_warm_{a.mid}", "≤ 0.5×" if q in ("q2", "q3") else "") for q in QUERIES]
    if a.big != a.mid:
        rows += [(f"Q2 cold {big}", f"q2_cold_{a.big}", "≤ 0.5×")]
    out = ["| measurement (ms, median) | Topline | DuckDB 1 thread | DuckDB default | sqlite3 | Topline / DuckDB-1t | target |",
           "|---|---:|---:|---:|---:|---:|---|"]
    for label, cell, target in rows:
        vals = [med(t, cell) for t in TOOLS]
        ratio = f"{vals[0] / vals[1]:.2f}×" if vals[0] and vals[1] else "–"
        out.append(f"| {label} | " + " | ".join(ms(v) for v in vals) + f" | {ratio} | {target} |")
    for size in dict.fromkeys((a.mid, a.big)):
        vals = [results[t][f"q2_cold_{size}"]["rss"] for t in TOOLS]
        label = f"peak RSS Q2 cold {size.upper()} (MiB)"
        target = f"≤ {2 * a.csv_mib[size]:.0f} (2× CSV)" if size == a.big else ""
        out.append(f"| {label} | " + " | ".join(f"{v:.0f}" for v in vals) + f" | {vals[0] / vals[1]:.2f}× | {target} |")
    p, c = results["topline"].get("parse"), results["topline"].get("complete")
    if p:
        out.append(f"| lexer+parser ({p['bytes'] / 1e6:.0f} MB script), MB/s | {p['mb_per_s']:.1f} | | | | | ≥ 50 MB/s |")
    if c:
        for k, label in (("text_value", 'value completion `region == "`'), ("integer_value", "value completion `wave == `"),
                         ("column", "column completion `where reg`"), ("verb", "verb completion `\\| su`")):
            out.append(f"| {label} at {c['rows'] / 1e6:g}M rows, first / later | {ms(c[k + '_first'])} / {ms(c[k])} "
                       "| | | | | ≤ 10 ms |")
    out.append("")
    out.append(f"{machine['date']}, {machine['cpus']} CPUs ({machine['model']}), {machine['os']}. "
               f"Cold: {a.runs} interleaved runs per tool (startup {4 * a.runs}), new process each, CSV in page cache. "
               f"Warm: query only, {a.runs} runs × {a.warm_passes} pass(es). Versions: {machine['versions']}.")
    return "\n".join(out)


def machine_info(a):
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    duck = subprocess.run([a.duckdb, "--version"], capture_output=True, text=True).stdout.strip()
    sqlite = " ".join(subprocess.run([a.sqlite, "--version"], capture_output=True, text=True).stdout.split()[:1])
    rev = subprocess.run(["git", "-C", BENCH, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return dict(date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), cpus=os.cpu_count(), model=model,
                os=f"{platform.system()} {platform.release()}",
                versions=f"Topline {rev}, DuckDB CLI {duck}, sqlite3 {sqlite}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for opt in ("work", "topline", "bench", "duckdb", "sqlite", "example"):
        ap.add_argument("--" + opt, required=True)
    ap.add_argument("--mid", default="1m")
    ap.add_argument("--big", default="5m")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warm-passes", type=int, default=2)
    a = ap.parse_args()
    a.csv_mib = {s: os.path.getsize(os.path.join(a.work, "data", s, "microdata.csv")) / 2**20 for s in {a.mid, a.big}}
    tools = Tools(a)
    results = {t: {} for t in TOOLS}
    try:
        if check(tools, a.mid):
            log("Topline's answers differ from DuckDB's: not timing a wrong answer.")
            return 1
        time_cold(tools, a, results)
        time_warm(tools, a, results)
        micro(a, results)
    except Failed as e:
        log(f"failed: {e}")
        return 1
    m = machine_info(a)
    text = table(results, a, m)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir = os.path.join(a.work, "results", stamp)
    os.makedirs(out_dir, exist_ok=True)
    json.dump(dict(machine=m, args={k: v for k, v in vars(a).items()}, results=results),
              open(os.path.join(out_dir, "results.json"), "w"), indent=1)
    open(os.path.join(out_dir, "table.md"), "w").write(text + "\n")
    print(text)
    log(f"raw results: {out_dir}/results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
