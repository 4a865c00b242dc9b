/// A survey design declared on an attached table — `design pg.apiclus1 weight pw cluster dnum fpc fpc`,
/// `design pg.apistrat weight pw strata stype fpc fpc`, or with `replicates … method …` — and the
/// structure of the whole design, read from the server once, when it is declared.
///
/// The structure is what a domain's variance needs beyond the domain's own sums: every PSU of the
/// design (those outside a domain stay in the variance with zero totals) and each stratum's n_h and
/// f_h. With clusters it is a ``DesignFrame`` whose rows are the design's last-stage units (one
/// row each, weight 1), built by ``DesignStatement`` as for a loaded dataset: the totals of the
/// linearised values of a unit's rows are then that row's linearised value, and
/// ``DesignVariance`` takes them as it takes rows (``DesignSummary``). Without clusters every row is
/// a unit, so the structure is the first stage's strata (n_h rows each) and the server sends each
/// stratum's Σz and Σz² instead (``DesignVariance/rowUnits(_:cells:lonely:)``). With replicate
/// weights it is the replicate columns: the server sends each estimate's sums under every replicate.
struct RemoteDesign: Sendable {
    let clauses: DesignClauses
    /// What `datasets` shows, e.g. `weight pw, cluster dnum, fpc fpc`.
    let summary: String
    /// Each design column's role, for `describe`.
    let roles: [String: String]
    let structure: Structure

    enum Structure: Sendable {
        /// With clusters: the design of the last-stage units, and each unit's row of it by the server's
        /// text of its keys (strata, then each stage's cluster).
        case units(DesignFrame, [[String?]: Int])
        /// Without clusters: the first stage (n_h and 1 − f_h of each stratum), and each stratum's group
        /// by the server's text of its value (nil without strata).
        case rows(DesignStage, [String?: Int])
        /// Replicate weights: the replicate columns, in order, and how they were made. The server sums
        /// each estimate under every replicate's weights, and the replicate weights' cross products for R's `degf`.
        case replicates([String], ReplicateMethod)
    }

    var weight: String { clauses.weight.text }
    var strata: String? { clauses.strata?.text }
    var clusters: [String] { clauses.clusters.map(\.text) }

    /// The columns that say which unit a row belongs to: strata, then every stage's cluster.
    var keys: [String] { [strata].compactMap { $0 } + clusters }

    /// Every column of the design, in the table's order (a replicates range's too).
    func columns(in table: RemoteTable) -> [String] {
        var names = Set(clauses.columns.map(\.text))
        if let r = clauses.replicates, let a = table.columns.firstIndex(where: { $0.name == r.first.text }),
           let b = table.columns.firstIndex(where: { $0.name == r.last.text }), a <= b {
            names.formUnion(table.columns[a...b].map(\.name))
        }
        return table.columns.map(\.name).filter { names.contains($0) }
    }

