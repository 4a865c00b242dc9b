import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory under the system's temporary folder, removed (with its
/// contents) by `remove()`.
///
/// ```swift
/// let dir = TemporaryDirectory()
/// defer { dir.remove() }
/// dir.write("a.csv", "x\n1\n")
/// ```
public struct TemporaryDirectory: Sendable {
    public let path: String

    /// `prefix` names the test that made it, for anyone looking at a leftover.
    public init(prefix: String = "topline-test") {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed: \(String(cString: strerror(errno)))")
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var url: URL { URL(fileURLWithPath: path) }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `text` to `name` (created or truncated).
    public func write(_ name: String, _ text: String) {
        write(name, bytes: Array(text.utf8))
    }

    /// Writes `bytes` to `name` (created or truncated).
    public func write(_ name: String, bytes: [UInt8]) {
        let fd = open(file(name), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot create \(file(name)): \(String(cString: strerror(errno)))")
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            precondition(n > 0 || (n < 0 && errno == EINTR), "cannot write \(file(name))")
            if n > 0 { offset += n }
        }
    }

    /// The text of `name`, or nil when it cannot be read.
    public func read(_ name: String) -> String? {
        guard let data = FileManager.default.contents(atPath: file(name)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    public func remove() {
        // A test may have taken permissions away; give them back so everything can go.
        if let names = try? FileManager.default.subpathsOfDirectory(atPath: path) {
            for name in names {
                // chmod follows symbolic links: a link to a file outside the folder must keep that file's mode.
                var status = stat()
                guard lstat(file(name), &status) == 0, status.st_mode & S_IFMT != S_IFLNK else { continue }
                _ = chmod(file(name), 0o755)
            }
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
