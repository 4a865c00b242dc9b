import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// The survey files of `Tests/ToplineTests/Fixtures/readstat/`, written by
/// `Tests/oracle/generate_readstat_fixtures.py` (pyreadstat; libreadstat's
/// writer for the SAS data set), read by Topline and compared with what
/// pyreadstat read back from each (`readstat.json`): every column's name,
/// variable label, value labels, missing codes and every value, with
/// user-missing codes as nulls and (SPSS) kept with `keep missing`.
///
/// Topline's reading differs from pyreadstat's by design in three ways,
/// applied to pyreadstat's values here: a column whose every value has a
/// label holds the labels; an empty text is null; Stata's extended missing
/// values are null even with `keep missing`, which applies to SPSS only.
@Suite struct ReadStatFixtureTests {
    static let directory = packageRoot.appendingPathComponent("Tests/ToplineTests/Fixtures/readstat")

    /// `readstat.json`, read afresh by each test (JSON values are not `Sendable`).
    static func oracle() -> [String: Any] {
        let data = try! Data(contentsOf: directory.appendingPathComponent("readstat.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static let files = ["survey.sav", "survey.zsav", "survey.dta", "survey.xpt", "survey.sas7bdat"]

    static func expected(_ file: String) -> (rows: Int, columns: [[String: Any]]) {
        let files = oracle()["files"] as! [String: Any]
        let entry = files[file] as! [String: Any]
        return (entry["rows"] as! Int, entry["columns"] as! [[String: Any]])
    }

    static func read(_ file: String, keepMissing: Bool = false) throws -> Table {
        try DatasetReader.read(path: directory.appendingPathComponent(file).path, displayPath: file,
                               options: LoadOptions(keepMissing: keepMissing))
    }

    @Test(arguments: files)
    func columnsAndLabelsAreWhatPyreadstatReads(_ file: String) throws {
        let table = try Self.read(file)
        let (rows, columns) = Self.expected(file)
        #expect(table.rowCount == rows)
        #expect(table.columnNames == columns.map { $0["name"] as! String })
        for spec in columns {
            let name = spec["name"] as! String
            let column = try #require(table.column(named: name))
            let label = spec["label"] as? String
            #expect(column.labels?.label == (label?.isEmpty ?? true ? nil : label), "\(file) \(name)")
            let valueLabels = (spec["value_labels"] as! [[Any]]).map { Self.text($0[0]) + "=" + ($0[1] as! String) }
            #expect((column.labels?.values ?? []).map { ValueText.machine($0.code) + "=" + $0.label } == valueLabels, "\(file) \(name)")
            #expect(Self.missing(column) == Self.missing(spec), "\(file) \(name)")
        }
    }

    @Test(arguments: files)
    func valuesAreWhatPyreadstatReads(_ file: String) throws {
        try Self.compareValues(file, keepMissing: false)
    }

    @Test(arguments: ["survey.sav", "survey.zsav"])
    func keptMissingCodesAreWhatPyreadstatReadsWithUserMissing(_ file: String) throws {
        try Self.compareValues(file, keepMissing: true)
    }

    static func compareValues(_ file: String, keepMissing: Bool) throws {
        let table = try read(file, keepMissing: keepMissing)
        for spec in expected(file).columns {
            let name = spec["name"] as! String
            let column = try #require(table.column(named: name))
            let raw = (spec[keepMissing ? "values_with_missing" : "values"] as! [Any]).map(plain)
            // Stata's extended missing values (pyreadstat: "a") stay null.
            let values = raw.map { v -> Any? in
                if let s = v as? String, s.isEmpty || (file.hasSuffix(".dta") && s.count == 1 && spec["type"] as? String != "string") { return nil }
                return v
            }
            let labels = Dictionary((spec["value_labels"] as! [[Any]]).map { (text($0[0]), $0[1] as! String) }, uniquingKeysWith: { a, _ in a })
            let allLabelled = !labels.isEmpty && values.allSatisfy { $0 == nil || labels[text($0!)] != nil }
            for (row, value) in values.enumerated() {
                let got = column[row]
                let want = value.map { allLabelled ? labels[text($0)]! : text($0) }
                #expect((got.isNull ? nil : ValueText.machine(got)) == want, "\(file) \(name) row \(row + 1)")
            }
        }
    }

    /// Typed as a survey analyst expects: labelled scales are categories in code order, dates are dates.
    @Test func typesAndCategoryOrder() throws {
        let sav = try Self.read("survey.sav")
        #expect(sav.column(named: "q1")?.type == .text)
        #expect(sav.column(named: "q1")?.levels == ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"])
        #expect(sav.column(named: "q1")?.labels?.holdsLabels == true)
        // A scale point nobody chose is still a category.
        #expect(sav.column(named: "sat")?.levels == ["Très satisfait", "Plutôt satisfait", "Peu satisfait", "Pas du tout satisfait"])
        // Labels on a few codes only: the codes stay numbers.
        #expect(sav.column(named: "age")?.type == .integer)
        #expect(sav.column(named: "age")?.labels?.holdsLabels == false)
        #expect(sav.column(named: "income")?.type == .number)
        #expect(sav.column(named: "born")?.type == .date)
        #expect(sav.column(named: "interviewed")?.type == .timestamp)
        let kept = try Self.read("survey.sav", keepMissing: true)
        #expect(kept.column(named: "q1")?.levels == ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree", "Don't know", "Refused"])
        let dta = try Self.read("survey.dta")
        #expect(dta.column(named: "born")?.type == .date)
        #expect(dta.column(named: "interviewed")?.type == .timestamp)
        #expect(dta.column(named: "q1")?.labels?.missing.map(\.text) == [".a", ".b"])
        for file in ["survey.xpt", "survey.sas7bdat"] {
            let sas = try Self.read(file)
            #expect(sas.column(named: "born")?.type == .date, "\(file)")
            #expect(sas.column(named: "interviewed")?.type == .timestamp, "\(file)")
        }
    }

    @Test func missingCodesCountTheirRows() throws {
        let sav = try Self.read("survey.sav")
        #expect(sav.column(named: "q1")?.labels?.missing.map { "\($0.text):\($0.rows)" } == [#"98 "Don't know":1"#, #"99 "Refused":1"#])
        #expect(sav.column(named: "age")?.labels?.missing.map { "\($0.text):\($0.rows)" } == ["97–99:2"])
        #expect(sav.column(named: "gender")?.labels?.missing.map { "\($0.text):\($0.rows)" } == [#""x" "Diverse":1"#])
    }

    /// Projection pushdown reads only the wanted variables; the rest come later, read alike.
    @Test func deferredColumnsAreReadLater() throws {
        let dir = Self.directory.path
        let session = Session(workingDirectory: dir)
        let outcome = session.run("load \"survey.sav\" as s keep missing\nfrom s | select q1 | take 1", fileName: "q.tq")
        #expect(outcome.succeeded)
        #expect(session.catalog.stored("s")?.deferred != nil)
        #expect(session.catalog.stored("s")?.table.columnNames == ["q1"])
        let later = session.run("from s | where age == 97 | select id, gender", fileName: "r.tq")
        #expect(later.succeeded, "\(later.diagnostics.map(\.message))")
        #expect(later.tables.first?.rows == [[.integer(3), .text("Female")]])
    }

    // MARK: JSON helpers

    /// pyreadstat's numbers as integers when whole (as Topline's codes are).
    static func plain(_ v: Any) -> Any? {
        if v is NSNull { return nil }
        if let n = v as? NSNumber {
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 9e15 ? Int64(d) as Any : d as Any
        }
        return v
    }

    static func text(_ v: Any) -> String {
        switch plain(v) {
        case let i as Int64: return String(i)
        case let d as Double: return ValueText.machine(.number(d))
        case let s as String: return s
        default: return "\(v)"
        }
    }

    /// The declared missing codes, as `value` or `low–high` or `.tag`.
    static func missing(_ column: Column) -> [String] {
        (column.labels?.missing ?? []).map { code in
            switch code.kind {
            case .value(let v): return ValueText.machine(v)
            case .range(let low, let high): return ValueText.machine(.number(low)) + "–" + ValueText.machine(.number(high))
            case .tag(let t): return "." + String(t)
            }
        }
    }

    static func missing(_ spec: [String: Any]) -> [String] {
        (spec["missing"] as! [[String: Any]]).map { m in
            if let tag = m["tag"] as? String { return "." + tag }
            let low = text(m["lo"]!), high = text(m["hi"]!)
            return low == high ? low : low + "–" + high
        }
    }
}
