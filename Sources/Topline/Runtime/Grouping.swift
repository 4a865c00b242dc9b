/// Assigns each row a dense group id from the values of some columns, in
/// first-seen order — or, `ordered`, in the order of the keys' categories
/// (see ``ordered(_:)``). Text columns group on their dictionary codes; other
/// columns get codes from a hash of their values first. Several key columns
/// combine their codes into one integer key.
struct Grouping {
    /// The group of each row.
    var groupOfRow: [Int32]
    /// The first row of each group (used to read the group's key values).
    var firstRow: [Int]

    var count: Int { firstRow.count }

    /// All rows in one group, even when there are none: a `summarize`
    /// without `by` gives one row (count() of no rows is 0). With no key
    /// columns, `firstRow` is never read.
    init(allRows rowCount: Int) {
        groupOfRow = [Int32](repeating: 0, count: rowCount)
        firstRow = [0]
    }

    /// `context` is polled for Ctrl-C every 65,536 rows of each pass (a pass over millions of
    /// rows takes seconds in a debug or sanitizer build).
    init(columns keyColumns: [Column], rowCount: Int, context: EvaluationContext? = nil) throws(Diagnostic) {
        func poll(_ r: Int) throws(Diagnostic) {
            if r & 0xFFFF == 0 { try context?.checkInterrupt() }
        }
        if keyColumns.isEmpty {
            groupOfRow = [Int32](repeating: 0, count: rowCount)
            firstRow = rowCount > 0 ? [0] : []
            return
        }
        // Dense codes per key column, and how many distinct codes each has.
        var perColumn: [([Int32], Int)] = []
        for column in keyColumns { perColumn.append(try Grouping.codes(of: column, poll: poll)) }
        var combined = perColumn.removeFirst()
        for (codes, cardinality) in perColumn {
            let product = combined.1.multipliedReportingOverflow(by: cardinality)
            var pairs = [Int32](repeating: 0, count: rowCount)
            if !product.overflow && product.partialValue <= Int(Int32.max) {
                for r in 0..<rowCount {
                    try poll(r)
                    pairs[r] = combined.0[r] * Int32(cardinality) + codes[r]
                }
                combined = try Grouping.densify(pairs, bound: product.partialValue, poll: poll)
            } else {
                var ids: [Int64: Int32] = [:]
                for r in 0..<rowCount {
                    try poll(r)
                    let key = Int64(combined.0[r]) << 32 | Int64(codes[r])
                    if let id = ids[key] { pairs[r] = id } else { let id = Int32(ids.count); ids[key] = id; pairs[r] = id }
                }
                combined = (pairs, ids.count)
            }
        }
        // Renumber in first-seen order.
        let (dense, count) = try Grouping.densify(combined.0, bound: combined.1, poll: poll)
        var first = [Int](repeating: -1, count: count)
        var found = 0
        for r in 0..<rowCount where first[Int(dense[r])] < 0 {
            first[Int(dense[r])] = r
            found += 1
            if found == count { break }
        }
        groupOfRow = dense
        firstRow = first
    }

    /// The groups renumbered in the order of their keys, column by column:
    /// a column's declared `levels` first (in that order), then its values not
    /// among them; numbers ascending; false before true; other text in
    /// first-seen order; dates and timestamps in calendar order; null last. `summarize … by`, `pivot` and `compare … by` use it.
    func ordered(_ keyColumns: [Column]) -> Grouping {
        let sorts = keyColumns.contains { $0.levels != nil || $0.type.isPlainNumeric || $0.type == .boolean || $0.type.isTemporal }
        guard sorts, count > 1 else { return self }
        typealias Rank = (tier: Int, key: Double)
        let ranks: [[Rank]] = keyColumns.map { column in
            let position = column.levels.map { levels in Dictionary(levels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
            return firstRow.indices.map { g in
                let v = column[firstRow[g]]
                switch v {
                case .null: return (2, Double(g))
                case .text(let t):
                    guard let position else { return (0, Double(g)) }
                    return position[t].map { (0, Double($0)) } ?? (1, Double(g))
                case .boolean(let b): return (0, b ? 1 : 0)
                case .integer(let i): return (0, Double(i))
                case .number(let d): return (0, d)
                case .date(let d), .timestamp(let d): return (0, Double(d))
                default: return (0, Double(g))
                }
            }
        }
        let order = firstRow.indices.sorted { a, b in
            for rank in ranks {
                let x = rank[a], y = rank[b]
                if x.tier != y.tier { return x.tier < y.tier }
                if x.key != y.key { return x.key < y.key }
            }
            return a < b
        }
        var newId = [Int32](repeating: 0, count: count)
        for (position, g) in order.enumerated() { newId[g] = Int32(position) }
        var grouping = self
        grouping.firstRow = order.map { firstRow[$0] }
        grouping.groupOfRow = groupOfRow.map { newId[Int($0)] }
        return grouping
    }

    /// Renumbers codes in [0, bound) to first-seen order, dropping unused ones.
    private static func densify(_ codes: [Int32], bound: Int, poll: (Int) throws(Diagnostic) -> Void) throws(Diagnostic) -> ([Int32], Int) {
        var map = [Int32](repeating: -1, count: bound)
        var next: Int32 = 0
        var out = [Int32](repeating: 0, count: codes.count)
        for (r, c) in codes.enumerated() {
            try poll(r)
            var id = map[Int(c)]
            if id < 0 { id = next; map[Int(c)] = id; next += 1 }
            out[r] = id
        }
        return (out, Int(next))
    }

    /// Codes in [0, cardinality) for one column; null is a value of its own.
    private static func codes(of column: Column, poll: (Int) throws(Diagnostic) -> Void) throws(Diagnostic) -> ([Int32], Int) {
        var out = [Int32](repeating: 0, count: column.count)
        switch column.storage {
        case .texts(let codes, let dictionary):
            let nullCode = Int32(dictionary.count)
            for r in 0..<codes.count {
                try poll(r)
                out[r] = codes[r] < 0 ? nullCode : codes[r]
            }
            return (out, dictionary.count + 1)
        case .booleans(let bytes):
            for r in 0..<bytes.count {
                try poll(r)
                out[r] = Int32(bytes[r])
            }
            return (out, 3)
        default:
            var ids: [Value: Int32] = [:]
            for r in 0..<column.count {
                try poll(r)
                let v = column[r]
                if let id = ids[v] { out[r] = id } else { let id = Int32(ids.count); ids[v] = id; out[r] = id }
            }
            return (out, max(1, ids.count))
        }
    }
}
