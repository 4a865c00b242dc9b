"""Drive a program in a detached tmux pane and read its screen.

Waits are polls (every 30 ms) on the screen and on the pane's terminal mode,
never fixed sleeps: libedit prints its prompt and then enters raw mode, so a
test must see both the prompt and `-icanon` (from `stty -F <pane tty> -a`)
before typing, or the keys go through the cooked line discipline.
"""
import os
import re
import shlex
import subprocess
import time

POLL = 0.03


class Timeout(AssertionError):
    pass


class Pane:
    def __init__(self, socket, argv, cwd, env, width=100, height=30):
        self.socket = socket
        env_args = " ".join(shlex.quote(f"{k}={v}") for k, v in env.items())
        program = " ".join(shlex.quote(a) for a in argv)
        # `trap true INT`: the shell wrapper survives Ctrl-C sent to the process
        # group, and the program still gets the default disposition.
        script = (f"trap true INT; env -i PATH=/usr/bin:/bin {env_args} {program}; "
                  f"echo \"[exited rc=$?]\"; sleep 600")
        self.tmux("new-session", "-d", "-x", str(width), "-y", str(height), "-c", cwd,
                  "bash -c " + shlex.quote(script))
        self.tty = self.tmux("display-message", "-p", "#{pane_tty}").strip()

    def tmux(self, *args):
        result = subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {result.stderr}")
        return result.stdout

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)

    def screen(self):
        """Everything the pane shows, scrollback included, trailing blank lines dropped."""
        text = self.tmux("capture-pane", "-p", "-J", "-S", "-")
        return text.rstrip("\n")

    def lines(self):
        return self.screen().split("\n")

    def type(self, text):
        self.tmux("send-keys", "-l", text)

    def key(self, *keys):
        self.tmux("send-keys", *keys)

    def raw_mode(self):
        out = subprocess.run(["stty", "-F", self.tty, "-a"], capture_output=True, text=True).stdout
        return "-icanon" in out.split()

    def wait(self, predicate, what, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise Timeout(f"timed out waiting for {what}; screen:\n{screen}")
            time.sleep(POLL)

    def wait_text(self, text, timeout=10.0):
        return self.wait(lambda s: text in s, repr(text), timeout)

    def wait_regex(self, pattern, timeout=10.0):
        return self.wait(lambda s: re.search(pattern, s, re.M), f"/{pattern}/", timeout)

    def prompt_count(self):
        return sum(1 for line in self.lines() if line.startswith("topline>"))

    def wait_prompt(self, count, prompt="topline>", timeout=10.0):
        """Waits for the `count`-th prompt to be the last line, empty, in raw mode."""
        def ready(screen):
            lines = screen.split("\n")
            shown = sum(1 for line in lines if line.startswith("topline>"))
            return shown >= count and lines[-1].rstrip() == prompt.rstrip() and self.raw_mode()
        self.wait(ready, f"prompt #{count} in raw mode", timeout)

    def wait_exit(self, timeout=10.0):
        screen = self.wait_regex(r"^\[exited rc=\d+\]", timeout)
        return int(re.search(r"^\[exited rc=(\d+)\]", screen, re.M).group(1))
