/// Settings that change how results are computed and shown; `set` changes them.
public struct SessionSettings: Sendable {
    /// Confidence level for intervals: 0.90, 0.95 or 0.99. `set level 90`.
    public var confidenceLevel: Double = 0.95
    /// The interval method used for estimates. `set interval wald`.
    public var intervalMethod: IntervalMethod = .wilson

    public init() {}
}
