/// The typed storage of one column: one contiguous array per column.
///
/// Numbers of every flavour (number, percent, points, ratio) share `doubles`;
/// the column's ``ValueType`` says how to read them. Text is dictionary-encoded:
/// survey columns hold few distinct values, and grouping or filtering on
/// integer codes is much cheaper than on strings.
enum ColumnStorage: Sendable {
    /// `isNull` is empty when the column has no nulls.
    case integers([Int64], isNull: [Bool])
    /// Null is NaN: no operation stores a NaN otherwise (division by zero gives null).
    case doubles([Double])
    /// `codes[i]` indexes `dictionary`; `-1` is null.
    case texts(codes: [Int32], dictionary: [String])
    /// 0 false, 1 true, 2 null.
    case booleans([UInt8])
    case estimates([Estimate?])
    /// A column whose every value is null.
    case nulls(count: Int)
}

/// A named, typed column.
public struct Column: Sendable {
    public var name: String
    /// What its values are; fixed, as the storage was built for it.
    public private(set) var type: ValueType
    /// The typed arrays behind it (internal: embedders build columns from values).
    var storage: ColumnStorage
    /// The declared order of a text column's categories (`levels`): groups, sorts, pivots and
    /// banner tables follow it; values not in it come after, in their usual order. Nil: no order declared.
    var levels: [String]?
    /// What a survey file says about it: variable label, value labels, missing codes (``ColumnLabels``).
    public internal(set) var labels: ColumnLabels?
    /// A column of margins of error or standard errors, which human formats
    /// print as sizes (`±1.7 pp`, `1.2 pp`) rather than changes (`+1.7 pp`).
    /// Nil for every other column.
    public internal(set) var magnitude: Magnitude?

    init(name: String, type: ValueType, storage: ColumnStorage) {
        self.name = name
        self.type = type
        self.storage = storage
    }

    /// Builds a column from values that all have `type` (or are null).
    public init(name: String, type: ValueType, values: [Value]) {
        var builder = ColumnBuilder(type: type, capacity: values.count)
        for v in values { builder.append(v) }
        self = builder.finish(name: name)
    }

    public var count: Int {
        switch storage {
        case .integers(let a, _): return a.count
        case .doubles(let a): return a.count
        case .texts(let codes, _): return codes.count
        case .booleans(let a): return a.count
        case .estimates(let a): return a.count
        case .nulls(let n): return n
        }
    }

    /// The value in row `row`.
    public subscript(row: Int) -> Value {
        switch storage {
        case .integers(let a, let isNull):
            if !isNull.isEmpty && isNull[row] { return .null }
            switch type {
            case .date: return .date(a[row])
            case .timestamp: return .timestamp(a[row])
            default: return .integer(a[row])
            }
        case .doubles(let a):
            let d = a[row]
            if d.isNaN { return .null }
            switch type {
            case .percent: return .percent(d)
            case .points: return .points(d)
            case .ratio: return .ratio(d)
            case .probability: return .probability(d)
            default: return .number(d)
            }
        case .texts(let codes, let dictionary):
            let c = codes[row]
            return c < 0 ? .null : .text(dictionary[Int(c)])
        case .booleans(let a):
            switch a[row] {
            case 0: return .boolean(false)
            case 1: return .boolean(true)
            default: return .null
            }
        case .estimates(let a):
            return a[row].map(Value.estimate) ?? .null
        case .nulls:
            return .null
        }
    }

    /// Whether row `row` is null, without building a ``Value``.
    public func isNull(_ row: Int) -> Bool {
        switch storage {
        case .integers(_, let isNull): return !isNull.isEmpty && isNull[row]
        case .doubles(let a): return a[row].isNaN
        case .texts(let codes, _): return codes[row] < 0
        case .booleans(let a): return a[row] > 1
        case .estimates(let a): return a[row] == nil
        case .nulls: return true
        }
    }

