/// Cells handed to a ``ColumnAccumulator`` a block at a time.
protocol CellSource {
    var count: Int { get }
    /// The bytes of cell `i` (valid UTF-8), valid until the next call.
    mutating func cell(_ i: Int) -> UnsafeBufferPointer<UInt8>
}

/// Infers the type of one loaded column while storing its cells.
///
/// A column starts untyped; its first non-empty cell picks integer, number,
/// percent, boolean or text, and later cells may widen it:
///
/// - integer + number (or an integer beyond Int64) → number;
/// - percent only while *every* non-empty cell is a percent (`16%`, `16.5 %`, `-3%`),
///   stored as a fraction (0.16);
/// - boolean for `true`/`false` in any letter case;
/// - date while every non-empty cell is an ISO date (`2012-01-31`); timestamp while every
///   one is an ISO date or timestamp (`2012-01-31 13:45:00`, `…T13:45Z`) and one has a time;
/// - anything else → text, dictionary-encoded.
///
/// Only truly empty cells are null; a cell of spaces is text (numbers may
/// carry surrounding spaces). A column with no values at all is text of nulls,
/// so comparing it with strings works.
///
/// A number column holds doubles, exact for whole numbers only up to 2^53: a
/// whole number it cannot hold exactly (`9007199254740993` next to `0.5`,
/// or one beyond Int64) is noted in ``inexact`` for a load warning, so digits
/// are never lost silently.
///
/// Widening to text after typed cells discards their parsed values, whose
/// original spelling (`+5`, `1.50`) parsing lost: ``textStartsAt`` then names
/// the first row stored as text, and the reader re-reads the rows before it
/// into a text-only accumulator passed to ``finish(name:textPrefix:)``.
struct ColumnAccumulator {
    enum Kind { case untyped, integer, number, percent, boolean, date, timestamp, text }

    private(set) var kind: Kind
    /// Rows appended so far.
    private(set) var count = 0
    /// Integers, days (dates) or microseconds (timestamps).
    private var ints: [Int64] = []
    /// Rows that are null in an integer, date or timestamp column (nulls are rare, so kept sparse).
    private var intNullRows: [Int] = []
    private var doubles: [Double] = []
    private var bools: [UInt8] = []
    private var codes: [Int32] = []
    private var interner = ByteInterner()
    /// The first row kept as text after earlier rows were typed otherwise.
    private(set) var textStartsAt: Int?
    /// The whole numbers a number column stores inexactly: the first one and how many.
    private(set) var inexact: InexactInteger?

    struct InexactInteger: Equatable {
        /// The 0-based data row of the first one.
        var row: Int
        /// As written (trimmed), and as stored.
        var text: String
        var stored: Double
        /// How many cells of the column are inexact whole numbers.
        var count: Int
    }

    /// An inferring accumulator, or with `textOnly` one that keeps every cell as text.
    init(textOnly: Bool = false) {
        kind = textOnly ? .text : .untyped
    }

    // MARK: Appending

    /// Appends every cell of `source`; an empty cell is null.
    ///
    /// Cells are written straight into the column's storage while they keep
    /// its type; the first cell that changes the type, and those after it,
    /// go through ``append(_:)``.
    mutating func append<Source: CellSource>(contentsOf source: inout Source) {
        let n = source.count
        var done = 0
        switch kind {
        case .text:
            var interner = self.interner
            self.interner = ByteInterner()
            done = Self.fill(&codes, n, placeholder: -1) { i in
                let cell = source.cell(i)
                return cell.isEmpty ? -1 : interner.intern(cell)
            }
            self.interner = interner
        case .integer:
            let first = count
            var nullRows = intNullRows
            intNullRows = []
            done = Self.fill(&ints, n, placeholder: 0) { i in
                let cell = source.cell(i)
                if cell.isEmpty { nullRows.append(first + i); return 0 }
                guard let lit = NumericLiteral.scan(cell), !lit.isPercent else { return nil }
                return lit.int64
            }
            intNullRows = nullRows
        case .number, .percent:
            let percent = kind == .percent
            let first = count
            var inexact = self.inexact
            done = Self.fill(&doubles, n, placeholder: .nan) { i in
                let cell = source.cell(i)
                if cell.isEmpty { return .nan }
                guard let lit = NumericLiteral.scan(cell), lit.isPercent == percent, let d = lit.double(in: cell) else { return nil }
                if lit.isIntegerSyntax, lit.truncated || lit.mantissa > 1 << 53, !percent {
                    Self.note(&inexact, lit, cell, d, row: first + i)
                }
                return d
            }
            self.inexact = inexact
        case .boolean:
            done = Self.fill(&bools, n, placeholder: 2) { i in
                let cell = source.cell(i)
                return cell.isEmpty ? 2 : Self.boolean(cell)
            }
        case .date, .timestamp:
            let first = count, dates = kind == .date
            var nullRows = intNullRows
            intNullRows = []
            done = Self.fill(&ints, n, placeholder: 0) { i in
                let cell = source.cell(i)
                if cell.isEmpty { nullRows.append(first + i); return 0 }
                switch CalendarDate.parse(cell) {
                case .date(let d)?: return dates ? d : d * CalendarDate.microsecondsPerDay
                case .timestamp(let t)? where !dates: return t
                default: return nil
                }
            }
            intNullRows = nullRows
        case .untyped:
            break
        }
        count += done
        for i in done..<n { append(source.cell(i)) }
    }

