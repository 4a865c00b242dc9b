/// `design NAME weight W [strata S] [cluster C, …] [fpc F, …]` and
/// `design NAME weight W replicates FIRST .. LAST method M [RHO]`: checks the
/// columns and builds the ``DesignFrame`` the dataset then carries.
enum DesignStatement {
    /// The columns the design reads: those it names and every column of its replicates range.
    static func columns(of clauses: DesignClauses, in dataset: Dataset, fileName: String) throws(Diagnostic) -> Set<String> {
        var names = Set(clauses.columns.map(\.text))
        if let replicates = clauses.replicates {
            names.formUnion(try Columns(dataset: dataset, fileName: fileName).range(replicates))
        }
        return names
    }

    /// The design of `dataset`'s rows. `unitsPerRow`, for a design without clusters, is how many units (rows of
    /// the real sample) each row stands for: an attached table's strata, summed by the server
    /// (``RemoteDesign``), give the design's n_h and f_h without sending its rows.
    static func frame(for dataset: Dataset, _ clauses: DesignClauses, fileName: String,
                      unitsPerRow: [Int]? = nil) throws(Diagnostic) -> DesignFrame {
        let columns = Columns(dataset: dataset, fileName: fileName)
        let weights = try columns.numbers(clauses.weight, "weight")
        if let replicates = clauses.replicates {
            return try replicateFrame(columns, weight: clauses.weight, weights: weights, replicates)
        }
        let rows = dataset.table.rowCount
        let strata = clauses.strata, clusters = clauses.clusters, fpcs = clauses.fpcs
        let stageCount = max(1, clusters.count)
        if !fpcs.isEmpty, fpcs.count != stageCount {
            let stages = clusters.count > 1 ? "\(clusters.count) cluster stages" : "one sampling stage"
            throw columns.fail(.designFPCStages, "\(fpcs.count) fpc column\(fpcs.count == 1 ? "" : "s") for \(stages)",
                               fpcs[0].range.union(fpcs.last!.range),
                               hints: ["give one fpc per stage, in the order of the clusters, or none: "
                                       + "fpc \((1...stageCount).map { "F\($0)" }.joined(separator: ", "))",
                                       "R: svydesign(id = ~c1 + c2, fpc = ~f1 + f2)"])
        }

        // Strata, in order of first appearance: the groups of the first stage.
        var groupOfRow = [Int32](repeating: 0, count: rows)
        var strataNames = [""]
        if let strata {
            var index: [Value: Int32] = [:]
            strataNames = []
            for (r, v) in try columns.keys(strata, "strata").enumerated() {
                if let h = index[v] { groupOfRow[r] = h; continue }
                let h = Int32(strataNames.count)
                index[v] = h
                strataNames.append(ValueText.human(v))
                groupOfRow[r] = h
            }
        }
        var groupNames = GroupNames.strata(strataNames), groupCount = strataNames.count
        // Each stage's units are its cluster's values numbered within the groups (R's nest = TRUE): within
        // strata at the first stage, within the units of the stage before after it. Without clusters every
        // row is its own PSU.
        var stages: [DesignStage] = []
        for s in 0..<stageCount {
            let cluster = s < clusters.count ? clusters[s] : nil
            var unitOfRow: [Int32]? = nil
            var groupOfUnit = groupOfRow
            var unitValues: [Value] = []
            if let cluster {
                var index: [[Value]: Int32] = [:]
                var units = [Int32](repeating: 0, count: rows)
                groupOfUnit = []
                for (r, v) in try columns.keys(cluster, "cluster").enumerated() {
                    let key = [.integer(Int64(groupOfRow[r])), v]
                    if let j = index[key] { units[r] = j; continue }
                    let j = Int32(groupOfUnit.count)
                    index[key] = j
                    groupOfUnit.append(groupOfRow[r])
                    unitValues.append(v)
                    units[r] = j
                }
                unitOfRow = units
            }
            var unitCount = [Int](repeating: 0, count: groupCount)
            for (u, g) in groupOfUnit.enumerated() { unitCount[Int(g)] += cluster == nil ? unitsPerRow?[u] ?? 1 : 1 }
            let correction = try s < fpcs.count
                ? columns.corrections(fpcs[s], groupOfRow: groupOfRow, unitCount: unitCount, groupNames: groupNames, stage: s + 1)
                : [Double](repeating: 1, count: groupCount)
            stages.append(DesignStage(unitOfRow: unitOfRow, groupOfUnit: s == 0 && strata == nil ? nil : groupOfUnit,
                                      unitCount: unitCount, correction: correction, groupNames: groupNames))
            if let unitOfRow, let cluster {
                groupOfRow = unitOfRow
                groupNames = .units(of: cluster.text, unitValues)
                groupCount = unitValues.count
            }
        }

        var summary = ["weight \(clauses.weight.text)"]
        if let strata { summary.append("strata \(strata.text)") }
        if !clusters.isEmpty { summary.append("cluster " + clusters.map(\.text).joined(separator: ", ")) }
        if !fpcs.isEmpty { summary.append("fpc " + fpcs.map(\.text).joined(separator: ", ")) }
        var roles: [(Name, String)] = [(clauses.weight, "weight")]
        if let strata { roles.append((strata, "strata")) }
        for (s, c) in clusters.enumerated() { roles.append((c, clusters.count > 1 ? "cluster \(s + 1)" : "cluster")) }
        for (s, f) in fpcs.enumerated() { roles.append((f, fpcs.count > 1 ? "fpc \(s + 1)" : "fpc")) }
        return DesignFrame(summary: summary.joined(separator: ", "), declared: true, weights: weights, stages: stages,
                           replicates: nil, roles: rolesByColumn(roles.map { ($0.0.text, $0.1) }), origin: nil)
    }

