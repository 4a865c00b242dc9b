import Testing
import Topline

/// Expects `actual` within `tolerance` of `expected`: absolutely for values of
/// order 1, relatively (`relative: true`) for tiny p-values, where an absolute
/// 1e-9 would accept anything. Infinite expectations must match exactly.
func expectNear(
    _ actual: Double?, _ expected: Double, tolerance: Double = 1e-9, relative: Bool = false,
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("expected \(expected), got nil. \(comment?.description ?? "")", sourceLocation: sourceLocation)
        return
    }
    if expected.isInfinite || expected.isNaN {
        #expect(actual == expected || (actual.isNaN && expected.isNaN), comment, sourceLocation: sourceLocation)
        return
    }
    let bound = relative ? tolerance * abs(expected) : tolerance
    #expect(
        abs(actual - expected) <= bound,
        "\(actual) is not within \(tolerance)\(relative ? " relative" : "") of \(expected). \(comment?.description ?? "")",
        sourceLocation: sourceLocation)
}

/// Expects a thrown `Diagnostic` with the given id.
func expectDiagnostic<T>(
    _ id: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(Diagnostic) -> T
) {
    do {
        _ = try body()
        Issue.record("expected diagnostic \(id), but nothing was thrown", sourceLocation: sourceLocation)
    } catch {
        #expect(error.id.rawValue == id, sourceLocation: sourceLocation)
    }
}
