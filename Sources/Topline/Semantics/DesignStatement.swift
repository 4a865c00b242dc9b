/// `design NAME weight W [strata S] [cluster C] [fpc F]`: checks the columns
/// and builds the ``DesignFrame`` the dataset then carries.
enum DesignStatement {
    /// The clause words after the dataset's name, in order; none is reserved.
    static let clauseWords = ["weight", "strata", "cluster", "fpc"]

    static func frame(for dataset: Dataset, weight: Name, strata: Name?, cluster: Name?, fpc: Name?,
                      fileName: String) throws(Diagnostic) -> DesignFrame {
        let table = dataset.table
        func fail(_ id: DiagnosticID, _ message: String, _ name: Name, hints: [String] = []) -> Diagnostic {
            Diagnostic(.error, id: id, message, file: fileName, range: name.range, hints: hints)
        }
        func column(_ name: Name) throws(Diagnostic) -> Column {
            guard let c = table.column(named: name.text) else {
                let suggestion = Suggestions.closest(to: name.text, in: table.columnNames)
                throw Diagnostic(.error, id: .designUnknownColumn, "unknown column '\(name.text)' in dataset '\(dataset.name)'",
                                 file: fileName, range: name.range, label: suggestion.map { "did you mean '\($0)'?" },
                                 hints: suggestion == nil ? ["columns: " + table.columnNames.prefix(12).joined(separator: ", ")] : [])
            }
            return c
        }
        func numbers(_ name: Name, _ what: String) throws(Diagnostic) -> [Double] {
            let c = try column(name)
            guard c.type == .integer || c.type == .number else {
                throw fail(.designColumnType, "the \(what) column '\(name.text)' holds \(c.type.rawValue), not numbers", name)
            }
            var out = [Double](repeating: 0, count: c.count)
            for r in 0..<c.count {
                guard let d = c[r].numeric else {
                    throw fail(.designNull, "the \(what) column '\(name.text)' is null in row \(r + 1)", name)
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
                if v.isNull { throw fail(.designNull, "the \(what) column '\(name.text)' is null in row \(r + 1)", name) }
                if case .integer(let i) = v { v = .number(Double(i)) }
                out[r] = v
            }
            return out
        }
        let rows = table.rowCount
        let weights = try numbers(weight, "weight")

        // Strata, in order of first appearance.
        var stratumOfRow = [Int32](repeating: 0, count: rows)
        var strataNames = [""]
        if let strata {
            var index: [Value: Int32] = [:]
            strataNames = []
            for (r, v) in try keys(strata, "strata").enumerated() {
                if let h = index[v] { stratumOfRow[r] = h; continue }
                let h = Int32(strataNames.count)
                index[v] = h
                strataNames.append(ValueText.human(v))
                stratumOfRow[r] = h
            }
        }
        // PSUs: clusters numbered within strata (R's nest = TRUE); every row its own PSU without clusters.
        var psuOfRow: [Int32]? = nil
        var stratumOfPSU: [Int32] = stratumOfRow
        var psuCount = [Int](repeating: 0, count: strataNames.count)
        if let cluster {
            var index: [[Value]: Int32] = [:]
            var psus = [Int32](repeating: 0, count: rows)
            stratumOfPSU = []
            for (r, v) in try keys(cluster, "cluster").enumerated() {
                let key = [.integer(Int64(stratumOfRow[r])), v]
                if let j = index[key] { psus[r] = j; continue }
                let j = Int32(stratumOfPSU.count)
                index[key] = j
                stratumOfPSU.append(stratumOfRow[r])
                psus[r] = j
            }
            psuOfRow = psus
        }
        for h in stratumOfPSU { psuCount[Int(h)] += 1 }

        // The fpc: sampling fractions when every value is at most 1, population counts otherwise.
        var correction = [Double](repeating: 1, count: strataNames.count)
        if let fpc {
            let values = try numbers(fpc, "fpc")
            let fractions = values.allSatisfy { $0 <= 1 }
            if !fractions, values.contains(where: { $0 < 1 }) {
                throw fail(.designFPCMixed, "the fpc column '\(fpc.text)' mixes sampling fractions (at most 1) and population counts (above 1)", fpc,
                           hints: ["give every stratum its population count N_h, or every stratum its sampling fraction n_h/N_h"])
            }
            var perStratum = [Double?](repeating: nil, count: strataNames.count)
            for r in 0..<rows {
                let h = Int(stratumOfRow[r]), v = values[r]
                if let seen = perStratum[h], seen != v {
                    throw fail(.designFPCInvalid, "the fpc column '\(fpc.text)' varies within stratum \(strataNames[h])", fpc)
                }
                perStratum[h] = v
            }
            for h in 0..<strataNames.count {
                guard let v = perStratum[h] else { continue }
                let n = Double(psuCount[h])
                if fractions {
                    guard v > 0 else { throw fail(.designFPCInvalid, "the fpc column '\(fpc.text)' has a sampling fraction of \(ValueText.human(.number(v)))", fpc) }
                    let population = n / v
                    correction[h] = (population - n) / population
                } else {
                    guard v >= n else {
                        throw fail(.designFPCInvalid, "the fpc of stratum \(strataNames[h].isEmpty ? "(all)" : strataNames[h]) is \(ValueText.human(.number(v))), fewer than its \(Int(n)) PSUs", fpc)
                    }
                    correction[h] = (v - n) / v
                }
            }
        }
        var summary = ["weight \(weight.text)"]
        if let strata { summary.append("strata \(strata.text)") }
        if let cluster { summary.append("cluster \(cluster.text)") }
        if let fpc { summary.append("fpc \(fpc.text)") }
        var roles: [String: String] = [:]
        for (name, role) in [(fpc, "fpc"), (cluster, "cluster"), (strata, "strata"), (weight, "weight")] {
            if let name { roles[name.text] = roles[name.text].map { "\(role), \($0)" } ?? role }
        }
        return DesignFrame(summary: summary.joined(separator: ", "), declared: true, weights: weights, psuOfRow: psuOfRow,
                           stratumOfPSU: strata == nil ? nil : stratumOfPSU, psuCount: psuCount, correction: correction,
                           strataNames: strataNames, roles: roles, origin: nil)
    }
}
