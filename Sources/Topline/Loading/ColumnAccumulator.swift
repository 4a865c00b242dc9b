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

    /// The kind this accumulator's first non-empty cell was read as: the kind
    /// it was seeded with, or the one that cell chose (untyped while there is none).
    /// From there on it treats each cell as one of that kind would.
    private(set) var entryKind: Kind

    /// An inferring accumulator, or with `textOnly` one that keeps every cell as text.
    init(textOnly: Bool = false) {
        kind = textOnly ? .text : .untyped
        entryKind = kind
    }

    /// An accumulator that reads its cells as a column of `seed` so far would:
    /// a chunk's, whose rows ``absorb(_:)`` appends to the column (``DelimitedChunks``).
    init(seed: Kind) {
        kind = seed
        entryKind = seed
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
        defer { entryKind = kind }
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

    // MARK: Merging

    /// Appends the rows of `next`, an accumulator that read the cells right
    /// after this one's (a later chunk of the file), exactly as appending
    /// those cells here one by one would: the same values, the same widening
    /// (integers to numbers, dates to timestamps, anything to text, at the same
    /// row), the first inexact whole number, and the text values coded in
    /// first-seen order. Returns false, changing nothing, when `next` read its
    /// cells as another kind than this column now is (its chunk started
    /// before an earlier chunk widened the column): the caller then appends
    /// those cells again one by one.
    mutating func absorb(_ next: ColumnAccumulator) -> Bool {
        let offset = count
        if next.kind == .untyped {
            appendNulls(next.count)
            return true
        }
        if kind == .untyped {
            // Only nulls so far: the rows of `next` after as many nulls, as `start(with:)` makes them.
            self = next.shifted(by: offset)
            return true
        }
        // Each cell of `next` took the path it would take here only if `next` read them as this kind.
        guard next.entryKind == kind else { return false }
        if next.textStartsAt != nil {
            // It turned to text: what came before is dropped here as there, and read again as text.
            self = next.shifted(by: offset)
            return true
        }
        switch (kind, next.kind) {
        case (.integer, .number): widenIntegersToNumbers()
        case (.date, .timestamp): widenDatesToTimestamps()
        default: guard kind == next.kind else { return false }
        }
        switch kind {
        case .integer, .date, .timestamp:
            ints.append(contentsOf: next.ints)
            intNullRows.append(contentsOf: next.intNullRows.lazy.map { $0 + offset })
        case .number, .percent:
            doubles.append(contentsOf: next.doubles)
            if var more = next.inexact {
                if inexact == nil {
                    more.row += offset
                    inexact = more
                } else {
                    inexact!.count += more.count
                }
            }
        case .boolean:
            bools.append(contentsOf: next.bools)
        case .text:
            appendCodes(of: next)
        case .untyped:
            break
        }
        count += next.count
        return true
    }

    /// Appends `n` nulls.
    private mutating func appendNulls(_ n: Int) {
        switch kind {
        case .untyped: break
        case .integer, .date, .timestamp:
            intNullRows.append(contentsOf: count..<(count + n))
            ints.append(contentsOf: repeatElement(0, count: n))
        case .number, .percent: doubles.append(contentsOf: repeatElement(.nan, count: n))
        case .boolean: bools.append(contentsOf: repeatElement(2, count: n))
        case .text: codes.append(contentsOf: repeatElement(-1, count: n))
        }
        count += n
    }

    /// This accumulator with `rows` rows before its own: null rows, or — when
    /// it turned to text — any rows, as a column that turns to text keeps
    /// only the rows from ``textStartsAt`` on.
    private func shifted(by rows: Int) -> ColumnAccumulator {
        var shifted = self
        shifted.count += rows
        if let start = textStartsAt {
            shifted.textStartsAt = start + rows
            return shifted
        }
        shifted.inexact?.row += rows
        switch kind {
        case .untyped: break
        case .integer, .date, .timestamp:
            shifted.ints = Array(repeating: 0, count: rows) + ints
            shifted.intNullRows = Array(0..<rows) + intNullRows.map { $0 + rows }
        case .number, .percent: shifted.doubles = Array(repeating: .nan, count: rows) + doubles
        case .boolean: shifted.bools = Array(repeating: 2, count: rows) + bools
        case .text: shifted.codes = Array(repeating: -1, count: rows) + codes
        }
        return shifted
    }

    /// Appends the codes of `other`, a text accumulator, re-coded in this one's
    /// dictionary: its values new here are added in its first-seen order.
    private mutating func appendCodes(of other: ColumnAccumulator) {
        var recode = [Int32](repeating: -1, count: other.interner.count)
        for k in 0..<other.interner.count {
            recode[k] = other.interner.withBytes(of: k) { interner.intern($0) }
        }
        // Appending placeholders grows the array geometrically, as chunk after chunk is appended.
        let first = codes.count
        codes.append(contentsOf: repeatElement(-1, count: other.codes.count))
        codes.withUnsafeMutableBufferPointer { out in
            recode.withUnsafeBufferPointer { recode in
                for (i, c) in other.codes.enumerated() where c >= 0 { out[first + i] = recode[Int(c)] }
            }
        }
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
            merged.appendCodes(of: self)
            return Column(name: name, type: .text, storage: .texts(codes: merged.codes, dictionary: merged.interner.strings))
        }
    }
}
