#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A design `summarize` on an attached table (``SQLCompiler/compileDesign(_:_:)``): what the server
/// returns and how its rows become the estimates the same `summarize` makes in memory.
///
/// Each row is one group × one unit of the design — a last-stage unit with clusters (the keys
/// strata, PSU, …), a stratum when the units are rows — with, per estimate θ = Σwa/Σwb
/// (a: the value, b: 1 or a ratio's denominator; θ = Σwa for a total), over the rows in the
/// domain: n, Σw, Σwa, Σwb, Σwa², Σwab, Σwb², Σw²a², Σw²ab, Σw²b² (``sums(v:b:)``).
///
/// - With clusters, a unit's total of the linearised values zᵢ = wᵢ(aᵢ − θbᵢ)/Σwb is
///   (Σwa − θΣwb)/Σwb: the units are the rows of the design's ``RemoteDesign/Structure/units``
///   frame (weight 1), and ``DesignVariance/estimate(_:_:lonely:)`` takes the units' Σwa and Σwb as
///   it takes rows — every stage, the fpc, lonely PSUs and the units outside the domain as in memory.
/// - With rows as units, a stratum's Σz and Σz² follow from its sums:
///   Σz = (Σwa − θΣwb)/Σwb, Σz² = (Σw²a² − 2θΣw²ab + θ²Σw²b²)/(Σwb)², and
///   ``DesignVariance/rowUnits(_:cells:lonely:)`` applies the same stage formula.
///
/// - With replicate weights a group is one row, with each estimate's Σw_r·a and Σw_r·b under
///   every replicate r and the replicate weights' cross products (``replicateSums(v:b:count:)``):
///   θ_r, V = c·Σ(θ_r − θ)² and R's `degf` (the rank of the domain's replicate weights, from X'X)
///   as ``ReplicateWeights`` computes them from rows.
///
/// The design effects come from n, Σw, Σwa and Σwa² (for a ratio, from Σwa², Σwab and Σwb² of
/// (a − θb)/x̄) as ``DesignEffect`` computes them from rows.
struct DesignSummary: Sendable {
    let design: RemoteDesign
    /// The `by` columns.
    let keys: [SchemaColumn]
    /// How many design keys follow them in each row.
    let designKeys: Int
    let outputs: [Output]
    /// The output columns' names.
    let names: [String]

    enum Output: Sendable {
        /// A design estimate: its ten sums; the aggregate's range, where a lonely PSU is reported.
        case estimate(EstimateKind, SourceRange)
        /// `count()` or `count(x)`: one count per unit, added up.
        case count
    }

    static func kind(_ function: String) -> EstimateKind? {
        switch function {
        case "mean": return .mean
        case "total": return .total
        case "ratio": return .ratio
        case "share": return .share
        default: return nil
        }
    }

    /// The ten sums of an estimate whose value is column `v` and denominator `b` (both null outside its
    /// domain), weight `"w"`.
    static func sums(v: String, b: String) -> [String] {
        ["count(\(v))", "sum(CASE WHEN \(v) IS NOT NULL THEN \"w\" END)", "sum(\"w\" * \(v))", "sum(\"w\" * \(b))",
         "sum(\"w\" * \(v) * \(v))", "sum(\"w\" * \(v) * \(b))", "sum(\"w\" * \(b) * \(b))",
         "sum(\"w\" * \"w\" * \(v) * \(v))", "sum(\"w\" * \"w\" * \(v) * \(b))", "sum(\"w\" * \"w\" * \(b) * \(b))"]
    }

    /// With replicate weights w_r, three arrays more: Σw_r·a and Σw_r·b for each replicate, and the cross
    /// products Σw_r·w_s (r ≤ s, row by row of the upper triangle) over the rows in the domain, whose rank
    /// gives R's `degf`.
    static func replicateSums(v: String, b: String, count: Int) -> [String] {
        let r = (0..<count).map { SQLText.identifier("r\($0)") }
        var gram: [String] = []
        for i in 0..<count {
            for j in i..<count { gram.append("sum(CASE WHEN \(v) IS NOT NULL THEN \(r[i]) * \(r[j]) END)") }
        }
        return ["ARRAY[" + r.map { "sum(\($0) * \(v))" }.joined(separator: ", ") + "]",
                "ARRAY[" + r.map { "sum(\($0) * \(b))" }.joined(separator: ", ") + "]",
                "ARRAY[" + gram.joined(separator: ", ") + "]"]
    }

