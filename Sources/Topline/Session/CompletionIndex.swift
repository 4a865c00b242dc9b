/// The distinct values of dataset columns, as text, for completion: cached,
/// as completion must not scan a million rows on every Tab.
final class CompletionIndex {
    private struct Key: Hashable {
        var dataset: String
        var revision: Int
        var column: String
    }
    private var cache: [Key: [String]] = [:]

    /// The distinct non-null values of `column` in `dataset` (at most about
    /// 10,000), sorted, in the canonical text of each value.
    func values(of column: String, in dataset: String, catalog: DatasetCatalog) -> [String] {
        let key = Key(dataset: dataset, revision: catalog.revisions[dataset] ?? 0, column: column)
        if let cached = cache[key] { return cached }
        guard let table = try? catalog.dataset(dataset, columns: [column])?.table, let c = table.column(named: column) else { return [] }
        let values = CompletionIndex.distinctValues(c)
        cache = cache.filter { $0.key.dataset != dataset || $0.key.revision == key.revision }
        cache[key] = values
        return values
    }

    /// Distinct values are found on the raw storage, and only those few are
    /// turned into text: a million-row integer column costs one pass, not a million strings.
    static func distinctValues(_ column: Column) -> [String] {
        switch column.storage {
        case .texts(_, let dictionary):
            return dictionary.sorted()
        case .integers(let ints, let isNull):
            // Dates and timestamps are stored as integers too; they complete as their ISO text.
            return distinctIntegers(ints, isNull: isNull).map { i in
                switch column.type {
                case .date: return CalendarDate.text(ofDay: i)
                case .timestamp: return CalendarDate.text(ofMicroseconds: i)
                default: return String(i)
                }
            }
        case .doubles(let doubles):
            var seen = Set<Double>()
            for d in doubles where !d.isNaN {
                seen.insert(d)
                if seen.count > 10_000 { break }
            }
            return seen.sorted().map { ValueText.human(Operators.wrap($0, as: column.type)) }
        default:
            var seen = Set<String>()
            for r in 0..<column.count where !column.isNull(r) { seen.insert(ValueText.human(column[r])) }
            return seen.sorted()
        }
    }

    /// The distinct non-null integers, sorted (at most about 10,000). Survey
    /// codes and years span small ranges: those are marked in a bitmap,
    /// which is several times faster than hashing a million values.
    static func distinctIntegers(_ ints: [Int64], isNull: [Bool]) -> [Int64] {
        var low = Int64.max, high = Int64.min
        for (r, i) in ints.enumerated() where isNull.isEmpty || !isNull[r] {
            low = min(low, i)
            high = max(high, i)
        }
        guard low <= high else { return [] }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        if !overflow && span < 1 << 20 {
            var present = [Bool](repeating: false, count: Int(span) + 1)
            for (r, i) in ints.enumerated() where isNull.isEmpty || !isNull[r] { present[Int(i - low)] = true }
            var out: [Int64] = []
            for (k, p) in present.enumerated() where p {
                out.append(low + Int64(k))
                if out.count > 10_000 { break }
            }
            return out
        }
        var seen = Set<Int64>()
        for (r, i) in ints.enumerated() where isNull.isEmpty || !isNull[r] {
            seen.insert(i)
            if seen.count > 10_000 { break }
        }
        return seen.sorted()
    }
}
