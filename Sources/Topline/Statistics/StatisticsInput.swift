/// Checks shared by the tests and comparisons: each bad input becomes a
/// `Diagnostic` with a stable id instead of a NaN that would leak into output.
enum StatisticsInput {
    /// A proportion must be a fraction in [0, 1].
    static func proportion(_ p: Double, _ name: String) throws(Diagnostic) {
        guard p >= 0, p <= 1 else {
            throw .error(.statsInvalidProportion, "\(name) must be a proportion between 0 and 1, got \(p)")
        }
    }

    /// A base must be positive and finite (it may be a non-integer effective n).
    static func base(_ n: Double, _ name: String) throws(Diagnostic) {
        guard n > 0, n.isFinite else {
            throw .error(.statsInvalidBase, "\(name) must be a positive sample size, got \(n)")
        }
    }

    /// The confidence level's critical value; the level must be strictly between 0 and 1.
    static func criticalValue(level: Double) throws(Diagnostic) -> Double {
        let z = Normal.criticalValue(level: level)
        guard !z.isNaN else {
            throw .error(.statsInvalidLevel, "confidence level must be between 0 and 1 (e.g. 0.95), got \(level)")
        }
        return z
    }

    /// The effective base of an estimate used in a test; an unknown n refuses the test.
    static func base(of estimate: Estimate, _ name: String) throws(Diagnostic) -> Double {
        guard let n = estimate.n else {
            throw .error(
                .statsUnknownBase, "\(name) has no known base (n), so it cannot be tested",
                hints: ["give the base with estimate(value, n)"])
        }
        let base = estimate.effectiveN ?? Double(n)
        try StatisticsInput.base(base, name + " base")
        return base
    }
}
