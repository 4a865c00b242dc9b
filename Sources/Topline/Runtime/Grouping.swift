/// Assigns each row a dense group id from the values of some columns, in
/// first-seen order. Text columns group on their dictionary codes; other
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

    init(columns keyColumns: [Column], rowCount: Int) {
        if keyColumns.isEmpty {
            groupOfRow = [Int32](repeating: 0, count: rowCount)
            firstRow = rowCount > 0 ? [0] : []
            return
        }
        // Dense codes per key column, and how many distinct codes each has.
        var perColumn: [([Int32], Int)] = keyColumns.map { Grouping.codes(of: $0) }
        var combined = perColumn.removeFirst()
        for (codes, cardinality) in perColumn {
            let product = combined.1.multipliedReportingOverflow(by: cardinality)
            var pairs = [Int32](repeating: 0, count: rowCount)
            if !product.overflow && product.partialValue <= Int(Int32.max) {
                for r in 0..<rowCount { pairs[r] = combined.0[r] * Int32(cardinality) + codes[r] }
                combined = Grouping.densify(pairs, bound: product.partialValue)
            } else {
                var ids: [Int64: Int32] = [:]
                for r in 0..<rowCount {
                    let key = Int64(combined.0[r]) << 32 | Int64(codes[r])
                    if let id = ids[key] { pairs[r] = id } else { let id = Int32(ids.count); ids[key] = id; pairs[r] = id }
                }
                combined = (pairs, ids.count)
            }
        }
        // Renumber in first-seen order.
        let (dense, count) = Grouping.densify(combined.0, bound: combined.1)
        var first = [Int](repeating: -1, count: count)
        for r in 0..<rowCount where first[Int(dense[r])] < 0 { first[Int(dense[r])] = r }
        groupOfRow = dense
        firstRow = first
    }

    /// Renumbers codes in [0, bound) to first-seen order, dropping unused ones.
    private static func densify(_ codes: [Int32], bound: Int) -> ([Int32], Int) {
        var map = [Int32](repeating: -1, count: bound)
        var next: Int32 = 0
        var out = [Int32](repeating: 0, count: codes.count)
        for (r, c) in codes.enumerated() {
            var id = map[Int(c)]
            if id < 0 { id = next; map[Int(c)] = id; next += 1 }
            out[r] = id
        }
        return (out, Int(next))
    }

    /// Codes in [0, cardinality) for one column; null is a value of its own.
    private static func codes(of column: Column) -> ([Int32], Int) {
        switch column.storage {
        case .texts(let codes, let dictionary):
            let nullCode = Int32(dictionary.count)
            return (codes.map { $0 < 0 ? nullCode : $0 }, dictionary.count + 1)
        case .booleans(let bytes):
            return (bytes.map { Int32($0) }, 3)
        default:
            var ids: [Value: Int32] = [:]
            var out = [Int32](repeating: 0, count: column.count)
            for r in 0..<column.count {
                let v = column[r]
                if let id = ids[v] { out[r] = id } else { let id = Int32(ids.count); ids[v] = id; out[r] = id }
            }
            return (out, max(1, ids.count))
        }
    }
}
