import Glibc
import Topline

struct BenchError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

func standardError(_ text: String) {
    let bytes = Array((text + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// Seconds taken by `body`, on the monotonic clock.
func seconds(_ body: () throws(BenchError) -> Void) throws(BenchError) -> Double {
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    try body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func readText(_ path: String) throws(BenchError) -> String {
    guard let f = fopen(path, "rb") else { throw BenchError("cannot open '\(path)'") }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// Runs `source` and returns its tables; any diagnostic is an error (a benchmark
/// must never time a failing query).
@discardableResult
func runChecked(_ session: Session, _ source: String, name: String) throws(BenchError) -> [Table] {
    let outcome = session.run(source, fileName: name)
    if let d = outcome.diagnostics.first {
        throw BenchError(DiagnosticRenderer.render(d, source: outcome.source))
    }
    return outcome.tables
}

/// One JSON object with numeric values, keys in the given order.
func json(_ pairs: [(String, Double)]) -> String {
    "{" + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
}

/// The file name without directory and extension: "queries/q2.tq" → "q2".
func stem(_ path: String) -> String {
    let last = path.split(separator: "/").last.map(String.init) ?? path
    return last.split(separator: ".").first.map(String.init) ?? last
}
