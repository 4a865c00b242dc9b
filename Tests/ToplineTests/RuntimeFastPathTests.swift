import Testing
import Topline

/// The column-at-a-time paths (truth vectors for conditions, array loops for
/// share/sum/avg) must give exactly what row-by-row evaluation gives,
/// nulls and three-valued logic included. Expected values come from a plain
/// Swift reference over the same rows.
@Suite struct RuntimeFastPathTests {
    typealias Row = (region: String?, wave: Int64?, score: Double?, flag: Bool?, weight: Double?)

    static let rows: [Row] = [
        ("a", 2012, 1.5, true, 1), ("b", 2014, nil, false, 2), (nil, 2016, 3.0, nil, 0.5),
        ("a", nil, 4.5, true, nil), ("c", 2016, nil, true, 3), ("b", 2012, 0.5, false, 1),
        ("a", 2016, 2.0, nil, 0), (nil, 2014, 3.0, true, 2), ("Alpha", 2014, 2.5, false, 1.5),
    ]

    static func session() throws -> Session {
        func column(_ name: String, _ type: ValueType, _ value: (Row) -> Value) -> Column {
            Column(name: name, type: type, values: rows.map(value))
        }
        let table = try Table(columns: [
            column("region", .text) { $0.region.map(Value.text) ?? .null },
            column("wave", .integer) { $0.wave.map(Value.integer) ?? .null },
            column("score", .number) { $0.score.map(Value.number) ?? .null },
            column("flag", .boolean) { $0.flag.map(Value.boolean) ?? .null },
            column("weight", .number) { $0.weight.map(Value.number) ?? .null },
        ])
        let session = Session()
        session.register(table, as: "t")
        session.register(table, as: "w", weight: "weight")
        return session
    }

    static func and(_ a: Bool?, _ b: Bool?) -> Bool? { a == false || b == false ? false : (a == nil || b == nil ? nil : true) }
    static func or(_ a: Bool?, _ b: Bool?) -> Bool? { a == true || b == true ? true : (a == nil || b == nil ? nil : false) }
    static func not(_ a: Bool?) -> Bool? { a.map { !$0 } }
    static func cmp<T: Comparable>(_ a: T?, _ f: (T) -> Bool) -> Bool? { a.map(f) }