    /// A replicate-weight design: the weights of `replicates`' columns, and the factor its method gives.
    private static func replicateFrame(_ columns: Columns, weight: Name, weights: [Double],
                                       _ replicates: ReplicateClause) throws(Diagnostic) -> DesignFrame {
        let names = try columns.range(replicates)
        let whole = replicates.first.range.union(replicates.last.range)
        var storage: [ReplicateWeights.Storage] = []
        for name in names {
            guard let column = columns.dataset.table.column(named: name), column.type == .integer || column.type == .number else {
                let type = columns.dataset.table.column(named: name)?.type.rawValue ?? "nothing"
                throw columns.fail(.designReplicateType, "the replicate weight column '\(name)' holds \(type), not numbers", whole,
                                   hints: ["the columns from '\(replicates.first.text)' to '\(replicates.last.text)' are all replicate weights"])
            }
            func null(_ row: Int) -> Diagnostic {
                columns.fail(.designReplicateNull, "the replicate weight column '\(name)' is null in row \(row + 1)", whole)
            }
            switch column.storage {
            case .integers(let values, let isNull):
                if let row = isNull.firstIndex(of: true) { throw null(row) }
                storage.append(.integers(values))
            case .doubles(let values):
                if let row = values.firstIndex(where: \.isNaN) { throw null(row) }
                storage.append(.doubles(values))
            default:
                throw null(0)
            }
        }
        let method = try self.method(replicates, columns)
        var summary = "weight \(weight.text), replicates \(replicates.first.text) .. \(replicates.last.text) (\(names.count) columns)"
        summary += ", method \(method.name)"
        if case .fay(let rho) = method { summary += " " + SourcePrinter.number(rho, integral: false) }
        let roles = rolesByColumn([(weight.text, "weight")] + names.map { ($0, "replicate weight") })
        return DesignFrame(summary: summary, declared: true, weights: weights, stages: [.rowsAsUnits(weights.count)],
                           replicates: ReplicateWeights(columns: storage, method: method, rowCount: weights.count),
                           roles: roles, origin: nil)
    }

