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
        var info = stat()
        guard stat(path, &info) == 0 else { throw openError(errno, file: file) }
        try checkMode(info.st_mode, file: file)
    }

    /// The contents of the regular file at `path`, read in one go.
    static func read(path: String, file: String) throws(Diagnostic) -> [UInt8] {
        // O_NONBLOCK: should the path have become a FIFO since the check, open must not wait for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw openError(errno, file: file) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw readError(errno, file: file) }
        try checkMode(info.st_mode, file: file)

        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 65_536))) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw readError(errno, file: file)
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    private static func checkMode(_ mode: mode_t, file: String) throws(Diagnostic) {
        switch mode & S_IFMT {
        case S_IFREG:
            return
        case S_IFDIR:
            throw LoadError.make("load.is-directory", "'\(file)' is a directory, not a data file", file: file)
        default:
            throw LoadError.make(
                "load.not-regular-file", "'\(file)' is not a regular file (a pipe, socket or device)", file: file,
                hints: ["copy the data to a file first"])
        }
    }

    private static func openError(_ code: Int32, file: String) -> Diagnostic {
        switch code {
        case ENOENT, ENOTDIR:
            return LoadError.make("load.not-found", "no such file: '\(file)'", file: file)
        case EACCES, EPERM:
            return LoadError.make("load.unreadable", "permission denied reading '\(file)'", file: file)
        default:
            return readError(code, file: file)
        }
    }

    private static func readError(_ code: Int32, file: String) -> Diagnostic {
        LoadError.make("load.unreadable", "cannot read '\(file)': \(String(cString: strerror(code)))", file: file)
    }
}

/// POSIX `read`, which `FileBytes.read` hides inside the enum.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
