/// Turns a header row into usable, distinct column names.
enum HeaderNames {
    /// An empty name becomes `column_N` (N is the 1-based position); a repeated
    /// name gets `_2`, `_3`, … on its later occurrences, skipping suffixes that
    /// another header already uses. `["id", "", "id"]` → `["id", "column_2", "id_2"]`.
    static func normalize(_ raw: [String]) -> [String] {
        let written = Set(raw)
        var used = Set<String>()
        var names: [String] = []
        names.reserveCapacity(raw.count)
        for (i, name) in raw.enumerated() {
            let base = name.isEmpty ? "column_\(i + 1)" : name
            var candidate = base
            var k = 2
            while used.contains(candidate) || (candidate != name && written.contains(candidate)) {
                candidate = "\(base)_\(k)"
                k += 1
            }
            used.insert(candidate)
            names.append(candidate)
        }
        return names
    }
}
