// Fixed-arity wrappers around libedit's C-variadic calls (el_set, el_get,
// history), which Swift cannot call, and around the C globals (stdin, stdout,
// stderr) that Swift 6 rejects as not concurrency-safe. One line per call the
// shell makes; nothing else lives here.
#ifndef TOPLINE_CLIBEDIT_SHIM_H
#define TOPLINE_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <histedit.h>

typedef char *(*tl_prompt_fn)(EditLine *);
typedef unsigned char (*tl_command_fn)(EditLine *, int);

static inline EditLine *tl_el_init(const char *prog) { return el_init(prog, stdin, stdout, stderr); }
static inline int tl_el_set_prompt_esc(EditLine *el, tl_prompt_fn fn, char esc) { return el_set(el, EL_PROMPT_ESC, fn, esc); }
static inline int tl_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int tl_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int tl_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *tl_el_get_clientdata(EditLine *el) { void *data = NULL; el_get(el, EL_CLIENTDATA, &data); return data; }
static inline int tl_el_addfn(EditLine *el, const char *name, const char *help, tl_command_fn fn) { return el_set(el, EL_ADDFN, name, help, fn); }
static inline int tl_el_bind(EditLine *el, const char *key, const char *command) { return el_set(el, EL_BIND, key, command, (const char *)NULL); }
static inline int tl_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
/// Turns ISIG off while editing: Ctrl-C is then an ordinary key that libedit
/// reads (bound to a cancel function) instead of a signal that can land between reads.
static inline int tl_el_setty_noisig(EditLine *el) { return el_set(el, EL_SETTY, "-d", "-isig", (const char *)NULL); }
static inline int tl_el_prep_term(EditLine *el, int on) { return el_set(el, EL_PREP_TERM, on); }
static inline FILE *tl_el_output_file(EditLine *el) { FILE *f = NULL; el_get(el, EL_GETFP, 1, &f); return f; }

static inline int tl_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int tl_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int tl_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }

/// Installs `handler` for SIGINT without SA_RESTART, so a Ctrl-C interrupts a
/// blocking read (el_gets returns NULL with EINTR) as well as a running query.
static inline int tl_install_sigint(void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    return sigaction(SIGINT, &sa, NULL);
}

/// Installs `handler` for `sig` (no SA_RESTART), or restores the default action when `handler` is NULL.
static inline int tl_install_signal(int sig, void (*handler)(int)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler ? handler : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    return sigaction(sig, &sa, NULL);
}

/// Whether `sig` has its default action now (not ignored, as under nohup, nor handled).
static inline int tl_signal_is_default(int sig) {
    struct sigaction sa;
    if (sigaction(sig, NULL, &sa) != 0) return 0;
    return !(sa.sa_flags & SA_SIGINFO) && sa.sa_handler == SIG_DFL;
}

static inline void tl_clearerr_stdin(void) { clearerr(stdin); }

/// Stops the process group as a terminal's Ctrl-Z does (job control) and
/// returns once it is continued (`fg`, SIGCONT). SIGTSTP and SIGCONT get their
/// default actions meanwhile, setting aside libedit's handlers (EL_SIGNAL),
/// so the caller alone restores the terminal and redraws the line.
static inline void tl_stop_for_job_control(void) {
    struct sigaction standard, oldStop, oldContinue;
    memset(&standard, 0, sizeof standard);
    standard.sa_handler = SIG_DFL;
    sigemptyset(&standard.sa_mask);
    sigaction(SIGTSTP, &standard, &oldStop);
    sigaction(SIGCONT, &standard, &oldContinue);
    sigset_t stop, oldMask;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &stop, &oldMask);
    kill(0, SIGTSTP);
    sigprocmask(SIG_SETMASK, &oldMask, NULL);
    sigaction(SIGCONT, &oldContinue, NULL);
    sigaction(SIGTSTP, &oldStop, NULL);
}

/// Ignores SIGPIPE, so writing to a closed pipe fails with EPIPE instead of killing the process.
static inline void tl_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

/// Ignores SIGXFSZ, so writing past the file-size limit (`ulimit -f`) fails with EFBIG,
/// which the writer reports, instead of killing the process.
static inline void tl_ignore_sigxfsz(void) { signal(SIGXFSZ, SIG_IGN); }

/// The width of the terminal on `fd`, or 0 when unknown.
static inline int tl_terminal_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_col;
}

/// The height of the terminal on `fd`, or 0 when unknown.
static inline int tl_terminal_rows(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_row;
}

#endif
