import Foundation
import Testing
@testable import Topline

/// The R `survey` oracle (`Fixtures/survey/cases.json`, see
/// `Tests/oracle/README.md`): every case of a supported kind runs — linearised,
/// two-stage and replicate-weight designs — and each of its figures must equal
/// R's to 1e-9 (relative). Cases of the other kinds are counted by kind, so the
/// supported number only moves on purpose.
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
    }

    static let folder = GoldenFile.fixtures.appendingPathComponent("survey")

    static let fixture: Fixture = {
        do {
            return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: folder.appendingPathComponent("cases.json")))
        } catch {
            fatalError("cases.json: \(error)")
        }
    }()

    /// Why a case is outside this slice, or nil when it runs: the verb it needs (of any design,
    /// linearised, two-stage or replicate-weight).
    static func unsupported(_ c: Case) -> String? {
        let q = c.query
        if q.contains("compare ") { return "compare" }
        if q.contains("crosstab ") { return "Rao-Scott" }
        return nil
    }

    static let supported = fixture.cases.filter { unsupported($0) == nil }

    /// The exact count: it goes up only when a kind of case is built.
    @Test func supportedCasesAreCountedByKind() {
        var skipped: [String: Int] = [:]
        for c in Self.fixture.cases { if let kind = Self.unsupported(c) { skipped[kind, default: 0] += 1 } }
        #expect(Self.fixture.cases.count == 294)
        #expect(Self.supported.count == 263)
        #expect(skipped == ["compare": 16, "Rao-Scott": 15])
        #expect(Self.supported.reduce(0) { $0 + Self.figureCount($1) } == 1900)
    }

    static func figureCount(_ c: Case) -> Int {
        c.expect.reduce(0) { n, e in
            n + [e.value, e.se, e.ci_low, e.ci_high, e.df, e.deff, e.deff_replace, e.statistic, e.p].compactMap { $0 }.count
        }
    }

    static func close(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9) -> Bool {
        guard let expected else { return true }
        guard let actual else { return false }
        if expected == actual { return true }
        return abs(actual - expected) <= tolerance * max(abs(expected), 1e-300)
    }

    @Test(arguments: supported)
    func oracleCase(_ c: Case) throws {
        let path = Self.folder.appendingPathComponent(c.data).path
        let session = Session(workingDirectory: Self.folder.path)
        let script = "load \"\(path)\" as d\n\(c.design)\n\(c.query)\n"
        let outcome = session.run(script, fileName: "\(c.id).tq", options: RunOptions(stopOnError: true))
        if let fragment = c.error {
            #expect(!outcome.succeeded)
            #expect(outcome.diagnostics.contains { $0.message.contains(fragment) }, "\(outcome.diagnostics.map(\.message))")
            return
        }
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        let table = try #require(outcome.tables.last)
        for entry in c.expect {
            let row = try #require((0..<table.rowCount).first { r in
                entry.row.allSatisfy { key, value in ValueText.human(table[r, key]) == value }
            }, "row \(entry.row)")
            guard case .estimate(let e) = table[row, entry.column], let d = e.design else {
                Issue.record("\(entry.column) in row \(entry.row) is \(table[row, entry.column]), not a design estimate")
                continue
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
    }
}