    /// The rows `rows`, in that order, as a new column.
    public func gather(_ rows: [Int]) -> Column {
        let storage: ColumnStorage
        switch self.storage {
        case .integers(let a, let isNull):
            storage = .integers(Column.pick(a, rows), isNull: isNull.isEmpty ? [] : Column.pick(isNull, rows))
        case .doubles(let a):
            storage = .doubles(Column.pick(a, rows))
        case .texts(let codes, let dictionary):
            storage = .texts(codes: Column.pick(codes, rows), dictionary: dictionary)
        case .booleans(let a):
            storage = .booleans(Column.pick(a, rows))
        case .estimates(let a):
            storage = .estimates(rows.map { a[$0] })
        case .nulls:
            storage = .nulls(count: rows.count)
        }
        var column = Column(name: name, type: type, storage: storage)
        column.levels = levels
        column.labels = labels
        column.magnitude = magnitude
        return column
    }

    /// `values[rows[i]]` for each i. The row numbers come from this table's
    /// own filters, sorts and joins, so they are in range; the copy runs
    /// without per-element bounds checks (the hot loop of every `where`).
    private static func pick<T>(_ values: [T], _ rows: [Int]) -> [T] {
        values.withUnsafeBufferPointer { source in
            rows.withUnsafeBufferPointer { index in
                [T](unsafeUninitializedCapacity: index.count) { out, count in
                    for i in 0..<index.count {
                        precondition(index[i] < source.count)
                        (out.baseAddress! + i).initialize(to: source[index[i]])
                    }
                    count = index.count
                }
            }
        }
    }

    /// The same column under another name.
    public func renamed(_ newName: String) -> Column {
        var column = self
        column.name = newName
        return column
    }
}

/// Appends values of one type and produces a ``Column``.
struct ColumnBuilder {
    public let type: ValueType
    private var ints: [Int64] = []
    private var intNulls: [Bool] = []
    private var sawIntNull = false
    private var doubles: [Double] = []
    private var codes: [Int32] = []
    private var dictionary: [String] = []
    private var codeOf: [String: Int32] = [:]
    private var bools: [UInt8] = []
    private var estimates: [Estimate?] = []
    private var nullCount = 0

    public init(type: ValueType, capacity: Int = 0) {
        self.type = type
        switch type {
        case .integer, .date, .timestamp: ints.reserveCapacity(capacity); intNulls.reserveCapacity(capacity)
        case .number, .percent, .points, .ratio, .probability: doubles.reserveCapacity(capacity)
        case .text: codes.reserveCapacity(capacity)
        case .boolean: bools.reserveCapacity(capacity)
        case .estimate: estimates.reserveCapacity(capacity)
        case .null: break
        }
    }

    /// Appends `value`; a value of another type than the builder's is stored
    /// as null (the Resolver guarantees this does not happen for well-typed plans).
    public mutating func append(_ value: Value) {
        switch type {
        case .integer, .date, .timestamp:
            switch value {
            case .integer(let i) where type == .integer, .date(let i) where type == .date,
                 .timestamp(let i) where type == .timestamp:
                ints.append(i); intNulls.append(false)
            default:
                ints.append(0); intNulls.append(true); sawIntNull = true
            }
        case .number, .percent, .points, .ratio, .probability:
            doubles.append(value.isNull ? .nan : (value.numeric ?? .nan))
        case .text:
            if case .text(let s) = value { appendText(s) } else { codes.append(-1) }
        case .boolean:
            if case .boolean(let b) = value { bools.append(b ? 1 : 0) } else { bools.append(2) }
        case .estimate:
            if case .estimate(let e) = value { estimates.append(e) } else { estimates.append(nil) }
        case .null:
            nullCount += 1
        }
    }

    /// Appends a text value, reusing its dictionary code.
    public mutating func appendText(_ s: String) {
        if let code = codeOf[s] {
            codes.append(code)
        } else {
            let code = Int32(dictionary.count)
            dictionary.append(s)
            codeOf[s] = code
            codes.append(code)
        }
    }

    public func finish(name: String) -> Column {
        let storage: ColumnStorage
        switch type {
        case .integer, .date, .timestamp: storage = .integers(ints, isNull: sawIntNull ? intNulls : [])
        case .number, .percent, .points, .ratio, .probability: storage = .doubles(doubles)
        case .text: storage = .texts(codes: codes, dictionary: dictionary)
        case .boolean: storage = .booleans(bools)
        case .estimate: storage = .estimates(estimates)
        case .null: storage = .nulls(count: nullCount)
        }
        return Column(name: name, type: type, storage: storage)
    }
}