    /// Reads the design's structure from the server and checks it as `design` checks a loaded
    /// dataset's columns (numbers, no nulls, one fpc per stratum, …). One aggregate query: one row per
    /// last-stage unit with clusters, one per stratum without.
    static func read(_ clauses: DesignClauses, of table: RemoteTable, context: EvaluationContext) throws(Diagnostic) -> RemoteDesign {
        let fileName = context.fileName
        for name in clauses.columns where !table.columns.contains(where: { $0.name == name.text }) {
            throw Diagnostic(.error, id: .designUnknownColumn, "'\(table.displayName)' has no column '\(name.text)'",
                             file: context.fileName, range: name.range,
                             label: Suggestions.closest(to: name.text, in: table.columns.map(\.name)).map { "did you mean '\($0)'?" })
        }
        for (name, what) in [(clauses.weight, "weight")] + clauses.fpcs.map({ ($0, "fpc") }) {
            let type = table.columns.first { $0.name == name.text }!.type
            guard type.isPlainNumeric else {
                throw Diagnostic(.error, id: .designColumnType, "the \(what) column '\(name.text)' holds \(type.rawValue), not numbers",
                                 file: context.fileName, range: name.range)
            }
        }
        if clauses.replicates != nil {
            // The columns and the method are checked on the fetched rows, by the same code as in memory;
            // here only that the range exists and the weight holds numbers.
            let empty = Dataset(name: table.displayName, table: Table(unchecked: table.columns.map { Column(name: $0.name, type: $0.type, values: []) },
                                                                     rowCount: 0), origin: "postgres")
            _ = try DesignStatement.columns(of: clauses, in: empty, fileName: fileName)
            let frame = try DesignStatement.frame(for: empty, clauses, fileName: fileName)
            // The range is the columns from first to last in the table's order (checked just now).
            let names = table.columns.map(\.name)
            let replicates = Array(names[names.firstIndex(of: clauses.replicates!.first.text)!...names.firstIndex(of: clauses.replicates!.last.text)!])
            return RemoteDesign(clauses: clauses, summary: frame.summary, roles: frame.roles,
                                structure: .replicates(replicates, frame.replicates!.method))
        }
        let keys = ([clauses.strata].compactMap { $0 } + clauses.clusters)
        let fpcs = clauses.fpcs
        var narrowed = table
        let named = Set(clauses.columns.map(\.text))
        narrowed.columns = table.columns.filter { named.contains($0.name) }
        let grouped = (keys + fpcs).map { SQLText.identifier($0.text) }
        let weight = SQLText.identifier(clauses.weight.text)
        var sql = "SELECT " + (grouped + ["count(*)", "count(*) - count(\(weight))"]).joined(separator: ", ")
            + " FROM (\(SQLCompiler.baseSelect(narrowed))) AS t"
        if !grouped.isEmpty { sql += " GROUP BY " + grouped.joined(separator: ", ") }
        let result = try RemoteQuery.run(sql, [], on: table.attachment, context: context, at: clauses.dataset.range)

        // The design's rows as a loaded dataset's: the keys and fpcs of each unit (or stratum), weight 1.
        let names = keys + fpcs
        for (i, name) in names.enumerated() where result.rows.contains(where: { $0[i] == nil }) {
            throw Diagnostic(.error, id: .designNull, "the \(i < keys.count ? (clauses.strata != nil && i == 0 ? "strata" : "cluster") : "fpc") column '\(name.text)' of '\(table.displayName)' is null in some rows",
                             file: context.fileName, range: name.range)
        }
        if result.rows.contains(where: { Int($0[names.count + 1] ?? "") != 0 }) {
            throw Diagnostic(.error, id: .designNull, "the weight column '\(clauses.weight.text)' of '\(table.displayName)' is null in some rows",
                             file: context.fileName, range: clauses.weight.range)
        }
        var columns: [Column] = names.enumerated().map { i, name in
            let type = table.columns.first { $0.name == name.text }!.type
            return Column(name: name.text, type: type, values: result.rows.map { PostgresTypes.value($0[i], as: type) })
        }
        if !names.contains(where: { $0.text == clauses.weight.text }) {
            let type = table.columns.first { $0.name == clauses.weight.text }!.type
            columns.append(Column(name: clauses.weight.text, type: type,
                                  values: result.rows.map { _ in type == .integer ? .integer(1) : .number(1) }))
        }
        let dataset = Dataset(name: table.displayName, table: Table(unchecked: columns, rowCount: result.rows.count), origin: "postgres")
        let counts = result.rows.map { Int($0[names.count] ?? "") ?? 0 }
        let frame = try DesignStatement.frame(for: dataset, clauses, fileName: fileName, unitsPerRow: counts)
        let units = DesignFrame(summary: frame.summary, declared: true, weights: [Double](repeating: 1, count: result.rows.count),
                                stages: frame.stages, replicates: nil, roles: frame.roles, origin: nil)
        let structure: Structure
        if clauses.clusters.isEmpty {
            var groups: [String?: Int] = [:]
            for row in result.rows where clauses.strata != nil {
                if groups[row[0]] == nil { groups[row[0]] = groups.count }
            }
            if clauses.strata == nil { groups[nil] = 0 }
            structure = .rows(frame.stages[0], groups)
        } else {
            var index: [[String?]: Int] = [:]
            for (r, row) in result.rows.enumerated() { index[Array(row[0..<keys.count])] = r }
            structure = .units(units, index)
        }
        return RemoteDesign(clauses: clauses, summary: frame.summary, roles: frame.roles, structure: structure)
    }

    /// The design of fetched rows (`table`: the attached table's rows, with every design column), for
    /// what runs here: the frame `design` would give them as a loaded dataset.
    func frame(of table: Table, name: String, context: EvaluationContext) throws(Diagnostic) -> DesignFrame {
        try DesignStatement.frame(for: Dataset(name: name, table: table, origin: "postgres"), clauses, fileName: context.fileName)
    }
}