    /// The method of `method M [RHO]`.
    private static func method(_ replicates: ReplicateClause, _ columns: Columns) throws(Diagnostic) -> ReplicateMethod {
        let word = replicates.method.text.lowercased(), at = replicates.method.range
        let method: ReplicateMethod
        switch word {
        case "jk1": method = .jk1
        case "brr": method = .brr
        case "sdr": method = .sdr
        case "acs": method = .acs
        case "bootstrap": method = .bootstrap
        case "fay":
            guard let rho = replicates.rho else {
                throw columns.fail(.designRhoMissing, "method fay needs its ρ", at,
                                   hints: ["write the perturbation after it, e.g. method fay 0.5 (R: svrepdesign(type = \"Fay\", rho = 0.5))"])
            }
            guard rho > 0, rho < 1 else {
                throw columns.fail(.designRhoRange, "ρ of method fay must be between 0 and 1, not \(SourcePrinter.number(rho, integral: false))",
                                   replicates.rhoRange ?? at, hints: ["Fay's BRR multiplies the weights by ρ or 2 − ρ; 0.5 is common"])
            }
            method = .fay(rho: rho)
        case "jkn":
            throw columns.fail(.designJKnUnsupported, "method jkn is not supported: each replicate needs the scale (n_h − 1)/n_h of the stratum it deletes a PSU from, which the replicate weights do not state", at,
                               hints: ["R refuses combined JKn weights without them too: svrepdesign(type = \"JKn\", rscales = …)",
                                       "with a single stratum, JKn is jk1: method jk1"])
        default:
            let suggestion = Suggestions.closest(to: word, in: ReplicateMethod.words)
            throw Diagnostic(.error, id: .designReplicateMethod, "unknown replicate method '\(replicates.method.text)'", file: columns.fileName,
                             range: at, label: suggestion.map { "did you mean '\($0)'?" },
                             hints: ["methods: " + ReplicateMethod.words.joined(separator: ", ")])
        }
        if let range = replicates.rhoRange, word != "fay" {
            throw columns.fail(.designRhoUnused, "method \(word) takes no ρ", range, hints: ["only method fay has a ρ: method fay 0.5"])
        }
        return method
    }

    /// Each column's roles, joined when one column has several (`fpc, cluster`).
    private static func rolesByColumn(_ roles: [(String, String)]) -> [String: String] {
        var out: [String: String] = [:]
        for (name, role) in roles.reversed() { out[name] = out[name].map { "\(role), \($0)" } ?? role }
        return out
    }

    /// The columns of the dataset a design statement names, read with the diagnostics of the statement.
    private struct Columns {
        let dataset: Dataset
        let fileName: String

        func fail(_ id: DiagnosticID, _ message: String, _ range: SourceRange, hints: [String] = []) -> Diagnostic {
            Diagnostic(.error, id: id, message, file: fileName, range: range, hints: hints)
        }

        func unknown(_ name: Name) -> Diagnostic {
            let all = dataset.columnNames
            let suggestion = Suggestions.closest(to: name.text, in: all)
            return Diagnostic(.error, id: .designUnknownColumn, "unknown column '\(name.text)' in dataset '\(dataset.name)'",
                              file: fileName, range: name.range, label: suggestion.map { "did you mean '\($0)'?" },
                              hints: suggestion == nil ? ["columns: " + all.prefix(12).joined(separator: ", ")] : [])
        }

        func column(_ name: Name) throws(Diagnostic) -> Column {
            guard let c = dataset.table.column(named: name.text) else { throw unknown(name) }
            return c
        }

