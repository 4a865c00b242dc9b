import Foundation
import Testing
@testable import Topline

/// The R `survey` oracle (`Fixtures/survey/cases.json`, see
/// `Tests/oracle/README.md`): every case runs — linearised, two-stage and
/// replicate-weight designs, weights-only data — and each of its figures must
/// equal R's to 1e-9 (relative).
@Suite struct SurveyOracleTests {
    struct Fixture: Decodable {
        let figures: Int
        let cases: [Case]
    }

    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let id: String
        let data: String
        let design: String
        let query: String
        let stage: Int?
        /// The weight of `load … weight` (a weights-only dataset, no `design` statement).
        let weight: String?
        let error: String?
        let expect: [Entry]
        var testDescription: String { id }
    }

    struct Entry: Decodable, Sendable {
        let row: [String: String]
        let column: String
        let value: Double?
        let se: Double?
        let ci_low: Double?
        let ci_high: Double?
        let df: Double?
        let deff: Double?
        let deff_replace: Double?
        let n: Int?
        let method: String?
        let statistic: Double?
        let p: Double?
        let test: String?
        let ndf: Double?
        let ddf: Double?
        /// `tabulate`: the significance letters of the cell.
        let letters: String?
    }

    static let folder = GoldenFile.fixtures.appendingPathComponent("survey")

    static let fixture: Fixture = {
        do {
            return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: folder.appendingPathComponent("cases.json")))
        } catch {
            fatalError("cases.json: \(error)")
        }
    }()

    /// Every case runs, and the figures the test compares are all the fixture counts.
    @Test func everyCaseAndFigureIsCompared() {
        #expect(Self.fixture.cases.count == 302)
        #expect(Self.fixture.cases.reduce(0) { $0 + Self.figureCount($1) } == Self.fixture.figures)
        #expect(Self.fixture.figures == 2373)
    }

    static func figureCount(_ c: Case) -> Int {
        c.expect.reduce(0) { n, e in
            n + [e.value, e.se, e.ci_low, e.ci_high, e.df, e.deff, e.deff_replace, e.statistic, e.ndf, e.ddf, e.p].compactMap { $0 }.count
        }
    }

    static func close(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9) -> Bool {
        guard let expected else { return true }
        guard let actual else { return false }
        if expected == actual { return true }
        return abs(actual - expected) <= tolerance * max(abs(expected), 1e-300)
    }

    @Test(arguments: fixture.cases)
    func oracleCase(_ c: Case) throws {
        let path = Self.folder.appendingPathComponent(c.data).path
        let session = Session(workingDirectory: Self.folder.path)
        // R never suppresses a small base; Topline withholds a comparison with one unless told not to.
        let settings = c.query.contains("compare ") ? "set suppress_below 0\n" : ""
        let load = "load \"\(path)\" as d" + (c.weight.map { " weight \($0)" } ?? "")
        let script = "\(load)\n\(c.design)\n\(settings)\(c.query)\n"
        let outcome = session.run(script, fileName: "\(c.id).tq", options: RunOptions(stopOnError: true))
        if let fragment = c.error {
            #expect(!outcome.succeeded)
            #expect(outcome.diagnostics.contains { $0.message.contains(fragment) }, "\(outcome.diagnostics.map(\.message))")
            return
        }
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        let table = try #require(outcome.tables.last)
        if c.query.contains("tabulate ") {
            for entry in c.expect { try Self.checkBannerCell(entry, table) }
            return
        }
        for entry in c.expect {
            switch entry.column {
            case "independence": try Self.checkIndependence(entry, table)
            case "difference": try Self.checkDifference(entry, table)
            default: try Self.checkEstimate(entry, table)
            }
        }
    }

    /// An estimate in a cell; a compare's sides `a` and `b` are its first two columns.
    static func checkEstimate(_ entry: Entry, _ table: Table) throws {
        let row = try #require((0..<table.rowCount).first { r in
            entry.row.allSatisfy { key, value in table.column(named: key) == nil || ValueText.human(table[r, key]) == value }
        }, "row \(entry.row)")
        let column = entry.column == "a" ? table.columns[0].name : entry.column == "b" ? table.columns[1].name : entry.column
        if case .number(let value) = table[row, column] {
            // A point estimate (`avg`, `sum`): the value alone.
            #expect(entry.se == nil, "\(entry.column) in row \(entry.row) has no SE to compare")
            #expect(Self.close(value, entry.value), "value \(entry.row): \(value) vs R \(entry.value ?? .nan)")
            return
        }
        guard case .estimate(let e) = table[row, column], let d = e.design else {
            Issue.record("\(entry.column) in row \(entry.row) is \(table[row, column]), not a design estimate")
            return
        }
        let figures: [(String, Double?, Double?)] = [
            ("value", d.value, entry.value), ("se", d.standardError, entry.se), ("ci_low", d.ciLow, entry.ci_low),
            ("ci_high", d.ciHigh, entry.ci_high), ("df", d.degreesOfFreedom, entry.df), ("deff", d.designEffect, entry.deff),
            ("deff_replace", d.designEffectWithReplacement, entry.deff_replace),
        ]
        for (name, actual, expected) in figures {
            #expect(Self.close(actual, expected), "\(name) \(entry.row): \(actual.map { "\($0)" } ?? "nil") vs R \(expected ?? .nan)")
        }
        if let n = entry.n { #expect(e.n == n, "n \(entry.row)") }
        if let method = entry.method { #expect(d.variance == method, "method \(entry.row)") }
    }

    /// The fixture's difference is A − B (`svycontrast`); Topline's is B − A (as `svyttest` reports it):
    /// the same figures with the sign turned and the interval's ends swapped.
    static func checkDifference(_ entry: Entry, _ table: Table) throws {
        #expect(table.rowCount == 1)
        func number(_ name: String) -> Double? { table[0, name].numeric }
        let figures: [(String, Double?, Double?)] = [
            ("difference", number("difference").map { -$0 }, entry.value), ("se", number("se"), entry.se),
            ("ci_low", number("ci_high").map { -$0 }, entry.ci_low), ("ci_high", number("ci_low").map { -$0 }, entry.ci_high),
            ("statistic", number("statistic").map { -$0 }, entry.statistic), ("df", number("df"), entry.df), ("p", number("p"), entry.p),
        ]
        for (name, actual, expected) in figures {
            #expect(Self.close(actual, expected), "\(name): \(actual.map { "\($0)" } ?? "nil") vs R \(expected ?? .nan)")
        }
    }

    /// A cell of a banner table's long form (`value`: a category's share in a column, with its letters),
    /// or its test of independence (`independence`: Rao–Scott F of the row variable by a banner).
    static func checkBannerCell(_ entry: Entry, _ table: Table) throws {
        func text(_ r: Int, _ name: String) -> String { ValueText.human(table[r, name]) }
        if entry.column == "independence" {
            let row = try #require((0..<table.rowCount).first { r in
                text(r, "kind") == "test" && text(r, "variable") == entry.row["variable"] && text(r, "banner") == entry.row["banner"]
            }, "test \(entry.row)")
            let figures: [(String, Double?, Double?)] = [
                ("statistic", table[row, "statistic"].numeric, entry.statistic), ("ndf", table[row, "ndf"].numeric, entry.ndf),
                ("ddf", table[row, "ddf"].numeric, entry.ddf), ("p", table[row, "p"].numeric, entry.p),
            ]
            for (name, actual, expected) in figures {
                #expect(Self.close(actual, expected), "\(entry.row) \(name): \(actual.map { "\($0)" } ?? "nil") vs R \(expected ?? .nan)")
            }
            return
        }
        let row = try #require((0..<table.rowCount).first { r in
            text(r, "kind") == "category" && text(r, "variable") == entry.row["variable"] && text(r, "category") == entry.row["category"]
                && text(r, "banner") == entry.row["banner"] && text(r, "column") == entry.row["column"]
        }, "cell \(entry.row)")
        guard case .estimate(let e) = table[row, "value"], let d = e.design else {
            Issue.record("cell \(entry.row) is \(table[row, "value"]), not a design estimate")
            return
        }
        let figures: [(String, Double?, Double?)] = [("value", d.value, entry.value), ("se", d.standardError, entry.se), ("df", d.degreesOfFreedom, entry.df)]
        // A share the design fixes (a stratum's) has SE 0 in R; a sum of rounding errors is 0 to 1e-9 of the share.
        if entry.se == 0 {
            #expect(Swift.abs(d.standardError) <= 1e-9 * d.value, "\(entry.row) se: \(d.standardError) vs R 0")
        }
        for (name, actual, expected) in figures where !(name == "se" && expected == 0) {
            #expect(Self.close(actual, expected), "\(entry.row) \(name): \(actual.map { "\($0)" } ?? "nil") vs R \(expected ?? .nan)")
        }
        if let letters = entry.letters { #expect(text(row, "letters") == letters, "letters \(entry.row)") }
    }

    /// One test of `crosstab`: the row whose `test` is the entry's.
    static func checkIndependence(_ entry: Entry, _ table: Table) throws {
        let row = try #require((0..<table.rowCount).first { table[$0, "test"] == .text(entry.test ?? "") }, "test \(entry.test ?? "")")
        let figures: [(String, Double?, Double?)] = [
            ("statistic", table[row, "statistic"].numeric, entry.statistic), ("ndf", table[row, "ndf"].numeric, entry.ndf),
            ("ddf", table[row, "ddf"].numeric, entry.ddf), ("p", table[row, "p"].numeric, entry.p),
        ]
        for (name, actual, expected) in figures {
            #expect(Self.close(actual, expected), "\(entry.test ?? "") \(name): \(actual.map { "\($0)" } ?? "nil") vs R \(expected ?? .nan)")
        }
    }
}