    /// Appends `produce(0)`, `produce(1)`, … up to `n` values through a
    /// pointer, stopping at the first nil; returns how many were appended.
    @inline(__always)
    private static func fill<T>(_ array: inout [T], _ n: Int, placeholder: T, _ produce: (Int) -> T?) -> Int {
        let base = array.count
        var done = n
        array.append(contentsOf: repeatElement(placeholder, count: n))
        array.withUnsafeMutableBufferPointer { out in
            for i in 0..<n {
                guard let v = produce(i) else { done = i; return }
                out[base + i] = v
            }
        }
        array.removeLast(n - done)
        return done
    }

    @inline(__always)
    mutating func appendNull() {
        switch kind {
        case .untyped: break
        case .integer, .date, .timestamp: intNullRows.append(count); ints.append(0)
        case .number, .percent: doubles.append(.nan)
        case .boolean: bools.append(2)
        case .text: codes.append(-1)
        }
        count += 1
    }

    /// Appends one cell (valid UTF-8); an empty cell is null.
    mutating func append(_ cell: UnsafeBufferPointer<UInt8>) {
        if cell.isEmpty { appendNull(); return }
        switch kind {
        case .text:
            codes.append(interner.intern(cell))
        case .integer:
            guard let lit = NumericLiteral.scan(cell), !lit.isPercent else { return demote(cell) }
            if let i = lit.int64 {
                ints.append(i)
            } else if let d = lit.double(in: cell) {
                widenIntegersToNumbers()
                if lit.isIntegerSyntax { Self.note(&inexact, lit, cell, d, row: count) }
                doubles.append(d)
            } else {
                return demote(cell)
            }
        case .number, .percent:
            guard let lit = NumericLiteral.scan(cell), lit.isPercent == (kind == .percent),
                  let d = lit.double(in: cell) else { return demote(cell) }
            if kind == .number, lit.isIntegerSyntax { Self.note(&inexact, lit, cell, d, row: count) }
            doubles.append(d)
        case .boolean:
            guard let b = Self.boolean(cell) else { return demote(cell) }
            bools.append(b)
        case .date, .timestamp:
            switch CalendarDate.parse(cell) {
            case .date(let d)?: ints.append(kind == .date ? d : d * CalendarDate.microsecondsPerDay)
            case .timestamp(let t)?:
                if kind == .date { widenDatesToTimestamps() }
                ints.append(t)
            case nil: return demote(cell)
            }
        case .untyped:
            return start(with: cell)
        }
        count += 1
    }

    /// Types the column from its first value, after `count` nulls.
    private mutating func start(with cell: UnsafeBufferPointer<UInt8>) {
        let nulls = count
        if let lit = NumericLiteral.scan(cell), let i = lit.int64 {
            kind = .integer
            ints = Array(repeating: 0, count: nulls)
            intNullRows = Array(0..<nulls)
            ints.append(i)
        } else if let lit = NumericLiteral.scan(cell), let d = lit.double(in: cell) {
            kind = lit.isPercent ? .percent : .number
            doubles = Array(repeating: .nan, count: nulls)
            if kind == .number, lit.isIntegerSyntax { Self.note(&inexact, lit, cell, d, row: count) }
            doubles.append(d)
        } else if let b = Self.boolean(cell) {
            kind = .boolean
            bools = Array(repeating: 2, count: nulls)
            bools.append(b)
        } else if let parsed = CalendarDate.parse(cell) {
            ints = Array(repeating: 0, count: nulls)
            intNullRows = Array(0..<nulls)
            switch parsed {
            case .date(let d): kind = .date; ints.append(d)
            case .timestamp(let t): kind = .timestamp; ints.append(t)
            }
        } else {
            kind = .text
            codes = Array(repeating: -1, count: nulls)
            codes.append(interner.intern(cell))
        }
        count += 1
    }