        /// The columns from `first` to `last`, in the dataset's order.
        func range(_ replicates: ReplicateClause) throws(Diagnostic) -> [String] {
            let all = dataset.columnNames
            guard let a = all.firstIndex(of: replicates.first.text) else { throw unknown(replicates.first) }
            guard let b = all.firstIndex(of: replicates.last.text) else { throw unknown(replicates.last) }
            let whole = replicates.first.range.union(replicates.last.range)
            guard a <= b else {
                throw fail(.designReplicateRange, "the replicates range runs backwards: '\(replicates.last.text)' comes before '\(replicates.first.text)' in dataset '\(dataset.name)'",
                           whole, hints: ["write: replicates \(SourcePrinter.name(replicates.last.text)) .. \(SourcePrinter.name(replicates.first.text))"])
            }
            guard a < b else {
                throw fail(.designReplicateRange, "the replicates range '\(replicates.first.text) .. \(replicates.last.text)' is one column; a replicate design needs two or more",
                           whole)
            }
            return Array(all[a...b])
        }

        func numbers(_ name: Name, _ what: String) throws(Diagnostic) -> [Double] {
            let c = try column(name)
            guard c.type == .integer || c.type == .number else {
                throw fail(.designColumnType, "the \(what) column '\(name.text)' holds \(c.type.rawValue), not numbers", name.range)
            }
            var out = [Double](repeating: 0, count: c.count)
            for r in 0..<c.count {
                guard let d = c[r].numeric else {
                    throw fail(.designNull, "the \(what) column '\(name.text)' is null in row \(r + 1)", name.range)
                }
                out[r] = d
            }
            return out
        }

        func keys(_ name: Name, _ what: String) throws(Diagnostic) -> [Value] {
            let c = try column(name)
            var out = [Value](repeating: .null, count: c.count)
            for r in 0..<c.count {
                var v = c[r]
                if v.isNull { throw fail(.designNull, "the \(what) column '\(name.text)' is null in row \(r + 1)", name.range) }
                if case .integer(let i) = v { v = .number(Double(i)) }
                out[r] = v
            }
            return out
        }

        /// 1 − f of each group of a stage from its fpc column: sampling fractions when every value is at
        /// most 1, population counts otherwise; constant within a group, and no smaller than its units.
        func corrections(_ fpc: Name, groupOfRow: [Int32], unitCount: [Int], groupNames: GroupNames,
                         stage: Int) throws(Diagnostic) -> [Double] {
            let values = try numbers(fpc, "fpc")
            let fractions = values.allSatisfy { $0 <= 1 }
            if !fractions, values.contains(where: { $0 < 1 }) {
                throw fail(.designFPCMixed, "the fpc column '\(fpc.text)' mixes sampling fractions (at most 1) and population counts (above 1)", fpc.range,
                           hints: ["give every stratum its population count N_h, or every stratum its sampling fraction n_h/N_h"])
            }
            // At the first stage the groups are strata; later, the units of the stage before.
            func group(_ g: Int) -> String {
                stage > 1 ? groupNames[g] : "stratum " + (groupNames[g].isEmpty ? "(all)" : groupNames[g])
            }
            let units = stage > 1 ? "units" : "PSUs"
            var perGroup = [Double?](repeating: nil, count: unitCount.count)
            for (r, v) in values.enumerated() {
                let g = Int(groupOfRow[r])
                if let seen = perGroup[g], seen != v {
                    throw fail(.designFPCInvalid, "the fpc column '\(fpc.text)' varies within \(group(g))", fpc.range)
                }
                perGroup[g] = v
            }
            var correction = [Double](repeating: 1, count: unitCount.count)
            for g in 0..<unitCount.count {
                guard let v = perGroup[g] else { continue }
                let n = Double(unitCount[g])
                if fractions {
                    guard v > 0 else {
                        throw fail(.designFPCInvalid, "the fpc column '\(fpc.text)' has a sampling fraction of \(ValueText.human(.number(v)))", fpc.range)
                    }
                    let population = n / v
                    correction[g] = (population - n) / population
                } else {
                    guard v >= n else {
                        throw fail(.designFPCInvalid, "the fpc of \(group(g)) is \(ValueText.human(.number(v))), fewer than its \(Int(n)) \(units)", fpc.range)
                    }
                    correction[g] = (v - n) / v
                }
            }
            return correction
        }
    }
}
