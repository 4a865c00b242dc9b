"""End-to-end tests of the `topline` shell in a real terminal (tmux).

Each test gets a fresh HOME, working directory (holding fixtures/regions.csv)
and tmux server, so tests are independent and can run repeatedly.
"""
import os
import shutil
import subprocess
import tempfile

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

    def shell(self, *args):
        """Starts `topline ARGS…` in a pane and waits for its first prompt."""
        env = {"TERM": "xterm", "LANG": "C.UTF-8", "HOME": self.home}
        pane = Pane(f"{self.socket}-{len(self.panes)}", [self.binary, *args], self.work, env)
        self.panes.append(pane)
        pane.wait_prompt(1)
        return pane

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
    pane.wait(lambda s: s.split("\n")[-1].strip() == CONTINUATION and pane.raw_mode(), "continuation prompt")
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
    pane.wait(lambda s: s.split("\n")[-1].strip() == CONTINUATION and pane.raw_mode(), "continuation prompt")
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


TESTS = [value for name, value in sorted(globals().items()) if name.startswith("test_")]