    /// A date column that meets a time of day becomes a timestamp column: each day its midnight.
    private mutating func widenDatesToTimestamps() {
        for i in ints.indices { ints[i] &*= CalendarDate.microsecondsPerDay }
        kind = .timestamp
    }

    private mutating func widenIntegersToNumbers() {
        doubles = ints.map(Double.init)
        let limit: Int64 = 1 << 53
        for (row, i) in ints.enumerated() where (i > limit || i < -limit) && Int64(exactly: doubles[row]) != i {
            if inexact == nil {
                inexact = InexactInteger(row: row, text: String(i), stored: doubles[row], count: 1)
            } else {
                inexact!.count += 1
            }
        }
        for row in intNullRows { doubles[row] = .nan }
        ints = []
        intNullRows = []
        kind = .number
    }

    /// Notes `cell`, a whole number stored as `value`, if `value` is not exactly it.
    private static func note(_ inexact: inout InexactInteger?, _ lit: NumericLiteral, _ cell: UnsafeBufferPointer<UInt8>,
                             _ value: Double, row: Int) {
        guard lit.truncated || lit.mantissa > 1 << 53 else { return }
        let exact: Bool
        if !lit.truncated {
            exact = value.magnitude < 18_446_744_073_709_551_616.0 && UInt64(value.magnitude) == lit.mantissa
        } else {
            var written: [UInt8] = []
            for i in lit.start..<lit.end where cell[i] &- 0x30 <= 9 && (!written.isEmpty || cell[i] != UInt8(ascii: "0")) {
                written.append(cell[i])
            }
            exact = DecimalRounding.exactDigits(value.magnitude).digits == written
        }
        guard !exact else { return }
        if inexact == nil {
            let text = String(decoding: UnsafeBufferPointer(rebasing: cell[lit.start..<lit.end]), as: UTF8.self)
            inexact = InexactInteger(row: row, text: text, stored: value, count: 1)
        } else {
            inexact!.count += 1
        }
    }

    private mutating func demote(_ cell: UnsafeBufferPointer<UInt8>) {
        ints = []; intNullRows = []; doubles = []; bools = []
        inexact = nil
        kind = .text
        textStartsAt = count
        codes.append(interner.intern(cell))
        count += 1
    }

    /// 1 for `true`, 0 for `false` (any letter case), nil otherwise.
    @inline(__always)
    static func boolean(_ cell: UnsafeBufferPointer<UInt8>) -> UInt8? {
        func matches(_ word: StaticString) -> Bool {
            guard cell.count == word.utf8CodeUnitCount else { return false }
            let w = word.utf8Start
            for i in 0..<cell.count where cell[i] | 0x20 != w[i] { return false }
            return true
        }
        if matches("true") { return 1 }
        if matches("false") { return 0 }
        return nil
    }

    // MARK: Finishing

    /// The finished column. When ``textStartsAt`` is set, `textPrefix` must be a
    /// text-only accumulator holding the rows before it.
    func finish(name: String, textPrefix: ColumnAccumulator? = nil) -> Column {
        switch kind {
        case .untyped:
            return Column(name: name, type: .text, storage: .texts(codes: Array(repeating: -1, count: count), dictionary: []))
        case .integer, .date, .timestamp:
            var isNull: [Bool] = []
            if !intNullRows.isEmpty {
                isNull = Array(repeating: false, count: count)
                for row in intNullRows { isNull[row] = true }
            }
            let type: ValueType = kind == .integer ? .integer : (kind == .date ? .date : .timestamp)
            return Column(name: name, type: type, storage: .integers(ints, isNull: isNull))
        case .number:
            return Column(name: name, type: .number, storage: .doubles(doubles))
        case .percent:
            return Column(name: name, type: .percent, storage: .doubles(doubles))
        case .boolean:
            return Column(name: name, type: .boolean, storage: .booleans(bools))
        case .text:
            guard textStartsAt != nil, var merged = textPrefix else {
                return Column(name: name, type: .text, storage: .texts(codes: codes, dictionary: interner.strings))
            }
            // Re-code this accumulator's values in the prefix's dictionary, keeping first-seen order.
            var recode = [Int32](repeating: -1, count: interner.count)
            for k in 0..<interner.count {
                recode[k] = interner.withBytes(of: k) { merged.interner.intern($0) }
            }
            merged.codes.reserveCapacity(merged.codes.count + codes.count)
            for c in codes { merged.codes.append(c < 0 ? -1 : recode[Int(c)]) }
            return Column(name: name, type: .text, storage: .texts(codes: merged.codes, dictionary: merged.interner.strings))
        }
    }
}
