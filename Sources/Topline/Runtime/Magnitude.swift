/// What a column of sizes measures — a margin of error or a standard error —
/// so that human formats print it as a size, not as a change: a margin reads
/// `±1.7 pp`, a standard error `1.2 pp`, where a column of differences reads
/// `+41.0 pp`. Only the text differs; the values and their type (points, or
/// a number for a mean's margin) are the same.
///
/// `moe(e)` and `se(e)` columns (``ScalarFunction/magnitude``) and the `se`
/// column of `compare` carry one (``Column/magnitude``):
///
/// ```swift
/// _ = ValueText.human(.points(0.017), magnitude: .margin)          // "±1.7 pp"
/// _ = ValueText.human(.points(0.012), magnitude: .standardError)   // "1.2 pp"
/// ```
public enum Magnitude: Sendable, Hashable {
    /// A margin of error: `±` before it.
    case margin
    /// A standard error: no sign.
    case standardError
}
