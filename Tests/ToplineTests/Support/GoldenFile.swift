import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Golden-file helpers: compare text with a file next to the fixtures, or
/// re-record the file when `TOPLINE_RECORD=1` is set.
enum GoldenFile {
    static let fixtures = packageRoot.appendingPathComponent("Tests/ToplineTests/Fixtures")

    static var recording: Bool { ProcessInfo.processInfo.environment["TOPLINE_RECORD"] == "1" }

    /// Checks `actual` against the file at `url`; records it when recording
    /// or when the file does not exist yet (and then fails, so a missing
    /// golden file is never a silent pass).
    static func check(_ actual: String, against url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if recording || expected == nil {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            if expected == nil {
                Issue.record("recorded new golden file \(url.path); check it and run again", sourceLocation: sourceLocation)
            }
            return
        }
        if actual != expected {
            Issue.record("output differs from \(url.lastPathComponent):\n\(lineDiff(expected: expected!, actual: actual))\n(re-record with TOPLINE_RECORD=1)",
                         sourceLocation: sourceLocation)
        }
    }

    /// A readable line diff: `-` expected, `+` actual, with line numbers.
    static func lineDiff(expected: String, actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : nil, y = i < a.count ? a[i] : nil
            if x == y { continue }
            if let x { out.append("\(i + 1) - \(x)") }
            if let y { out.append("\(i + 1) + \(y)") }
            if out.count > 40 { out.append("…"); break }
        }
        return out.joined(separator: "\n")
    }

    /// Runs a script the way `topline run` shows it: results as aligned
    /// tables, charts as text at 80 columns without colour, messages, and
    /// rendered diagnostics, in order.
    static func transcript(of source: String, fileName: String, session: Session = Session(workingDirectory: packageRoot.path),
                           keepGoing: Bool = false) -> String {
        var text = ""
        let ok = session.execute(source, fileName: fileName, options: RunOptions(stopOnError: !keepGoing)) { event in
            switch event {
            case .table(let t): text += TableFormatter.render(t, as: .table)
            case .chart(let c): text += ChartRenderer.render(c, width: 80)
            case .message(let m): text += "-- \(m)\n"
            case .diagnostic(let d): text += DiagnosticRenderer.render(d, source: session.sourceFile(named: fileName))
            case .finished: break
            }
        }
        if !ok { text += "[exit: error]\n" }
        return text
    }
}
