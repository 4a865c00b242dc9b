#!/usr/bin/env python3
"""Topline on PostgreSQL vs psql: the benchmark queries Q1-Q4 on a table in a private server.

Called by scripts/bench-pg, which builds Topline, generates the data and finds PostgreSQL:

  bench_pg.py --work DIR --topline BIN --psql BIN --server scripts/pg-test-server
              --size 10m --runs 5

Method (see BENCHMARKS.md, "PostgreSQL"):
- one private server (scripts/pg-test-server: a Unix socket, no TCP) holds the table
  `microdata`, loaded from the CSV by Topline's `load … into pg` (timed) and, for the load's
  comparison, by psql's `\\copy` into a second table of the same columns (timed, then dropped);
- each query runs as a new process per run: `topline --format csv` on a script that attaches
  the server and runs the query's pipeline on `pg.microdata`, and `psql --csv -f qN.sql` on
  the workload's SQL. Both print CSV to a pipe;
- correctness first: Topline's answer must equal psql's (names and text exactly, numbers to
  1e-9 relative), or nothing is timed;
- interleaved: run i of a query runs both tools, in an order that alternates with i, after one
  untimed warm-up run of each (the table is then in the server's and the kernel's caches);
- bytes: one more run of each tool through a proxy that counts the bytes the server sends
  (every message: authentication, catalog queries, results), next to the size of the answer.
"""
import argparse, csv, io, os, socket, statistics, subprocess, sys, tempfile, threading, time
from datetime import datetime, timezone

from bench import same  # the side-by-side benchmark's comparison: text exactly, numbers to 1e-9

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
SQL = os.path.join(BENCH, "workload", "sql")
TQ = os.path.join(BENCH, "queries")
QUERIES = ["q1", "q2", "q3", "q4"]
# Q2 is the weighted query: the attached table gets the weight its CSV is loaded with.
# The others are unweighted (on the server a declared design would stay with the rows,
# where in memory Q3's `select` drops the weight column and with it the weight).
WEIGHTED = {"q2"}
TOOLS = ["topline", "psql"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Failed(Exception):
    pass


def run(argv, cwd=None, capture=False):
    """Runs argv (no shell); returns (seconds, stdout bytes or None)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=err)
        out = p.stdout.read() if capture else None
        code = p.wait()
        elapsed = time.perf_counter() - start
        if code != 0:
            err.seek(0)
            raise Failed(f"{' '.join(argv)[:300]} exited {code}:\n{err.read().decode(errors='replace')[-2000:]}")
    return elapsed, out


def topline_script(q, conninfo):
    """The query's Topline script, attached: its load line becomes the attach (and, for the
    weighted query, the design of the attached table), `from microdata` reads `pg.microdata`."""
    body = [l for l in open(os.path.join(TQ, q + ".tq")).read().splitlines() if not l.startswith("load ")]
    head = [f'attach postgres "{conninfo}" as pg'] + (["design pg.microdata weight weight"] if q in WEIGHTED else [])
    text = "\n".join(head + body) + "\n"
    assert "from microdata" in text, q
    return text.replace("from microdata", "from pg.microdata")


class Tools:
    def __init__(self, a, conninfo, scripts):
        self.a, self.conninfo, self.scripts = a, conninfo, scripts

    def query(self, tool, q, conninfo=None):
        conninfo = conninfo or self.conninfo
        if tool == "topline":
            path = self.scripts[(q, conninfo)]
            return dict(argv=[self.a.topline, "--format", "csv", path])
        return dict(argv=[self.a.psql, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1", conninfo, "-f",
                          os.path.join(SQL, q + ".sql")])


def write_scripts(folder, conninfos):
    scripts = {}
    for c in conninfos:
        for q in QUERIES:
            path = os.path.join(folder, f"{q}-{len(scripts)}.tq")
            open(path, "w").write(topline_script(q, c))
            scripts[(q, c)] = path
    return scripts


def psql(a, conninfo, sql):
    return run([a.psql, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", conninfo, "-c", sql], capture=True)


# ---- counting the server's bytes ---------------------------------------------------------

class CountingProxy:
    """A Unix-socket proxy in front of the server's socket that counts what the server sends."""

    def __init__(self, server_dir):
        self.dir = tempfile.mkdtemp(prefix="topline-pg-proxy.")
        self.target = os.path.join(server_dir, ".s.PGSQL.5432")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(os.path.join(self.dir, ".s.PGSQL.5432"))
        self.listener.listen(8)
        self.received = 0
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            client, _ = self.listener.accept()
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.connect(self.target)
            threading.Thread(target=self.pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, True), daemon=True).start()

    def pump(self, source, sink, count):
        try:
            while chunk := source.recv(1 << 16):
                if count:
                    with self.lock:
                        self.received += len(chunk)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def measure(self, spec):
        with self.lock:
            self.received = 0
        _, out = run(capture=True, **spec)
        time.sleep(0.2)  # the pumps finish their last chunk
        with self.lock:
            return self.received, len(out)


# ---- correctness ---------------------------------------------------------------------