    /// Conditions and their three-valued meaning per row.
    static let conditions: [(String, @Sendable (Row) -> Bool?)] = [
        (#"region == "a""#, { cmp($0.region) { $0 == "a" } }),
        (#"region != "a""#, { cmp($0.region) { $0 != "a" } }),
        (#"region ~ "A""#, { cmp($0.region) { $0.lowercased().contains("a") } }),
        (#"region < "b""#, { cmp($0.region) { $0 < "b" } }),
        ("wave >= 2014", { cmp($0.wave) { $0 >= 2014 } }),
        ("wave == 2016.0", { cmp($0.wave) { $0 == 2016 } }),
        ("wave != 2012", { cmp($0.wave) { $0 != 2012 } }),
        ("score > 2", { cmp($0.score) { $0 > 2 } }),
        ("score <= 3", { cmp($0.score) { $0 <= 3 } }),
        ("flag", { $0.flag }),
        ("not flag", { not($0.flag) }),
        ("region is null", { $0.region == nil }),
        ("wave is not null", { $0.wave != nil }),
        (#"region == "a" and wave == 2016"#, { and(cmp($0.region) { $0 == "a" }, cmp($0.wave) { $0 == 2016 }) }),
        (#"region == "a" or score > 2"#, { or(cmp($0.region) { $0 == "a" }, cmp($0.score) { $0 > 2 }) }),
        (#"not (wave > 2012 and region != "b")"#, { not(and(cmp($0.wave) { $0 > 2012 }, cmp($0.region) { $0 != "b" })) }),
        ("flag or wave < 2014", { or($0.flag, cmp($0.wave) { $0 < 2014 }) }),
    ]

    static func table(_ session: Session, _ query: String) throws -> Table {
        let outcome = session.run(query, fileName: "fast.tq")
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics.map(\.message))")
        return try #require(outcome.tables.last)
    }

    @Test(arguments: conditions.indices)
    func whereKeepsRowsWhoseConditionIsTrue(_ i: Int) throws {
        let (condition, meaning) = Self.conditions[i]
        let result = try Self.table(try Self.session(), "from t | where \(condition) | select wave")
        let expected = Self.rows.filter { meaning($0) == true }.map { $0.wave.map(Value.integer) ?? .null }
        #expect((0..<result.rowCount).map { result[$0, "wave"] } == expected, "\(condition)")
    }

    /// The truth-vector path of `share()` by group: unweighted it is the accumulator's count exactly;
    /// weighted (a design estimate) its value is Σw·hit/Σw over the rows where the condition and the weight are known.
    @Test(arguments: conditions.indices)
    func shareByGroupMatchesTheAccumulator(_ i: Int) throws {
        let (condition, meaning) = Self.conditions[i]
        let session = try Self.session()
        let unweighted = try Self.table(session, "from t | summarize s = share(\(condition)) by region")
        let weighted = try Self.table(session, "from w | summarize s = share(\(condition)) by region")
        for (result, useWeights) in [(unweighted, false), (weighted, true)] {
            for r in 0..<result.rowCount {
                let region = result[r, "region"]
                var reference = ShareAccumulator()
                var hits = 0.0, total = 0.0, rows = 0
                for row in Self.rows where (row.region.map(Value.text) ?? .null) == region {
                    reference.add(hit: meaning(row), weight: useWeights ? row.weight : 1)
                    if let hit = meaning(row), useWeights, let w = row.weight, !w.isNaN {
                        rows += 1
                        total += w
                        if hit { hits += w }
                    }
                }
                let expected = reference.estimate()
                guard case .estimate(let e) = result[r, "s"] else {
                    #expect(expected == nil, "\(condition) in \(region)")
                    continue
                }
                if useWeights {
                    #expect(Swift.abs(e.proportion - hits / total) <= 1e-12, "\(condition) in \(region), weighted")
                    // As in R's designs, a row of weight 0 stays in the domain (and its base) with no weight.
                    #expect(e.n == rows && e.design != nil, "\(condition) in \(region), weighted")
                } else {
                    #expect(e.proportion == expected?.proportion && e.n == expected?.n && e.effectiveN == expected?.effectiveN,
                            "\(condition) in \(region)")
                }
            }
        }
    }

    @Test func sumAndAverageOfColumnsSkipNulls() throws {
        let result = try Self.table(try Self.session(), "from t | summarize s = sum(wave), a = avg(wave), d = avg(score), m = sum(score) by region")
        for r in 0..<result.rowCount {
            let region = result[r, "region"]
            let group = Self.rows.filter { ($0.region.map(Value.text) ?? .null) == region }
            let waves = group.compactMap(\.wave), scores = group.compactMap(\.score)
            #expect(result[r, "s"] == (waves.isEmpty ? .null : .integer(waves.reduce(0, +))))
            #expect(result[r, "a"] == (waves.isEmpty ? .null : .number(Double(waves.reduce(0, +)) / Double(waves.count))))
            #expect(result[r, "d"] == (scores.isEmpty ? .null : .number(scores.reduce(0, +) / Double(scores.count))))
            #expect(result[r, "m"] == (scores.isEmpty ? .null : .number(scores.reduce(0, +))))
        }
    }

    @Test func integerSumOverflowIsAnError() throws {
        let table = try Table(columns: [Column(name: "x", type: .integer, values: [.integer(.max), .integer(1)])])
        let session = Session()
        session.register(table, as: "big")
        let outcome = session.run("from big | summarize s = sum(x)", fileName: "overflow.tq")
        #expect(outcome.diagnostics.map(\.id.rawValue) == ["run.integer-overflow"])
    }
}