    /// The numbers of an array's text (`{1.5,2,NULL}`); a null sum (of no row) is 0.
    static func numbers(_ text: String?) -> [Double] {
        guard let text, text.count >= 2 else { return [] }
        return text.dropFirst().dropLast().split(separator: ",").map { Double($0) ?? 0 }
    }

    /// The columns of one estimate in a row.
    private var estimateWidth: Int {
        if case .replicates = design.structure { return 13 }
        return 10
    }

    /// The summarize's output: the groups in the server's (key) order, each output's estimate or count.
    func table(_ result: PostgresResult, context: EvaluationContext) throws(Diagnostic) -> Table {
        let k = keys.count
        // The rows of a group are together (ORDER BY the group keys first). Without `by`, one group even of no row.
        var groups: [ArraySlice<[String?]>] = []
        var start = 0
        for i in result.rows.indices where i + 1 == result.rows.count || result.rows[i + 1][0..<k] != result.rows[i][0..<k] {
            groups.append(result.rows[start...i])
            start = i + 1
        }
        if k == 0 { groups = [result.rows[...]] }
        var columns = keys.enumerated().map { i, c in
            Column(name: c.name, type: c.type, values: groups.map { PostgresTypes.value($0.first?[i] ?? nil, as: c.type) })
        }
        var offset = k + designKeys
        for (o, output) in outputs.enumerated() {
            var values: [Value] = []
            for group in groups {
                try context.checkInterrupt()
                switch output {
                case .count:
                    values.append(.integer(Int64(group.reduce(0) { $0 + (Int($1[offset] ?? "") ?? 0) })))
                case .estimate(let kind, let range):
                    values.append(try estimate(kind, group, at: offset, range: range, context: context).map(Value.estimate) ?? .null)
                }
            }
            let type: ValueType
            if case .count = output { type = .integer } else { type = .estimate }
            columns.append(Column(name: names[o], type: type, values: values))
            if case .count = output { offset += 1 } else { offset += estimateWidth }
        }
        return Table(unchecked: columns, rowCount: groups.count)
    }

    /// One group's estimate from its units' sums, as ``Aggregation`` makes it from the rows.
    private func estimate(_ kind: EstimateKind, _ rows: ArraySlice<[String?]>, at offset: Int, range: SourceRange,
                          context: EvaluationContext) throws(Diagnostic) -> Estimate? {
        let cells = rows.map { ($0, EstimateSums(row: $0[offset..<(offset + 10)])) }.filter { $0.1.n > 0 }
        var all = EstimateSums()
        for (_, s) in cells { all += s }
        guard all.n > 0 else { return nil }
        let theta = kind == .total ? all.a : all.a / all.b
        let keyStart = keys.count
        let variance: Double, df: Int, method: String
        var domain: DesignDomain?
        var logitStandardError: Double?
        switch design.structure {
        case .units(let frame, let index):
            var units: [Int] = []
            for (row, _) in cells {
                guard let unit = index[Array(row[keyStart..<(keyStart + designKeys)])] else { throw changed(range, context) }
                units.append(unit)
            }
            let estimand = DesignEstimand(rows: units, numerator: cells.map { $0.1.a }, denominator: kind == .total ? nil : cells.map { $0.1.b })
            let result = try Aggregation.designVariance(frame, [estimand], context, at: range)
            (variance, df, method) = (result.variance, result.degreesOfFreedom, frame.varianceMethod)
            // A later `compare` of two such estimates takes their covariance from the same units.
            domain = DesignDomain(frame: frame, estimand: estimand)
        case .rows(let stage, let strata):
            var sums: [DesignVariance.StratumSums] = []
            for (row, s) in cells {
                guard let h = strata[designKeys == 0 ? nil : row[keyStart]] else { throw changed(range, context) }
                sums.append(s.linearised(kind, theta: theta, domain: all, stratum: h))
            }
            do throws(DesignVariance.LonelyStratum) {
                (variance, df) = try DesignVariance.rowUnits(stage, cells: sums, lonely: context.settings.lonelyPSU)
            } catch {
                throw Aggregation.lonelyDiagnostic(error, context, at: range)
            }
            method = "linearization"
        case .replicates(let columns, let replicateMethod):
            // No design keys: the group's one row. θ_r under each replicate's weights, V = c·Σ(θ_r − θ)².
            let row = cells[0].0, r = columns.count
            let tops = Self.numbers(row[offset + 10]), bottoms = Self.numbers(row[offset + 11]), cross = Self.numbers(row[offset + 12])
            guard tops.count == r, bottoms.count == r else { throw changed(range, context) }
            let thetas = (0..<r).map { kind == .total ? tops[$0] : tops[$0] / bottoms[$0] }
            let scale = replicateMethod.scale(replicates: r)
            variance = ReplicateWeights.variance(thetas, about: theta, scale: scale)
            guard let gram = ReplicateWeights.gram(upperTriangle: cross, count: r) else { throw changed(range, context) }
            df = ReplicateWeights.rank(gram: gram, count: r, rows: all.n) - 1
            method = replicateMethod.name
            func logit(_ p: Double) -> Double { log(p / (1 - p)) }
            logitStandardError = ReplicateWeights.variance(thetas.map { logit($0) }, about: logit(theta), scale: scale).squareRoot()
        }
        var e = all.estimate(kind, value: theta, variance: variance, degreesOfFreedom: df, logitStandardError: logitStandardError,
                             varianceMethod: method, settings: context.settings)
        e.design?.domain = domain
        return e
    }

