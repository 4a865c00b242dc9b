/// What a survey file (SPSS, Stata, SAS) says about a column besides its
/// values: the variable label, the labels of its codes, and the codes it
/// declares missing. `describe` shows them, comparisons read them
/// (`where q1 == 4` on a column of labels), completion offers them.
///
/// A column whose every value has a label holds the labels as text, in the
/// order of their codes (``Column/levels``): ``holdsLabels`` is true. A column
/// with labels on only some codes (an age with 99 "Refused") keeps its codes,
/// and the labels describe them.
///
/// ```swift
/// let session = Session()
/// try session.load(path: "Examples/data/satisfaction.sav", as: "s")
/// let q1 = session.dataset(named: "s")?.column(named: "q1")
/// _ = q1?.labels?.label                  // "Satisfaction with the service"
/// _ = q1?.labels?.values.first?.label    // "Strongly disagree" (code 1)
/// _ = q1?[0]                             // .text("Agree")
/// ```
public struct ColumnLabels: Sendable, Hashable {
    /// The variable label: "Satisfaction with the service".
    public var label: String?
    /// The value labels in the order of their codes.
    public var values: [ValueLabel]
    /// Whether the column's values are the labels (true) or the codes (false).
    public var holdsLabels: Bool
    /// The missing codes the file declares (SPSS user-missing values and
    /// ranges, Stata and SAS tagged missing values), with how many rows had each.
    public var missing: [MissingCode]
    /// Whether the rows with user-missing codes kept their values (`load … keep missing`).
    public var keptMissing: Bool

    public init(label: String? = nil, values: [ValueLabel] = [], holdsLabels: Bool = false,
                missing: [MissingCode] = [], keptMissing: Bool = false) {
        self.label = label
        self.values = values
        self.holdsLabels = holdsLabels
        self.missing = missing
        self.keptMissing = keptMissing
    }

    /// The label of `code`, if it has one.
    public func label(of code: Value) -> String? {
        values.first { Operators.order($0.code, code) == 0 }?.label
    }

    /// The codes labelled `label`, in code order (two codes may share a label).
    public func codes(labelled label: String) -> [Value] {
        values.filter { $0.label == label }.map { $0.code }
    }

    /// The labels of a column of `type` that `append` joins from columns of
    /// types `a` and `b` (nil: the table lacks it): kept when both sides label
    /// their codes alike (two waves of one questionnaire), their missing rows
    /// added up; dropped when they differ or the type changed.
    static func appended(_ x: ColumnLabels?, _ y: ColumnLabels?, type: ValueType, _ a: ValueType?, _ b: ValueType?) -> ColumnLabels? {
        guard let first = x ?? y, a.map({ $0 == type }) ?? true, b.map({ $0 == type }) ?? true else { return nil }
        guard let x, let y else { return (a == nil || b == nil) ? first : nil }
        guard x.values == y.values, x.holdsLabels == y.holdsLabels, x.keptMissing == y.keptMissing,
              x.missing.map({ $0.kind }) == y.missing.map({ $0.kind }) else { return nil }
        var joined = x
        for i in joined.missing.indices { joined.missing[i].rows += y.missing[i].rows }
        return joined
    }

    /// Whether `code` is one of the declared missing codes.
    public func isMissing(_ code: Value) -> Bool {
        missing.contains { $0.covers(code) }
    }
}

/// A code and its label: 4 "Agree".
public struct ValueLabel: Sendable, Hashable {
    /// A number, or text for SPSS string variables.
    public var code: Value
    public var label: String

    public init(code: Value, label: String) {
        self.code = code
        self.label = label
    }
}

/// A declared missing code: one value, a range of values (SPSS `MISSING
/// VALUES q (97 THRU 99)`), or an extended missing value of Stata or SAS
/// (`.a`), with how many rows of the file had it.
public struct MissingCode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case value(Value)
        case range(low: Double, high: Double)
        /// Stata's `.a` … `.z`, SAS's `.A` … `.Z` and `._`.
        case tag(Character)
    }

    public var kind: Kind
    /// Its label, for a single code that has one.
    public var label: String?
    public var rows: Int

    public init(_ kind: Kind, label: String? = nil, rows: Int = 0) {
        self.kind = kind
        self.label = label
        self.rows = rows
    }

    /// Whether `code` is this missing code (or in its range).
    public func covers(_ code: Value) -> Bool {
        switch kind {
        case .value(let v): return Operators.order(v, code) == 0
        case .range(let low, let high): return code.numeric.map { $0 >= low && $0 <= high } ?? false
        case .tag: return false
        }
    }

    /// Whether the stored number `x` is this missing code (the loaders' fast path).
    func covers(number x: Double) -> Bool {
        switch kind {
        case .value(let v): return v.numeric == x
        case .range(let low, let high): return x >= low && x <= high
        case .tag: return false
        }
    }

    /// Whether the text `bytes` is this missing code.
    func covers(text bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard case .value(.text(let t)) = kind else { return false }
        return t.utf8.elementsEqual(bytes)
    }

    /// How `describe` writes it: `98 "Don't know"`, `97–99`, `.a`.
    public var text: String {
        switch kind {
        case .value(let v):
            let code = v.type == .text ? SourcePrinter.quoted(ValueText.machine(v)) : ValueText.machine(v)
            return label.map { "\(code) \(SourcePrinter.quoted($0))" } ?? code
        case .range(let low, let high):
            // SPSS writes an open end as LO or HI (`LO THRU 0`).
            let from = low == -.infinity ? "LO" : ValueText.machine(.number(low))
            let to = high == .infinity ? "HI" : ValueText.machine(.number(high))
            return "\(from)–\(to)"
        case .tag(let t):
            return "." + String(t) + (label.map { " " + SourcePrinter.quoted($0) } ?? "")
        }
    }
}