def check(tools):
    bad = 0
    for q in QUERIES:
        got, want = ([r for r in csv.reader(io.StringIO(run(capture=True, **tools.query(t, q))[1].decode()))]
                     for t in TOOLS)
        ok = len(got) == len(want) and all(len(g) == len(w) and all(map(same, g, w)) for g, w in zip(got, want))
        log(f"check {q}: {'ok' if ok else 'MISMATCH'} ({len(want) - 1} rows)")
        if not ok:
            bad += 1
            log(f"  topline: {got[:4]}\n  psql:    {want[:4]}")
    return bad


# ---- the run ---------------------------------------------------------------------------

def load(a, conninfo, csv_path):
    """Topline's load … into pg, then psql's \\copy of the same file into a copy of the table."""
    log("[load] topline: load … into pg")
    t_topline, _ = run([a.topline, "-c", f'attach postgres "{conninfo}" as pg',
                        "-c", f'load "{csv_path}" into pg as microdata'])
    psql(a, conninfo, "ANALYZE microdata")
    log("[load] psql: \\copy")
    psql(a, conninfo, "DROP TABLE IF EXISTS microdata_copy; CREATE TABLE microdata_copy (LIKE microdata)")
    t_psql, _ = run([a.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", conninfo, "-c",
                     f"\\copy microdata_copy FROM '{csv_path}' WITH (FORMAT csv, HEADER true)"])
    psql(a, conninfo, "DROP TABLE microdata_copy")
    return {"topline": t_topline, "psql": t_psql}


def time_queries(tools, runs):
    results = {}
    for q in QUERIES:
        log(f"[query] {q}: {runs} runs per tool, interleaved")
        for t in TOOLS:
            run(**tools.query(t, q))  # warm-up
        times = {t: [] for t in TOOLS}
        for r in range(runs):
            for t in (TOOLS if r % 2 == 0 else TOOLS[::-1]):
                times[t].append(run(**tools.query(t, q))[0])
        results[q] = {t: dict(times=times[t], median=statistics.median(times[t])) for t in TOOLS}
    return results


def ms(s):
    v = s * 1000
    return f"{v:.1f}" if v < 100 else f"{v:,.0f}"


def table(a, rows, loads, timings, traffic, machine):
    out = ["| measurement (ms, median) | Topline on PostgreSQL | psql | Topline / psql | target |",
           "|---|---:|---:|---:|---|"]
    out.append(f"| load {a.size.upper()} CSV (`load … into pg` / `\\copy`) | {ms(loads['topline'])} | {ms(loads['psql'])} "
               f"| {loads['topline'] / loads['psql']:.2f}× | |")
    for q in QUERIES:
        t, p = timings[q]["topline"]["median"], timings[q]["psql"]["median"]
        out.append(f"| {q.upper()} on {rows:,} rows | {ms(t)} | {ms(p)} | {t / p:.2f}× | ≤ 1.2× |")
    out.append("")
    out.append("| bytes from the server (one run) | Topline | psql | answer (psql's CSV) |")
    out.append("|---|---:|---:|---:|")
    for q in QUERIES:
        (tb, _), (pb, answer) = traffic[q]["topline"], traffic[q]["psql"]
        out.append(f"| {q.upper()} | {tb:,} | {pb:,} | {answer:,} |")
    out.append("")
    out.append(f"{machine['date']}, {machine['cpus']} CPUs ({machine['model']}). {a.runs} interleaved runs per tool "
               f"and query, new process each, after a warm-up run. Versions: {machine['versions']}.")
    return "\n".join(out)


def machine_info(a, conninfo):
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    server = psql(a, conninfo, "SHOW server_version")[1].decode().strip()
    rev = subprocess.run(["git", "-C", BENCH, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return dict(date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), cpus=os.cpu_count(), model=model,
                versions=f"Topline {rev}, PostgreSQL {server}, psql {subprocess.run([a.psql, '--version'], capture_output=True, text=True).stdout.split()[-1]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for opt in ("work", "topline", "psql", "server"):
        ap.add_argument("--" + opt, required=True)
    ap.add_argument("--size", default="10m")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    csv_path = os.path.join(a.work, "data", a.size, "microdata.csv")
    server_dir = subprocess.run([a.server, "start"], capture_output=True, text=True, check=True).stdout.strip()
    conninfo = f"host={server_dir} user=topline dbname=postgres"
    proxy = CountingProxy(server_dir)
    proxied = f"host={proxy.dir} user=topline dbname=postgres"
    try:
        with tempfile.TemporaryDirectory() as folder:
            tools = Tools(a, conninfo, write_scripts(folder, [conninfo, proxied]))
            loads = load(a, conninfo, csv_path)
            rows = int(psql(a, conninfo, "SELECT count(*) FROM microdata")[1])
            if check(tools):
                log("Topline's answers differ from psql's: not timing a wrong answer.")
                return 1
            timings = time_queries(tools, a.runs)
            traffic = {q: {t: proxy.measure(tools.query(t, q, proxied)) for t in TOOLS} for q in QUERIES}
            text = table(a, rows, loads, timings, traffic, machine_info(a, conninfo))
    except Failed as e:
        log(f"failed: {e}")
        return 1
    finally:
        subprocess.run([a.server, "stop", server_dir])
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
