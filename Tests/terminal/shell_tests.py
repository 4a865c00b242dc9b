"""End-to-end tests of the `topline` shell in a real terminal (tmux).

Each test gets a fresh HOME, working directory (holding fixtures/regions.csv)
and tmux server, so tests are independent and can run repeatedly.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET

from tmux_pane import Pane

HERE = os.path.dirname(os.path.abspath(__file__))
PROMPT = "topline>"
CONTINUATION = "...>"


class Context:
    def __init__(self, binary, name):
        self.binary = binary
        self.root = tempfile.mkdtemp(prefix=f"topline-e2e-{name}-")
        self.home = os.path.join(self.root, "home")
        self.work = os.path.join(self.root, "work")
        os.makedirs(self.home)
        os.makedirs(self.work)
        shutil.copy(os.path.join(HERE, "fixtures", "regions.csv"), self.work)
        self.socket = f"topline-e2e-{os.getpid()}-{name}"
        self.panes = []

    def shell(self, *args, env=None, width=100, height=30, timeout=10.0, wrapper=None):
        """Starts `topline ARGS…` in a pane (with `env` added to its environment)
        and waits for its first prompt (`timeout`: longer when ARGS load big data).
        `wrapper`: a shell command run first, which then execs topline (`ulimit -f 1`)."""
        full_env = {"TERM": "xterm", "LANG": "C.UTF-8", "HOME": self.home, **(env or {})}
        argv = [self.binary, *args]
        if wrapper:
            argv = ["sh", "-c", wrapper + '; exec "$0" "$@"', *argv]
        pane = Pane(f"{self.socket}-{len(self.panes)}", argv, self.work, full_env, width=width, height=height)
        self.panes.append(pane)
        pane.wait_prompt(1, timeout=timeout)
        return pane

    def path(self, name):
        return os.path.join(self.work, name)

    def run(self, *args):
        return subprocess.run([self.binary, *args], cwd=self.work, capture_output=True, text=True,
                              env={"HOME": self.home, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})

    def close(self):
        for pane in self.panes:
            pane.close()
        shutil.rmtree(self.root, ignore_errors=True)


def enter(pane, text):
    """Types `text`, presses Enter, and waits for the next prompt."""
    count = pane.prompt_count()
    pane.type(text)
    pane.key("Enter")
    pane.wait_prompt(count + 1)


def submit(pane, text):
    """Types `text` and presses Enter without waiting for anything."""
    pane.type(text)
    pane.key("Enter")


def wait_continuation(pane):
    pane.wait(lambda s: s.split("\n")[-1].strip() == CONTINUATION and pane.raw_mode(), "continuation prompt")


def after_last_command(pane, text):
    """The screen from the last line that shows `text` being typed."""
    lines = pane.lines()
    for i in range(len(lines) - 1, -1, -1):
        if text in lines[i]:
            return "\n".join(lines[i + 1:])
    raise AssertionError(f"{text!r} not on screen:\n{pane.screen()}")


def quit_shell(pane):
    pane.key("C-d")
    assert pane.wait_exit() == 0, pane.screen()


# --- tests -------------------------------------------------------------------

def test_banner_query_and_table(ctx):
    pane = ctx.shell()
    assert "`.help` for help" in pane.screen()
    enter(pane, 'load "regions.csv" as r')
    query = 'from r | where region == "Europe" | select region, share'
    enter(pane, query)
    out = after_last_command(pane, query)
    assert "Europe" in out and "57.0%" in out, pane.screen()
    assert "Asia Pacific" not in out, pane.screen()
    quit_shell(pane)


def test_tab_completes_verb(ctx):
    pane = ctx.shell("regions.csv")
    pane.type("from regions | wh")
    pane.key("Tab")
    pane.wait_text(f"{PROMPT} from regions | where ")
    pane.type('segment == "CEOs" | select region')
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    out = after_last_command(pane, "| select region")
    assert "Asia Pacific" in out and "North America" not in out, pane.screen()
    quit_shell(pane)


def test_tab_completes_column(ctx):
    pane = ctx.shell("regions.csv")
    pane.type("from regions | where reg")
    pane.key("Tab")
    pane.wait_text(f"{PROMPT} from regions | where region ")
    quit_shell_after_cancel(pane)


def test_tab_completes_value(ctx):
    pane = ctx.shell("regions.csv")
    pane.type('from regions | where region == "As')
    pane.key("Tab")
    pane.wait_text(f'{PROMPT} from regions | where region == "Asia Pacific"')
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    assert "16.0%" in after_last_command(pane, '"Asia Pacific"'), pane.screen()
    quit_shell(pane)


def test_tab_completes_file_path(ctx):
    pane = ctx.shell()
    pane.type('load "reg')
    pane.key("Tab")
    pane.wait_text(f'{PROMPT} load "regions.csv"')
    quit_shell_after_cancel(pane)


def test_tab_lists_several_candidates(ctx):
    pane = ctx.shell("regions.csv")
    pane.type("from regions | s")
    pane.key("Tab")
    # select, sort, summarize… are listed under the line, which is redrawn intact.
    screen = pane.wait_regex(r"select.*sort|sort.*select")
    assert screen.rstrip().split("\n")[-1].startswith(f"{PROMPT} from regions | s"), screen
    quit_shell_after_cancel(pane)


def quit_shell_after_cancel(pane):
    count = pane.prompt_count()
    pane.key("C-c")
    pane.wait_prompt(count + 1)
    quit_shell(pane)


def test_up_recalls_multiline_statement_from_previous_run(ctx):
    pane = ctx.shell("regions.csv")
    pane.type("from regions |")
    pane.key("Enter")
    wait_continuation(pane)
    enter(pane, "take 2")
    first = after_last_command(pane, "take 2")
    assert "Europe" in first and "North America" not in first, pane.screen()
    quit_shell(pane)

    pane = ctx.shell("regions.csv")
    pane.key("Up")
    pane.wait_regex(r"^topline> from regions \|\n\s*take 2$")
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    again = after_last_command(pane, "take 2")
    assert "Europe" in again and "North America" not in again, pane.screen()
    quit_shell(pane)
    history = os.path.join(ctx.home, ".local", "state", "topline", "history")
    with open(history, encoding="utf-8") as f:
        assert "from regions |\\ntake 2\n" in f.read()


def test_ctrl_c_cancels_line(ctx):
    pane = ctx.shell("regions.csv")
    pane.type("from regions | this is not run")
    count = pane.prompt_count()
    pane.key("C-c")
    pane.wait_prompt(count + 1)
    enter(pane, ".datasets")
    screen = pane.screen()
    assert "regions: 3 rows" in screen, screen
    assert "error" not in screen, screen
    quit_shell(pane)


def test_ctrl_c_cancels_continuation(ctx):
    pane = ctx.shell("regions.csv")
    pane.type("from regions |")
    pane.key("Enter")
    wait_continuation(pane)
    count = pane.prompt_count()
    pane.key("C-c")
    pane.wait_prompt(count + 1)
    enter(pane, "datasets")
    assert "error" not in pane.screen(), pane.screen()
    quit_shell(pane)


def test_error_then_working_query(ctx):
    pane = ctx.shell("regions.csv")
    enter(pane, "from regions | where regoin == 1")
    screen = pane.screen()
    assert "error" in screen and "region" in after_last_command(pane, "regoin == 1"), screen
    enter(pane, "from regions | take 1")
    assert "Asia Pacific" in after_last_command(pane, "take 1"), pane.screen()
    quit_shell(pane)


def test_mode_csv(ctx):
    pane = ctx.shell("regions.csv")
    enter(pane, ".mode csv")
    enter(pane, "from regions | select region, share | take 2")
    out = after_last_command(pane, "take 2").split("\n")
    assert out[0] == "region,share", "\n".join(out)
    assert out[1].startswith("Asia Pacific,16") and out[2].startswith("Europe,57"), "\n".join(out)
    assert not any(c in "\n".join(out) for c in "│─┌"), "\n".join(out)
    quit_shell(pane)


def test_save_then_run_reproduces_result(ctx):
    pane = ctx.shell()
    enter(pane, 'load "regions.csv" as r')
    enter(pane, "from r | where oops")  # fails: not saved
    enter(pane, "from r | where share > 17% | select region")
    enter(pane, ".save session.tq")
    assert "saved 2 statements to session.tq" in pane.screen(), pane.screen()
    quit_shell(pane)
    saved = ctx.run("run", "session.tq", "--format", "csv")
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout == "region\nEurope\nNorth America\n", saved.stdout


def test_save_includes_files_preloaded_from_the_command_line(ctx):
    """`.save` writes the load of a data file named on the command line (with --weight), so
    the script runs on its own."""
    with open(ctx.path("panel.csv"), "w") as f:
        f.write("region,w\nAsia Pacific,2\nEurope,1\nNorth America,1\n")
    pane = ctx.shell("panel.csv", "--weight", "w")
    enter(pane, "from panel | select region | take 2")
    enter(pane, ".save preloaded.tq")
    assert "saved 2 statements to preloaded.tq" in pane.screen(), pane.screen()
    quit_shell(pane)
    saved = ctx.run("run", "preloaded.tq", "--format", "csv")
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout == "region\nAsia Pacific\nEurope\n", saved.stdout
    assert "weighted by w" in saved.stderr, saved.stderr


def test_a_line_starting_with_a_bar_continues_the_last_pipeline(ctx):
    """The README's first example typed as shown: `from …` runs, then `| where …` goes on from it;
    after `let x = …` a `|` line goes on from x. `.tables` is `.datasets`."""
    pane = ctx.shell("regions.csv")
    enter(pane, "from regions")
    enter(pane, "| where share > 17%")
    enter(pane, "| select region")
    screen = pane.screen()
    assert screen.count("Asia Pacific") == 1 and screen.count("North America") == 3, screen
    enter(pane, "let big = from regions | where share > 50%")
    enter(pane, "| select segment")
    assert "Managers" not in pane.screen().split("| select segment")[-1], pane.screen()
    enter(pane, ".tables")
    assert "big: 1 row × 3 columns" in pane.screen(), pane.screen()
    quit_shell(pane)


def test_ctrl_r_searches_history(ctx):
    pane = ctx.shell("regions.csv")
    enter(pane, "from regions | take 1")
    enter(pane, ".datasets")
    pane.key("C-r")
    pane.type("take")
    pane.wait_text("from regions | take 1", timeout=5)
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    assert pane.screen().count("Asia Pacific") == 2, pane.screen()
    quit_shell(pane)


# --- the first hour without a stumble (issue 16) -------------------------------

def test_describe_alone_is_reported_at_once(ctx):
    """`describe` alone can never be finished by another line: its error shows
    at once (no `...>` prompt swallowing the next statement)."""
    pane = ctx.shell("regions.csv")
    enter(pane, "describe")
    out = after_last_command(pane, f"{PROMPT} describe")
    assert "expected a dataset name after 'describe'" in out, pane.screen()
    assert CONTINUATION not in pane.screen(), pane.screen()
    query = "from regions | take 1 | select region"
    enter(pane, query)
    out = after_last_command(pane, query)
    assert "Asia Pacific" in out and "error" not in out, pane.screen()
    quit_shell(pane)


def test_value_completion_inside_in_list_leaves_no_space(ctx):
    """Inside `in (…)` a completed value is followed directly by `,` or `)`."""
    pane = ctx.shell("regions.csv")
    pane.type('from regions | where region in ("Eu')
    pane.key("Tab")
    pane.wait_text(f'{PROMPT} from regions | where region in ("Europe"')
    pane.type(", As")
    pane.key("Tab")
    pane.wait_text(f'{PROMPT} from regions | where region in ("Europe", "Asia Pacific"')
    pane.type(") | select region")
    line = f'{PROMPT} from regions | where region in ("Europe", "Asia Pacific") | select region'
    pane.wait_text(line)
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    out = after_last_command(pane, line)
    assert "Europe" in out and "Asia Pacific" in out and "North America" not in out, pane.screen()
    # After `==` the value is followed by a space, ready for the next word.
    pane.type('from regions | where region == "Eu')
    pane.key("Tab")
    pane.type("| take 1")
    pane.wait_text(f'{PROMPT} from regions | where region == "Europe" | take 1')
    quit_shell_after_cancel(pane)


def test_ctrl_d_leaves_without_echo(ctx):
    pane = ctx.shell("regions.csv")
    enter(pane, "from regions | take 1")
    pane.key("C-d")
    assert pane.wait_exit() == 0, pane.screen()
    screen = pane.screen()
    assert "^D" not in screen, screen
    lines = screen.split("\n")
    assert lines[-2].rstrip() == PROMPT and lines[-1].startswith("[exited rc=0]"), screen


def test_ctrl_d_inside_a_line_deletes_a_character(ctx):
    pane = ctx.shell("regions.csv")
    pane.type("from regions | tXake 1")
    pane.key("Left", "Left", "Left", "Left", "Left", "Left", "C-d")
    pane.wait_text(f"{PROMPT} from regions | take 1")
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    assert "Asia Pacific" in after_last_command(pane, "| take 1"), pane.screen()
    quit_shell(pane)


def test_ctrl_z_suspends_and_fg_resumes(ctx):
    """Ctrl-Z under a job-control shell stops topline with the terminal as it
    was before (cooked: icanon, echo, isig); `fg` brings it back in raw mode
    with the half-typed line redrawn. dash is used because it does not reset
    the terminal itself when a job stops, so the test sees what topline did."""
    job_shell = shutil.which("dash", path="/usr/bin:/bin") or shutil.which("bash", path="/usr/bin:/bin")
    env = {"TERM": "xterm", "LANG": "C.UTF-8", "HOME": ctx.home, "PS1": "$ "}
    pane = Pane(f"{ctx.socket}-job", [job_shell, "-i"], ctx.work, env)
    ctx.panes.append(pane)
    pane.wait(lambda s: s.split("\n")[-1].rstrip() == "$", "the job-control shell's prompt")
    pane.type(f"{ctx.binary} regions.csv")
    pane.key("Enter")
    pane.wait_prompt(1)
    pane.type("from regions | take 1")
    pane.wait_text(f"{PROMPT} from regions | take 1")
    pane.key("C-z")
    pane.wait_regex(r"Stopped")
    pane.wait(lambda s: s.split("\n")[-1].rstrip() == "$", "the shell's prompt after the stop")
    modes = subprocess.run(["stty", "-F", pane.tty, "-a"], capture_output=True, text=True).stdout.split()
    for mode in ("icanon", "echo", "isig"):
        assert mode in modes, f"terminal not restored while stopped: {mode} missing in {modes}"
    pane.type("fg")
    pane.key("Enter")
    pane.wait(lambda s: s.split("\n")[-1].rstrip() == f"{PROMPT} from regions | take 1" and pane.raw_mode(),
              "the line redrawn in raw mode after fg")
    pane.type(" | select region")
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    out = after_last_command(pane, "| take 1 | select region")
    assert "Asia Pacific" in out and "share" not in out and "error" not in out, pane.screen()
    pane.key("C-d")
    pane.wait(lambda s: s.split("\n")[-1].rstrip() == "$", "back at the job-control shell")
    pane.type("exit")
    pane.key("Enter")
    assert pane.wait_exit() == 0, pane.screen()


# --- Ctrl-C during a running query (issue 6) ----------------------------------

# 1M rows and eight nested text calls per row: about 3 s in a debug build on an
# idle machine (loading takes about 2 s), polled for Ctrl-C every 65,536 rows.
# The calls keep the filter off the vectorised path, so it runs row by row.
SLOW_ROWS = 1_000_000
SLOW_CONDITION = "lower(upper(" * 4 + "comment" + "))" * 4 + ' ~ "zzz"'
SLOW_QUERY = f"from big | where {SLOW_CONDITION}"


def write_big_csv(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,comment\n")
        f.writelines(f"{i},c{i}\n" for i in range(rows))


def start_slow_query(pane, query):
    """Submits `query` and returns once it is running: libedit has handed the
    line over (the terminal left raw mode) and the query had time to get past
    parsing into its row loop. Returns the prompt count before the query."""
    count = pane.prompt_count()
    submit(pane, query)
    pane.wait(lambda s: not pane.raw_mode(), "the query to start (terminal out of raw mode)")
    time.sleep(0.5)  # the one fixed wait: let the query reach its row loop
    assert pane.prompt_count() == count, f"the query finished before Ctrl-C; make it slower:\n{pane.screen()}"
    return count


def test_ctrl_c_cancels_running_query(ctx):
    write_big_csv(ctx.path("big.csv"), SLOW_ROWS)
    pane = ctx.shell("big.csv", width=160, timeout=120)
    count = start_slow_query(pane, SLOW_QUERY)
    sent = time.monotonic()
    pane.key("C-c")
    pane.wait_prompt(count + 1, timeout=15)
    latency = time.monotonic() - sent
    out = after_last_command(pane, f"{PROMPT} {SLOW_QUERY}")
    assert "query cancelled" in out, pane.screen()
    # Polled every 65,536 rows: well under a second on an idle machine.
    assert latency < 5, f"Ctrl-C took {latency:.1f}s to return to the prompt"

    enter(pane, ".datasets")
    assert f"big: {SLOW_ROWS} rows × 2 columns" in after_last_command(pane, ".datasets"), pane.screen()
    query = 'from big | where comment == "c765432" | select id'
    enter(pane, query)
    out = after_last_command(pane, query)
    assert "765432" in out and "error" not in out, pane.screen()

    # Ctrl-C at an empty prompt only gives a fresh prompt, however often.
    for _ in range(2):
        count = pane.prompt_count()
        pane.key("C-c")
        pane.wait_prompt(count + 1)
    enter(pane, "from big | take 1")
    assert "c0" in after_last_command(pane, "from big | take 1"), pane.screen()
    quit_shell(pane)


# --- Ctrl-C during a long output (issue 11) -----------------------------------

def wait_prompt_after(pane, text, timeout=15.0):
    """Waits for `text` on screen and the prompt as the last line, in raw mode.
    (A long output scrolls earlier prompts out of the scrollback, so prompts
    cannot be counted here.)"""
    pane.wait(lambda s: text in s and s.split("\n")[-1].rstrip() == PROMPT and pane.raw_mode(),
              f"{text!r} and a prompt", timeout)


def test_ctrl_c_stops_a_long_csv_output(ctx):
    write_big_csv(ctx.path("big.csv"), SLOW_ROWS)
    pane = ctx.shell("big.csv", width=100, timeout=120)
    enter(pane, ".pager off")
    enter(pane, ".mode csv")
    submit(pane, "from big")
    # Rows are streaming past: the last line is a row, not the prompt.
    pane.wait(lambda s: re.fullmatch(r"\d+,c\d+", s.split("\n")[-1].strip()) is not None,
              "rows being printed", timeout=30)
    sent = time.monotonic()
    pane.key("C-c")
    wait_prompt_after(pane, "error: output cancelled")
    latency = time.monotonic() - sent
    assert latency < 5, f"Ctrl-C took {latency:.1f}s to stop the output"
    screen = pane.screen()
    assert f"{SLOW_ROWS - 1},c{SLOW_ROWS - 1}" not in screen, "every row was printed"
    # Rows printed in order, cut at a line: the last one before the message is whole.
    before = [line for line in screen[:screen.rindex("error: output cancelled")].split("\n")
              if line.strip() not in ("", "^C")]
    # The terminal itself discards output not yet shown when Ctrl-C is typed (the tty flushes
    # its queue on an interrupt unless NOFLSH is set), so the line where ^C is echoed may end there.
    last = before[-1].strip()
    assert re.fullmatch(r"(\^C)?\d+,c\d+(\^C)?", last) or re.fullmatch(r"\d+,c\d*\^C", last), before[-3:]

    # The shell works on, datasets intact.
    pane.tmux("clear-history")
    pane.key("C-l")
    pane.wait_prompt(1)
    enter(pane, "from big | summarize n = count()")
    assert str(SLOW_ROWS) in after_last_command(pane, "summarize n = count()"), pane.screen()
    quit_shell(pane)


# --- history shared by several shells (issue 6) -------------------------------

def read_history(path):
    """The entries of a history file, decoded; asserts every record is whole."""
    with open(path, "rb") as f:
        data = f.read()
    assert data.endswith(b"\n"), data[-200:]
    records = data.decode("utf-8").split("\n")[:-1]
    # A record never holds a raw newline; an escape is `\\`, `\n` or `\r`.
    for record in records:
        assert re.fullmatch(r"(?:[^\\]|\\[\\nr])*", record), f"bad record {record!r}"
    escapes = {"\\\\": "\\", "\\n": "\n", "\\r": "\r"}
    return [re.sub(r"\\[\\nr]", lambda m: escapes[m.group(0)], record) for record in records]


def test_two_shells_share_history_file(ctx):
    history = ctx.path("shared-history")
    env = {"TOPLINE_HISTORY": history}
    shells = {"a": ctx.shell("regions.csv", env=env), "b": ctx.shell("regions.csv", env=env)}
    typed = {"a": [], "b": []}
    for i in range(6):
        # Each round submits one entry to both shells before waiting for
        # either, so the two appends to the file happen at the same time.
        counts = {name: pane.prompt_count() for name, pane in shells.items()}
        if i % 2 == 0:
            for pane in shells.values():
                submit(pane, "from regions |")
            for pane in shells.values():
                wait_continuation(pane)
        for name, pane in shells.items():
            n = (10 if name == "a" else 20) + i
            last = f"select region, share | take {n}" if i % 2 == 0 else f"from regions | take {n}"
            if i == 3:
                last = ".datasets" if name == "a" else ".schema regions"
            submit(pane, last)
            typed[name].append(("from regions |\n" if i % 2 == 0 else "") + last)
        for name, pane in shells.items():
            pane.wait_prompt(counts[name] + 1)
    for pane in shells.values():
        quit_shell(pane)

    entries = read_history(history)
    everything = typed["a"] + typed["b"]
    assert sorted(entries) == sorted(everything), "\n".join(map(repr, entries))
    for name in shells:
        assert [e for e in entries if e in typed[name]] == typed[name], entries

    third = ctx.shell("regions.csv", env=env)
    third.key("Up")
    third.wait(lambda s: s.split("\n")[-1].rstrip() == f"{PROMPT} {entries[-1]}", f"Up recalling {entries[-1]!r}")
    count = third.prompt_count()
    third.key("Enter")
    third.wait_prompt(count + 1)
    assert "Asia Pacific" in after_last_command(third, entries[-1]), third.screen()
    quit_shell(third)


def test_unwritable_history_warns_once(ctx):
    # A path below a regular file: ENOTDIR, which even root cannot get past.
    pane = ctx.shell("regions.csv", env={"TOPLINE_HISTORY": ctx.path("regions.csv") + "/history"})
    enter(pane, "from regions | take 1")
    assert "history is kept for this session only" in pane.screen(), pane.screen()
    enter(pane, "from regions | take 2")
    assert "Europe" in after_last_command(pane, "take 2"), pane.screen()
    enter(pane, ".datasets")
    assert "regions: 3 rows" in after_last_command(pane, ".datasets"), pane.screen()
    assert pane.screen().count("cannot write history") == 1, pane.screen()
    # Up still recalls this session's entries.
    pane.key("Up")
    pane.key("Up")
    pane.wait(lambda s: s.split("\n")[-1].rstrip() == f"{PROMPT} from regions | take 2", "Up recalling take 2")
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    assert "Europe" in after_last_command(pane, "take 2"), pane.screen()
    assert pane.screen().count("cannot write history") == 1, pane.screen()
    quit_shell(pane)


def test_fifo_or_device_as_history_still_prompts(ctx):
    """A FIFO as history blocked the shell before its first prompt, and
    /dev/zero grew it to 9.6 GB: both are refused at once with a warning."""
    fifo = ctx.path("history-fifo")
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a pipe"), ("/dev/zero", "a device")):
        pane = ctx.shell("regions.csv", env={"TOPLINE_HISTORY": path})
        assert f"cannot read history '{path}': it is {kind}, not a regular file" in pane.screen(), pane.screen()
        assert "history is kept for this session only" in pane.screen(), pane.screen()
        enter(pane, "from regions | take 1")
        assert "Asia Pacific" in after_last_command(pane, "take 1"), pane.screen()
        quit_shell(pane)


# --- pager and export (issue 7) -----------------------------------------------

def test_pager_shows_only_tall_results(ctx):
    with open(ctx.path("tall.csv"), "w", encoding="utf-8") as f:
        f.write("n,label\n")
        f.writelines(f"{i},row{i}\n" for i in range(1, 31))
    pager = {"TOPLINE_PAGER": "sed 's/^/PAGED:/'"}
    pane = ctx.shell("tall.csv", "regions.csv", env=pager, height=15)

    def result(query):
        enter(pane, query)
        return after_last_command(pane, f"{PROMPT} {query}")  # not the line a diagnostic quotes

    tall = result("from tall | select label")  # 30 rows on a 15-row terminal
    assert re.search(r"^PAGED:.*row30", tall, re.M), pane.screen()
    assert all(line.startswith("PAGED:") for line in tall.split("\n")[:-1]), pane.screen()
    short = result("from regions | select region")
    assert "Europe" in short and "PAGED:" not in short, pane.screen()

    enter(pane, ".pager off")
    tall = result("from tall | select n, label")
    assert "row30" in tall and "PAGED:" not in tall, pane.screen()

    enter(pane, ".pager on")
    short = result("from regions | select segment")
    assert re.search(r"^PAGED:.*CEOs", short, re.M), pane.screen()
    error = result("from tall | where nope == 1")
    assert "error" in error and "PAGED:" not in error, pane.screen()
    quit_shell(pane)


def test_export_writes_svg_chart_and_csv_result(ctx):
    pane = ctx.shell("regions.csv")
    enter(pane, ".export early.svg")
    assert "no chart to export yet" in after_last_command(pane, ".export early.svg"), pane.screen()
    assert not os.path.exists(ctx.path("early.svg"))

    enter(pane, "from regions | chart bar share by region")
    enter(pane, ".export chart.svg")
    assert "wrote chart.svg" in after_last_command(pane, ".export chart.svg"), pane.screen()
    root = ET.parse(ctx.path("chart.svg")).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
    tags = {element.tag.split("}")[-1] for element in root.iter()}
    assert "title" in tags, tags
    text = " ".join("".join(element.itertext()) for element in root.iter() if element.tag.endswith("}text"))
    for label in ("Asia Pacific", "Europe", "North America"):
        assert label in text, text

    query = 'from regions | where segment == "CEOs" | select region, share'
    enter(pane, query)
    enter(pane, ".export x.csv")
    assert "wrote x.csv" in after_last_command(pane, ".export x.csv"), pane.screen()
    with open(ctx.path("x.csv"), encoding="utf-8") as f:
        exported = f.read()
    assert exported.startswith("region,share\nAsia Pacific,16") and "Europe,57" in exported, exported
    assert "North America" not in exported, exported
    quit_shell(pane)


def test_failed_export_keeps_the_old_file(ctx):
    """A write that fails half-way (here past `ulimit -f`; on a full disk the
    same) leaves the old file as it was, no temporary file, and names the
    real reason."""
    with open(ctx.path("tall.csv"), "w", encoding="utf-8") as f:
        f.write("n,label\n")
        f.writelines(f"{i},a label long enough to pass the limit {i}\n" for i in range(1, 401))
    with open(ctx.path("out.csv"), "w", encoding="utf-8") as f:
        f.write("the old export\n")
    before = sorted(os.listdir(ctx.work))
    pane = ctx.shell("tall.csv", env={"TOPLINE_HISTORY": ""}, wrapper="ulimit -f 8")
    enter(pane, ".pager off")
    enter(pane, "from tall | select n, label")
    enter(pane, ".export out.csv")
    assert "error: cannot write 'out.csv': File too large" in after_last_command(pane, ".export out.csv"), pane.screen()
    with open(ctx.path("out.csv"), encoding="utf-8") as f:
        assert f.read() == "the old export\n"
    assert sorted(os.listdir(ctx.work)) == before, os.listdir(ctx.work)
    enter(pane, "from tall | take 2")
    enter(pane, ".export small.csv")  # under the limit: written whole
    assert "wrote small.csv" in after_last_command(pane, ".export small.csv"), pane.screen()
    with open(ctx.path("small.csv"), encoding="utf-8") as f:
        assert f.read().startswith("n,label\n1,a label"), pane.screen()
    quit_shell(pane)


def test_ctrl_c_stops_an_export(ctx):
    """Ctrl-C during `.export` of a big result stops it (issue 11): the old
    file is left as it was, the temporary file is removed, and the shell
    says so and goes on."""
    write_big_csv(ctx.path("big.csv"), SLOW_ROWS)
    with open(ctx.path("out.csv"), "w", encoding="utf-8") as f:
        f.write("the old export\n")
    before = sorted(os.listdir(ctx.work))
    pane = ctx.shell("big.csv", width=100, timeout=120, env={"TOPLINE_HISTORY": ""})
    enter(pane, ".pager off")
    enter(pane, "from big")
    submit(pane, ".export out.csv")

    def writing(_screen):
        names = [n for n in os.listdir(ctx.work) if n.startswith(".out.csv.") and n.endswith(".tmp")]
        return any(os.path.getsize(ctx.path(n)) > 0 for n in names)
    # The export is under way: its temporary file has its first pieces.
    pane.wait(writing, "the export's temporary file", timeout=30)
    pane.key("C-c")
    wait_prompt_after(pane, "error: export cancelled: 'out.csv' is unchanged")
    with open(ctx.path("out.csv"), encoding="utf-8") as f:
        assert f.read() == "the old export\n"
    assert sorted(os.listdir(ctx.work)) == before, os.listdir(ctx.work)

    # The shell works on: the same export, not interrupted, is written whole.
    enter(pane, "from big | take 3")
    enter(pane, ".export out.csv")
    assert "wrote out.csv" in after_last_command(pane, ".export out.csv"), pane.screen()
    with open(ctx.path("out.csv"), encoding="utf-8") as f:
        assert f.read() == "id,comment\n0,c0\n1,c1\n2,c2\n"
    quit_shell(pane)


def test_startup_file_with_invalid_utf8_is_reported(ctx):
    """Bytes of ~/.toplinerc that are not UTF-8 are reported as a script's are
    (issue 11): lex.invalid-utf8 at the file's line and column, and nothing
    of the file runs; the shell starts all the same."""
    with open(os.path.join(ctx.home, ".toplinerc"), "wb") as f:
        f.write(b'.mode csv\nlet t = from regions | where region == "\xff"\n')
    pane = ctx.shell("regions.csv", env={"TOPLINE_HISTORY": ""})
    screen = pane.screen()
    assert ".toplinerc:2:41: error: invalid UTF-8 (byte 0xFF)" in screen, screen
    enter(pane, ".mode")
    assert "mode: box" in after_last_command(pane, ".mode"), pane.screen()  # the default, not csv
    quit_shell(pane)


def test_resize_during_input(ctx):
    """The terminal is resized while a line is half typed: the line survives,
    the finished statement runs, and charts then take the new width."""
    pane = ctx.shell("regions.csv")
    pane.type("from regions | select re")
    pane.tmux("resize-window", "-x", "60", "-y", "20")
    size = lambda _screen: subprocess.run(["stty", "-F", pane.tty, "size"], capture_output=True, text=True).stdout.split()
    pane.wait(lambda screen: size(screen) == ["20", "60"], "the terminal to be 60x20")
    pane.type("gion")
    enter(pane, "")
    screen = after_last_command(pane, "select re")
    assert "Asia Pacific" in screen and "error" not in screen, screen
    enter(pane, "from regions | chart bar share by region")
    chart = after_last_command(pane, "chart bar")
    assert "Asia Pacific" in chart, chart
    assert all(len(line) <= 60 for line in chart.splitlines()), chart
    quit_shell(pane)


# --- wide results fit the terminal (issue 14) ----------------------------------

STUDIES = os.path.join(HERE, "..", "..", "Examples", "data", "ceo_study_metrics.csv")


def test_wide_result_fits_the_terminal(ctx):
    """`from ceo_study_metrics | take 3` (16 columns) fits a 100-column terminal:
    no line wraps (capture-pane -J would join a wrapped line into one longer
    than the pane), long cells end with …, a note says what is hidden; after a
    resize the next result fits the new width."""
    shutil.copy(STUDIES, ctx.work)
    pane = ctx.shell("ceo_study_metrics.csv", width=100)
    query = "from ceo_study_metrics | take 3"
    enter(pane, query)
    out = after_last_command(pane, query)
    lines = out.split("\n")[:-1]  # the prompt after it
    assert all(len(line) <= 100 for line in lines), out
    assert "16 columns (6 shown)" in lines, out
    assert lines[0].startswith("┌") and "…" in out and "IBM Global" in out, out
    pane.tmux("resize-window", "-x", "60", "-y", "30")
    size = lambda _screen: subprocess.run(["stty", "-F", pane.tty, "size"], capture_output=True, text=True).stdout.split()
    pane.wait(lambda screen: size(screen) == ["30", "60"], "the terminal to be 60x30")
    enter(pane, query + " | select study, metric, value_pct, n, notes")
    out = after_last_command(pane, "| select study, metric")
    lines = out.split("\n")[:-1]
    assert all(len(line) <= 60 for line in lines), out
    assert re.search(r"^5 columns \(\d shown\)", out, re.M), out
    quit_shell(pane)


def test_line_mode_maxrows_and_nullvalue(ctx):
    shutil.copy(STUDIES, ctx.work)
    pane = ctx.shell("ceo_study_metrics.csv", width=100)
    for command in (".mode line", ".maxrows 2", ".nullvalue (none)"):
        enter(pane, command)
    query = "from ceo_study_metrics | where n is null | select segment, n"
    enter(pane, query)
    out = after_last_command(pane, query)
    assert re.search(r"^segment = \S", out, re.M), out
    assert re.search(r"^      n = \(none\)$", out, re.M), out
    assert "… 12 more rows" in out, out
    assert out.count("segment = ") == 2, out
    quit_shell(pane)


# --- untrusted text never acts on the terminal (issue 11) ----------------------

# Each would act on a terminal if printed raw: set the window title, write the
# clipboard (OSC 52), clear the screen, reorder the line (a bidi override).
TITLE = "\x1b]0;PWNED\x07t"
CLIPBOARD = "\x1b]52;c;SGVsbG8=\x07"
CLEAR = "\x1b[2Jclear"
BIDI = "rtl\u202etxt"
# How Topline shows them: the escapes tables use.
TITLE_SHOWN = r"\u{1B}]0;PWNED\u{7}t"
CLIPBOARD_SHOWN = r"\u{1B}]52;c;SGVsbG8=\u{7}"
CLEAR_SHOWN = r"\u{1B}[2Jclear"
BIDI_SHOWN = r"rtl\u{202E}txt"
COLUMN = "nam\x1b]0;PWNED\x07e"
COLUMN_SHOWN = r"nam\u{1B}]0;PWNED\u{7}e"


def write_hostile_files(ctx):
    with open(ctx.path("vals.csv"), "w", encoding="utf-8") as f:
        f.write(f"v,n\n{TITLE},1\n{CLIPBOARD},2\n{CLEAR},3\n{BIDI},4\n")
    with open(ctx.path("sugg.csv"), "w", encoding="utf-8") as f:
        f.write(f"id,{COLUMN}\n1,x\n2,y\n")
    for name in ("f" + TITLE + ".csv", "f" + CLIPBOARD + ".csv"):
        with open(ctx.path(name), "w", encoding="utf-8") as f:
            f.write("a\n1\n")


def guard_terminal(pane):
    """Lets the pane take clipboard writes into tmux buffers (so an OSC 52 that
    got through would show), and returns the pane title before anything hostile
    is printed."""
    pane.tmux("set-option", "-g", "set-clipboard", "on")
    return pane_title(pane)


def pane_title(pane):
    return pane.tmux("display-message", "-p", "#{pane_title}").strip()


def assert_terminal_untouched(pane, title, banner_visible=True):
    assert pane_title(pane) == title, f"pane title changed to {pane_title(pane)!r}"
    assert "PWNED" not in pane_title(pane)
    buffers = pane.tmux("list-buffers")
    assert buffers.strip() == "", f"a clipboard write got through: {buffers!r}"
    if banner_visible:
        # The screen was not cleared: the banner is still on the visible screen.
        visible = pane.tmux("capture-pane", "-p")
        assert "`.help` for help" in visible, visible
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in pane.screen(), pane.screen()


def test_tab_lists_hostile_values_escaped(ctx):
    write_hostile_files(ctx)
    pane = ctx.shell("vals.csv")
    title = guard_terminal(pane)
    pane.type("from vals | where v == ")
    pane.key("Tab")  # inserts the candidates' common prefix, the opening quote
    pane.wait(lambda s: s.split("\n")[-1].rstrip() == f'{PROMPT} from vals | where v == "', "the quote inserted")
    pane.key("Tab")  # lists them
    screen = pane.wait_text(CLIPBOARD_SHOWN)
    for shown in (TITLE_SHOWN, CLEAR_SHOWN):
        assert shown in screen, screen
    assert_terminal_untouched(pane, title)
    pane.key("C-c")
    # The values in a result table are escaped too.
    query = "from vals | where n >= 1 | select v"
    enter(pane, query)
    out = after_last_command(pane, query)
    for shown in (TITLE_SHOWN, CLIPBOARD_SHOWN, CLEAR_SHOWN, BIDI_SHOWN):
        assert shown in out, pane.screen()
    # .mode csv writes the values losslessly to files, but escaped to the terminal.
    enter(pane, ".mode csv")
    enter(pane, query)
    assert CLIPBOARD_SHOWN in after_last_command(pane, query), pane.screen()
    assert_terminal_untouched(pane, title, banner_visible=False)
    quit_shell(pane)


def test_tab_lists_hostile_file_names_escaped(ctx):
    write_hostile_files(ctx)
    pane = ctx.shell()
    title = guard_terminal(pane)
    pane.type('load "f')
    pane.key("Tab")
    pane.wait_text(f'{PROMPT} load "f^[]')
    pane.key("Tab")
    screen = pane.wait_text("f" + CLIPBOARD_SHOWN + ".csv")
    assert "f" + TITLE_SHOWN + ".csv" in screen, screen
    assert_terminal_untouched(pane, title)
    quit_shell_after_cancel(pane)


def test_hostile_names_in_diagnostics_notices_and_charts_are_escaped(ctx):
    write_hostile_files(ctx)
    # Preloaded by name: the dataset is named after the file's stem.
    pane = ctx.shell("f" + TITLE + ".csv", "sugg.csv")
    title = guard_terminal(pane)
    assert "loaded f" + TITLE_SHOWN + ": 1 row × 1 column" in pane.screen(), pane.screen()
    # Column completion inserts the real (back-quoted) name; the line shows ESC as ^[.
    pane.type("from sugg | select id, na")
    pane.key("Tab")
    pane.wait_text(f"{PROMPT} from sugg | select id, `nam^[]0;PWNED^Ge`")
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    assert COLUMN_SHOWN in after_last_command(pane, "select id, `nam"), pane.screen()
    # The help line listing the columns.
    enter(pane, "from sugg | select name")
    out = after_last_command(pane, "select name")
    assert f"help: columns: id, {COLUMN_SHOWN}" in out, pane.screen()
    assert_terminal_untouched(pane, title)
    # A chart titled by that column.
    pane.type("from sugg | chart bar id by na")
    pane.key("Tab")
    pane.wait_text("chart bar id by `nam^[]0;PWNED^Ge`")
    count = pane.prompt_count()
    pane.key("Enter")
    pane.wait_prompt(count + 1)
    assert f"id by {COLUMN_SHOWN}" in after_last_command(pane, "chart bar id by"), pane.screen()
    # .datasets and .schema name the dataset escaped.
    enter(pane, ".datasets")
    assert "f" + TITLE_SHOWN + ": 1 row × 1 column" in after_last_command(pane, ".datasets"), pane.screen()
    enter(pane, ".schema")
    assert "f" + TITLE_SHOWN + ":" in after_last_command(pane, ".schema"), pane.screen()
    assert_terminal_untouched(pane, title, banner_visible=False)
    quit_shell(pane)


def postgres_host():
    """The private PostgreSQL server's socket folder: the one scripts/test started
    (TOPLINE_TEST_PGHOST), or a new one (scripts/pg-test-server) and how to stop it."""
    given = os.environ.get("TOPLINE_TEST_PGHOST")
    if given:
        return given, lambda: None
    script = os.path.join(HERE, "..", "..", "scripts", "pg-test-server")
    folder = subprocess.run([script, "start"], capture_output=True, text=True, check=True).stdout.strip()
    return folder, lambda: subprocess.run([script, "stop", folder], check=False)


def test_load_into_postgres_shows_its_progress_then_clears_it(ctx):
    """`load "big.csv" into pg as T` (issue 15) shows how much of the file has been
    sent on one line redrawn in place, and takes the line away when it ends: the
    screen then holds the loaded notice and the prompt, no progress text."""
    host, stop = postgres_host()
    table = f"progress_e2e_{os.getpid()}"
    try:
        with open(ctx.path("big.csv"), "w", encoding="utf-8") as f:
            f.write("id,comment\n")
            f.writelines(f"{i},a comment of some length to make the file big {i}\n" for i in range(1_500_000))
        pane = ctx.shell(width=120, env={"TOPLINE_HISTORY": ""})
        enter(pane, f'attach postgres "host={host} user=topline dbname=postgres" as pg')
        submit(pane, f'load "big.csv" into pg as {table}')
        pane.wait_regex(rf"copying big\.csv into pg\.{table}: [0-9.]+ of [0-9.]+ MB \([0-9]+%\)", timeout=60)
        wait_prompt_after(pane, f"loaded big.csv into pg.{table}: 1500000 rows × 2 columns", timeout=120)
        screen = after_last_command(pane, f"into pg as {table}")
        assert "copying" not in screen, pane.screen()
        assert screen.split("\n")[0] == f"loaded big.csv into pg.{table}: 1500000 rows × 2 columns", pane.screen()
        quit_shell(pane)
    finally:
        subprocess.run(["psql", "-X", "-q", f"host={host} user=topline dbname=postgres", "-c", f"DROP TABLE IF EXISTS {table}"],
                       capture_output=True)
        stop()


TESTS = [value for name, value in sorted(globals().items()) if name.startswith("test_")]