    private func changed(_ range: SourceRange, _ context: EvaluationContext) -> Diagnostic {
        context.error(.attachQuery, "a unit of the design of '\(design.clauses.dataset.text)' is not among those read when it was declared: the table has changed",
                      at: range, hints: ["declare the design again: design \(design.clauses.dataset.text) …"])
    }
}

/// One estimate's sums over the rows of one unit or stratum in its domain (or, added up, over the
/// domain): n, Σw, Σwa, Σwb, Σwa², Σwab, Σwb², Σw²a², Σw²ab, Σw²b² of θ = Σwa/Σwb (``DesignSummary/sums(v:b:)``).
struct EstimateSums: Sendable {
    var n = 0
    var w = 0.0, a = 0.0, b = 0.0, aa = 0.0, ab = 0.0, bb = 0.0, a2 = 0.0, ab2 = 0.0, b2 = 0.0

    init() {}

    /// The sums from the server's ten texts (a null sum, of no row, is 0).
    init(row: ArraySlice<String?>) {
        let d = row.dropFirst().map { Double($0 ?? "") ?? 0 }
        n = Int(row.first.flatMap { $0 } ?? "") ?? 0
        guard d.count == 9 else { return }
        (w, a, b, aa, ab, bb, a2, ab2, b2) = (d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8])
    }

    static func += (x: inout EstimateSums, y: EstimateSums) {
        x.n += y.n
        x.w += y.w; x.a += y.a; x.b += y.b; x.aa += y.aa; x.ab += y.ab; x.bb += y.bb
        x.a2 += y.a2; x.ab2 += y.ab2; x.b2 += y.b2
    }

    /// Σz and Σz² over these rows of the linearised values zᵢ = wᵢ(aᵢ − θbᵢ)/Σwb (wᵢaᵢ for a total),
    /// Σwb being the whole `domain`'s: Σz = (Σwa − θΣwb)/Σwb, Σz² = (Σw²a² − 2θΣw²ab + θ²Σw²b²)/(Σwb)².
    func linearised(_ kind: EstimateKind, theta: Double, domain: EstimateSums, stratum: Int) -> DesignVariance.StratumSums {
        if kind == .total { return .init(stratum: stratum, rows: n, sum: a, squares: a2) }
        return .init(stratum: stratum, rows: n, sum: (a - theta * b) / domain.b,
                     squares: max(0, a2 - 2 * theta * ab2 + theta * theta * b2) / (domain.b * domain.b))
    }

    /// The estimate of the domain these are the sums of, given its variance: its design effects (of a
    /// ratio's (a − θb)/x̄, x̄ = Σwb/Σw, whose weighted mean is 0), interval and figures.
    func estimate(_ kind: EstimateKind, value theta: Double, variance: Double, degreesOfFreedom: Int, logitStandardError: Double?,
                  varianceMethod: String, settings: SessionSettings) -> Estimate {
        let effects: (deff: Double, deffReplace: Double)
        if kind == .ratio {
            let xBar = b / w
            effects = DesignEffect.of(n: n, sumW: w, sumWY: (a - theta * b) / xBar,
                                      sumWY2: (aa - 2 * theta * ab + theta * theta * bb) / (xBar * xBar), variance: variance)
        } else {
            effects = DesignEffect.of(n: n, sumW: w, sumWY: a, sumWY2: aa, variance: variance, total: kind == .total)
        }
        return Aggregation.designEstimate(kind, value: theta, variance: variance, degreesOfFreedom: degreesOfFreedom, n: n,
                                          designEffects: effects, logitStandardError: logitStandardError,
                                          varianceMethod: varianceMethod, settings: settings)
    }
}
