/// Infers the type of one loaded column while storing its cells.
///
/// A column starts untyped; its first non-empty cell picks integer, number,
/// percent, boolean or text, and later cells may widen it:
///
/// - integer + number (or an integer beyond Int64) → number;
/// - percent only while *every* non-empty cell is a percent (`16%`, `16.5 %`, `-3%`),
///   stored as a fraction (0.16);
/// - boolean for `true`/`false` in any letter case;
/// - anything else → text, dictionary-encoded.
///
/// Only truly empty cells are null; a cell of spaces is text (numbers may
/// carry surrounding spaces). A column with no values at all is text of nulls,
/// so comparing it with strings works.
///
/// Widening to text after typed cells discards their parsed values, whose
/// original spelling (`+5`, `1.50`) parsing lost: ``textStartsAt`` then names
/// the first row stored as text, and the reader re-reads the rows before it
/// into a text-only accumulator passed to ``finish(name:textPrefix:)``.
struct ColumnAccumulator {
    enum Kind { case untyped, integer, number, percent, boolean, text }

    private(set) var kind: Kind
    /// Rows appended so far.
    private(set) var count = 0
    private var ints: [Int64] = []
    private var intIsNull: [Bool] = []
    private var intHasNull = false
    private var doubles: [Double] = []
    private var bools: [UInt8] = []
    private var codes: [Int32] = []
    private var interner = ByteInterner()
    /// The first row kept as text after earlier rows were typed otherwise.
    private(set) var textStartsAt: Int?

    /// An inferring accumulator, or with `textOnly` one that keeps every cell as text.
    init(textOnly: Bool = false) {
        kind = textOnly ? .text : .untyped
    }

    @inline(__always)
    mutating func appendNull() {
        switch kind {
        case .untyped: break
        case .integer: ints.append(0); intIsNull.append(true); intHasNull = true
        case .number, .percent: doubles.append(.nan)
        case .boolean: bools.append(2)
        case .text: codes.append(-1)
        }
        count += 1
    }

    /// Appends one cell (valid UTF-8); an empty cell is null.
    @inline(__always)
    mutating func append(_ cell: UnsafeBufferPointer<UInt8>) {
        if cell.isEmpty { appendNull(); return }
        switch kind {
        case .text:
            codes.append(interner.intern(cell))
        case .integer:
            if let lit = NumericLiteral.scan(cell), !lit.isPercent {
                if let i = lit.int64 {
                    ints.append(i); intIsNull.append(false)
                } else if let d = lit.double(in: cell) {
                    widenIntegersToNumbers()
                    doubles.append(d)
                } else {
                    demote(cell)
                    return
                }
            } else {
                demote(cell)
                return
            }
        case .number, .percent:
            if let lit = NumericLiteral.scan(cell), lit.isPercent == (kind == .percent), let d = lit.double(in: cell) {
                doubles.append(d)
            } else {
                demote(cell)
                return
            }
        case .boolean:
            if let b = Self.boolean(cell) { bools.append(b) } else { demote(cell); return }
        case .untyped:
            start(with: cell)
            return
        }
        count += 1
    }

    /// Types the column from its first value, after `count` nulls.
    private mutating func start(with cell: UnsafeBufferPointer<UInt8>) {
        let nulls = count
        if let lit = NumericLiteral.scan(cell) {
            if let i = lit.int64 {
                kind = .integer
                ints = Array(repeating: 0, count: nulls)
                intIsNull = Array(repeating: true, count: nulls)
                intHasNull = nulls > 0
                ints.append(i); intIsNull.append(false)
                count += 1
                return
            }
            if let d = lit.double(in: cell) {
                kind = lit.isPercent ? .percent : .number
                doubles = Array(repeating: .nan, count: nulls)
                doubles.append(d)
                count += 1
                return
            }
        }
        if let b = Self.boolean(cell) {
            kind = .boolean
            bools = Array(repeating: 2, count: nulls)
            bools.append(b)
        } else {
            kind = .text
            codes = Array(repeating: -1, count: nulls)
            codes.append(interner.intern(cell))
        }
        count += 1
    }

    private mutating func widenIntegersToNumbers() {
        doubles.reserveCapacity(max(ints.capacity, ints.count + 1))
        for (i, isNull) in zip(ints, intIsNull) { doubles.append(isNull ? .nan : Double(i)) }
        ints = []; intIsNull = []
        kind = .number
    }

    private mutating func demote(_ cell: UnsafeBufferPointer<UInt8>) {
        ints = []; intIsNull = []; doubles = []; bools = []
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

    /// The finished column. When ``textStartsAt`` is set, `textPrefix` must be a
    /// text-only accumulator holding the rows before it.
    func finish(name: String, textPrefix: ColumnAccumulator? = nil) -> Column {
        switch kind {
        case .untyped:
            return Column(name: name, type: .text, storage: .texts(codes: Array(repeating: -1, count: count), dictionary: []))
        case .integer:
            return Column(name: name, type: .integer, storage: .integers(ints, isNull: intHasNull ? intIsNull : []))
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
