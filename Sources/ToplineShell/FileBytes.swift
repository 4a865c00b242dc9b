import Glibc

/// Whole-file reads on plain file descriptors (no Foundation).
enum FileBytes {
    /// Every byte readable from `fd` until end of file; nil with `errno` set on error.
    static func readAll(fd: Int32) -> [UInt8]? {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return result }
            result += chunk[0..<n]
        }
    }

    /// The contents of the file at `path`; nil with `errno` set when it cannot be read.
    static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readAll(fd: fd)
    }
}
