#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibEdit

/// Removes the temporary file of `--output FILE` when the command is killed by
/// Ctrl-C, SIGTERM or SIGHUP, then dies of that signal as it would have: outside
/// the shell Ctrl-C keeps its meaning (stop now), and FILE stays as it was with
/// nothing left beside it (``AtomicFileWriter`` removes its temporary file on
/// every other way out).
///
/// Process-wide state, as a signal handler can reach nothing else: one path at a
/// time, copied to C memory before the handlers are installed, so the handler
/// does only async-signal-safe work (`unlink`, `sigaction`, `raise`).
enum TemporaryFileOnSignal {
    nonisolated(unsafe) private static var path: UnsafeMutablePointer<CChar>?
    /// The signals whose handler this installed: only those that had their default action (a
    /// signal ignored, as SIGHUP under `nohup`, stays ignored; one handled, as Ctrl-C in the
    /// shell, stays handled).
    nonisolated(unsafe) private static var watched: [Int32] = []
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// From now on, a deadly signal removes the file at `temporary` first.
    static func watch(_ temporary: String) {
        forget()
        path = strdup(temporary)
        watched = signals.filter { tl_signal_is_default($0) != 0 }
        for signal in watched { _ = tl_install_signal(signal, { TemporaryFileOnSignal.removeAndDie($0) }) }
    }

    /// The file is committed or abandoned: the signals watched get their default actions back.
    static func forget() {
        for signal in watched { _ = tl_install_signal(signal, nil) }
        watched = []
        if let p = path {
            path = nil
            free(p)
        }
    }

    private static func removeAndDie(_ signal: Int32) {
        if let p = path { unlink(p) }
        _ = tl_install_signal(signal, nil)
        raise(signal)
    }
}
