import CLibEdit
import Topline

/// The shell's Ctrl-C state: the only process-wide mutable state in the shell,
/// because a signal handler can reach nothing but globals.
///
/// The SIGINT handler sets ``flag`` (an atomic store, safe in a handler). The
/// same flag is passed to the interpreter as `RunOptions.interrupt`, so Ctrl-C
/// cancels a running query; line readers check it when a read returns early to
/// tell "cancelled the line" from end of input.
public enum InterruptSignal {
    /// Set by SIGINT; cleared by whoever consumes the interruption.
    public static let flag = InterruptFlag()

    /// Installs the SIGINT handler without `SA_RESTART`, so Ctrl-C also
    /// interrupts a blocking read (libedit's `el_gets` returns with EINTR).
    public static func install() {
        flag.clear()  // initialises the lazy global before any signal can arrive
        _ = tl_install_sigint { _ in InterruptSignal.flag.set() }
    }

    /// True (and cleared) when a Ctrl-C arrived since the last call.
    public static func consume() -> Bool {
        guard flag.isSet else { return false }
        flag.clear()
        return true
    }
}
