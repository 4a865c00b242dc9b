#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibEdit
import Synchronization

/// Removes the temporary file of `--output FILE` when the command is killed by
/// Ctrl-C, SIGTERM or SIGHUP, then dies of that signal as it would have: outside
/// the shell Ctrl-C keeps its meaning (stop now), and FILE stays as it was with
/// nothing left beside it (``AtomicFileWriter`` removes its temporary file on
/// every other way out).
///
/// Process-wide state, as a signal handler can reach nothing else: the path of one
/// file at a time, copied to C memory before the handlers are installed, so the
/// handler does only async-signal-safe work (an atomic load, `unlink`,
/// `sigaction`, `raise`). A path once published is never freed, because a
/// handler may be reading it; that is a few bytes per `--output` run.
enum TemporaryFileOnSignal {
    /// The C copy of the path, as its address (0: none), which an atomic holds where a pointer is not Sendable.
    private static let path = Atomic<Int>(0)
    /// The signals whose handler this installed: only those that had their default action (a
    /// signal ignored, as SIGHUP under `nohup`, stays ignored; one handled, as Ctrl-C in the
    /// shell, stays handled).
    private static let watched = Mutex<[Int32]>([])
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// From now on, a deadly signal removes the file at `temporary` first.
    static func watch(_ temporary: String) {
        watched.withLock { watched in
            for signal in watched { _ = tl_install_signal(signal, nil) }
            path.store(Int(bitPattern: strdup(temporary)), ordering: .releasing)
            watched = signals.filter { tl_signal_is_default($0) != 0 }
            for signal in watched { _ = tl_install_signal(signal, { TemporaryFileOnSignal.removeAndDie($0) }) }
        }
    }

    /// The file is committed or abandoned: the signals watched get their default actions back.
    static func forget() {
        watched.withLock { watched in
            for signal in watched { _ = tl_install_signal(signal, nil) }
            watched = []
            path.store(0, ordering: .releasing)
        }
    }

    private static func removeAndDie(_ signal: Int32) {
        if let p = UnsafeMutablePointer<CChar>(bitPattern: path.load(ordering: .acquiring)) { unlink(p) }
        _ = tl_install_signal(signal, nil)
        raise(signal)
    }
}
