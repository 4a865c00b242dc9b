/// Computes one aggregate for every group, as a column with one row per group.
enum Aggregation {
    static func compute(_ aggregate: ResolvedAggregate, type: ValueType, table: Table, grouping: Grouping,
                        evaluator: Evaluator, context: EvaluationContext) throws(Diagnostic) -> Column {
        let groups = grouping.count
        let groupOf = grouping.groupOfRow
        let rows = table.rowCount
        let argument = aggregate.argument.map(evaluator.compile)
        var builder = ColumnBuilder(type: type, capacity: groups)

        switch aggregate.function {
        case .count:
            var counts = [Int64](repeating: 0, count: groups)
            if let argument {
                for r in 0..<rows where !(try argument(r)).isNull { counts[Int(groupOf[r])] += 1 }
            } else {
                for r in 0..<rows { counts[Int(groupOf[r])] += 1 }
            }
            return Column(name: "", type: .integer, storage: .integers(counts, isNull: []))

        case .count_distinct:
            var seen = [Set<Value>](repeating: [], count: groups)
            for r in 0..<rows {
                let v = try argument!(r)
                if !v.isNull { seen[Int(groupOf[r])].insert(normalized(v)) }
            }
            return Column(name: "", type: .integer, storage: .integers(seen.map { Int64($0.count) }, isNull: []))

        case .share:
            var accumulators = [ShareAccumulator](repeating: ShareAccumulator(), count: groups)
            let weights = aggregate.weight.map { table.columns[$0] }
            for r in 0..<rows {
                if r & 0xFFFF == 0 { try context.checkInterrupt() }
                let hit: Bool?
                if case .boolean(let b) = try argument!(r) { hit = b } else { hit = nil }
                let w = weights.map { $0[r].numeric } ?? 1
                accumulators[Int(groupOf[r])].add(hit: hit, weight: w)
            }
            for a in accumulators {
                guard a.count > 0, let p = a.share else { builder.append(.null); continue }
                builder.append(.estimate(context.settings.estimate(p, n: a.count, effectiveN: a.effectiveN)))
            }

        case .sum, .avg:
            var sums = [Double](repeating: 0, count: groups)
            var intSums = [Int64](repeating: 0, count: groups)
            var counts = [Int](repeating: 0, count: groups)
            let integerSum = type == .integer
            for r in 0..<rows {
                let v = try argument!(r)
                let g = Int(groupOf[r])
                if integerSum, case .integer(let i) = v {
                    let (s, overflow) = intSums[g].addingReportingOverflow(i)
                    if overflow {
                        throw context.error("run.integer-overflow", "integer overflow in sum()", at: aggregate.range,
                                            hints: ["sum(x * 1.0) adds up as decimals"])
                    }
                    intSums[g] = s
                    counts[g] += 1
                } else if let d = v.numeric {
                    sums[g] += d
                    counts[g] += 1
                }
            }
            for g in 0..<groups {
                if counts[g] == 0 { builder.append(.null); continue }
                if integerSum { builder.append(.integer(intSums[g])); continue }
                let x = aggregate.function == .avg ? sums[g] / Double(counts[g]) : sums[g]
                builder.append(Operators.wrap(x, as: type))
            }

        case .median:
            var values = [[Double]](repeating: [], count: groups)
            for r in 0..<rows {
                if let d = try argument!(r).numeric { values[Int(groupOf[r])].append(d) }
            }
            for var v in values {
                guard !v.isEmpty else { builder.append(.null); continue }
                v.sort()
                let m = v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
                builder.append(Operators.wrap(m, as: type))
            }

        case .min, .max:
            var best = [Value](repeating: .null, count: groups)
            let wantLess = aggregate.function == .min
            for r in 0..<rows {
                var v = try argument!(r)
                if v.isNull { continue }
                if case .estimate(let e) = v { v = .percent(e.proportion) }
                let g = Int(groupOf[r])
                if best[g].isNull { best[g] = v; continue }
                if let o = Operators.order(v, best[g]), wantLess ? o < 0 : o > 0 { best[g] = v }
            }
            for v in best { builder.append(v) }
        }
        return builder.finish(name: "")
    }

    /// Integers and whole numbers count as the same distinct value.
    private static func normalized(_ v: Value) -> Value {
        if case .integer(let i) = v { return .number(Double(i)) }
        if case .estimate(let e) = v { return .percent(e.proportion) }
        return v
    }
}
