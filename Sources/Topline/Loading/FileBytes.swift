#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole data file into memory with POSIX calls, turning every
/// failure into a load diagnostic.
enum FileBytes {
    /// Refuses missing paths, directories and non-regular files (FIFOs,
    /// sockets, devices) before anything opens them, so a FIFO never blocks.
    static func checkRegularFile(path: String, file: String) throws(Diagnostic) {
        // The C call would stop at a NUL and open a different (shorter) path.
        guard !path.utf8.contains(0) else {
            throw LoadError.make(.loadNotFound, "no such file: '\(file)' (the path contains a NUL byte)", file: file)
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw openError(errno, file: file) }
        try checkMode(info.st_mode, file: file)
    }

    /// The contents of the regular file at `path`, read in one go; a file
    /// larger than `limit` is refused (`load.too-large`) before its buffer
    /// is allocated.
    /// `context` is polled for Ctrl-C between reads of at most 64 MiB.
    static func read(path: String, file: String, limit: DataFileLimit = .current(),
                     context: LoadContext? = nil) throws(Diagnostic) -> [UInt8] {
        // O_NONBLOCK: should the path have become a FIFO since the check, open must not wait for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw openError(errno, file: file) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw readError(errno, file: file) }
        try checkMode(info.st_mode, file: file)

        let size = max(Int(info.st_size), 0)
        // One byte more than the limit is the most ever allocated (and read).
        let ceiling = limit.bytes == Int.max ? Int.max : limit.bytes + 1
        guard size < ceiling else { throw limit.refusal(file: file, size: size) }

        // Read into uninitialised memory: zero-filling a large file first costs as much as reading it.
        var bytes = [UInt8]()
        var capacity = size + 1
        while true {
            var failure: Int32 = 0
            var cancelled = false
            let grown = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                if !bytes.isEmpty {
                    _ = UnsafeMutableBufferPointer(rebasing: buffer[..<bytes.count]).initialize(from: bytes)
                }
                count = bytes.count
                while count < capacity {
                    if context?.interrupt?.isSet == true {
                        cancelled = true
                        return
                    }
                    let got = systemRead(fd, buffer.baseAddress! + count, min(capacity - count, 1 << 26))
                    if got < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    if got == 0 { return }
                    count += got
                }
            }
            if cancelled { throw LoadContext.cancelled }
            if failure != 0 { throw readError(failure, file: file) }
            if grown.count < capacity { return grown }
            // The file grew since fstat (or is a /proc file that reports no size):
            // keep reading into a bigger buffer, up to the limit.
            guard capacity < ceiling else { throw limit.refusal(file: file, size: nil) }
            bytes = grown
            capacity = capacity > ceiling / 2 ? ceiling : capacity * 2
        }
    }

    private static func checkMode(_ mode: mode_t, file: String) throws(Diagnostic) {
        switch mode & S_IFMT {
        case S_IFREG:
            return
        case S_IFDIR:
            throw LoadError.make(.loadIsDirectory, "'\(file)' is a directory, not a data file", file: file)
        default:
            throw LoadError.make(
                .loadNotRegularFile, "'\(file)' is not a regular file (a pipe, socket or device)", file: file,
                hints: ["copy the data to a file first"])
        }
    }

    private static func openError(_ code: Int32, file: String) -> Diagnostic {
        switch code {
        case ENOENT, ENOTDIR:
            return LoadError.make(.loadNotFound, "no such file: '\(file)'", file: file)
        case EACCES, EPERM:
            return LoadError.make(.loadUnreadable, "permission denied reading '\(file)'", file: file)
        default:
            return readError(code, file: file)
        }
    }

    private static func readError(_ code: Int32, file: String) -> Diagnostic {
        LoadError.make(.loadUnreadable, "cannot read '\(file)': \(String(cString: strerror(code)))", file: file)
    }
}

/// POSIX `read`, which `FileBytes.read` hides inside the enum.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
