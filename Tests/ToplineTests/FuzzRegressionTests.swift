import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Every crash, hang or blow-up found while fuzzing (FUZZING.md, "Findings"),
/// kept as the input that triggered it, plus a replay of the checked-in
/// inputs under Fuzz/regressions/TARGET/ through the same calls the fuzz
/// targets make.
@Suite struct FuzzRegressionTests {
    static func studiesSession() throws -> Session {
        let session = Session(workingDirectory: packageRoot.path)
        let setup = session.run(#"load "Examples/data/ceo_study_metrics.csv" as studies"#, fileName: "setup.tq")
        try #require(setup.succeeded)
        return session
    }

    // Finding 1: `a + b + c …` parses left-deep, and only parentheses and unary
    // operators counted towards the nesting limit, so a long chain of binary
    // operators recursed past the stack in the resolver (SIGSEGV).
    @Test(arguments: ["+ 1", "or n == 1", "and n == 1", "* 1", "is null", "in (1)"])
    func longOperatorChainIsRefusedNotOverflowed(_ link: String) throws {
        let session = try Self.studiesSession()
        let script = "from studies | where n" + String(repeating: " \(link)", count: 5_000)
        let outcome = session.run(script, fileName: "chain.tq")
        #expect(outcome.diagnostics.map(\.id.rawValue) == ["parse.too-deep"])
        let d = try #require(outcome.diagnostics.first)
        #expect(d.file == "chain.tq")
        #expect(outcome.source.location(of: d.range!.start).line == 1)
        #expect(session.run("from studies | take 1", fileName: "after.tq").succeeded)
    }

    @Test func chainJustUnderTheLimitStillRuns() throws {
        let session = try Self.studiesSession()
        let script = "from studies | take 1 | derive x = 0" + String(repeating: " + 1", count: Parser.maxNesting - 2) + " | select x"
        let outcome = session.run(script, fileName: "chain.tq")
        #expect(outcome.succeeded)
        #expect(outcome.tables.first?[0, "x"] == .integer(Int64(Parser.maxNesting - 2)))
    }

    // Finding 2: each stray byte was its own diagnostic and token, so a
    // megabyte of binary junk made a million diagnostics (minutes, gigabytes).
    @Test func runOfStrayBytesIsOneDiagnostic() {
        let junk: [UInt8] = Array("from studies | take 1 ".utf8) + Array(repeating: UInt8(ascii: "@"), count: 1_000_000)
            + [0, 1, 2, 0x80, 0xBF, 0x7F]
        let file = SourceFile(name: "junk.tq", bytes: junk)
        let (_, diagnostics) = Parser.parse(file)
        let stray = diagnostics.filter { $0.id.rawValue == "lex.unexpected-character" }
        #expect(stray.count == 1)
        #expect(stray.first?.range == SourceRange(22, junk.count))
        #expect(stray.first?.message.contains("more stray bytes") == true)
    }

    // Finding 3: `~` lower-cased its constant pattern once per distinct value,
    // so a long pattern cost (pattern length × values).
    // The time grows linearly with the pattern: four times the pattern, about
    // four times the time (the bug made it sixteen), whatever else the machine is doing.
    @Test func longContainsPatternIsLowercasedOnce() throws {
        let session = try Self.studiesSession()
        func seconds(_ length: Int) -> Double {
            let pattern = String(repeating: "Z", count: length)
            let started = Date()
            let outcome = session.run("from studies | where metric ~ \"\(pattern)\" | select metric", fileName: "tilde.tq")
            #expect(outcome.succeeded)
            #expect(outcome.tables.first?.rowCount == 0)
            return Date().timeIntervalSince(started)
        }
        let small = min(seconds(1_000_000), seconds(1_000_000))
        let large = seconds(4_000_000)
        #expect(large / small < 8, "1M: \(small) s, 4M: \(large) s")
        #expect(large < 120)
    }

    // Finding 7: a diagnostic on a huge single line rendered the whole line,
    // and a caret line as long: 100 MB of output (and a gigabyte of memory)
    // for an error in a 50 MB one-line script.
    @Test func diagnosticOnHugeLineShowsAWindow() throws {
        let text = String(repeating: " ", count: 500_000) + "@" + String(repeating: " ", count: 500_000)
        let file = SourceFile(name: "long.tq", text: text)
        let d = try #require(Parser.parse(file).diagnostics.first)
        let rendered = DiagnosticRenderer.render(d, source: file)
        #expect(rendered.count < 1_000)
        #expect(rendered.hasPrefix("long.tq:1:500001: error:"))
        let lines = rendered.split(separator: "\n").map { Array($0) }
        let excerpt = try #require(lines.first { $0.starts(with: " 1 | ") })
        let caret = try #require(lines.first { $0.starts(with: "   | ") })
        #expect(excerpt.contains("…"))
        #expect(excerpt.firstIndex(of: "@") == caret.firstIndex(of: "^"))
    }
    // Finding 8 (the csv target comparing one window with small ones,
    // Fuzz/regressions/csv/window-boundary-1.csv): text after a closing quote
    // that was a multi-byte character cut by the window's end was shown as
    // U+FFFD, not as the character the whole file has there.
    @Test(arguments: [1, 2, 3])
    func aCharacterAfterAQuoteCutByTheWindowIsShownWhole(cut: Int) throws {
        // The character is bytes 10...12: a first window of 10 + cut bytes holds `cut` of them.
        let text = "ab,c\n1,\"2\"\u{FFBB}o\n"
        let d = try #require(loadFailure { () throws(Diagnostic) in
            try DatasetReader.readDelimited(bytes: Array(text.utf8), separator: UInt8(ascii: ","), fileName: "t.csv",
                                            chunkSize: 10 + cut)
        })
        #expect(d.id == .loadTextAfterQuote)
        #expect(d.message == "line 2 has '\u{FFBB}' after the closing quote of a field")
        #expect(d.dataLine == 2 && d.dataColumn == 6)
    }

    // Finding 9 (the readstat target, under AddressSanitizer): ReadStat 1.1.8 hands a Stata
    // variable's value-label name over as it stands in its fixed-width field (9, 33 or 129 bytes by
    // release), with no NUL when the name fills the field, and strlen read past ReadStat's buffer.
    // Those names are read up to the field's width; AddressSanitizer (CI's stage) checks the replay.
    @Test func aStataLabelNameFillingItsFieldIsReadToItsWidth() throws {
        let bytes = try Self.bytes("readstat/stata-label-name-fills-its-field.dta")
        #expect(bytes[0] == 105, "a Stata release 105 file, whose names are 9 bytes")
        do throws(Diagnostic) {
            _ = try DatasetReader.readSurvey(bytes: bytes, format: .dta, fileName: "f.dta")
            Issue.record("the damaged file loaded")
        } catch {
            #expect(error.id == .loadCorrupt)
            #expect(error.file == "f.dta")
        }
    }

    // MARK: - Replay of saved inputs

    /// The fuzz targets of `scripts/fuzz`; each has saved inputs under Fuzz/regressions/TARGET/.
    static let targets = ["parser", "resolver", "csv", "json", "readstat", "completion", "run"]

    /// A missing or empty folder would make a replay below run on nothing and pass.
    @Test(arguments: targets)
    func everyTargetHasSavedInputs(_ target: String) {
        var isDirectory: ObjCBool = false
        let dir = packageRoot.appendingPathComponent("Fuzz/regressions/\(target)").path
        #expect(FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) && isDirectory.boolValue, "\(dir) is missing")
        #expect(!Self.saved(target).isEmpty, "\(dir) holds no inputs")
    }

    /// The saved inputs for `target` (Fuzz/regressions/TARGET/*), as names relative to Fuzz/regressions.
    static func saved(_ target: String) -> [String] {
        let dir = packageRoot.appendingPathComponent("Fuzz/regressions/\(target)").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { "\(target)/\($0)" }
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: packageRoot.appendingPathComponent("Fuzz/regressions/\(name)")))
    }

    @Test(arguments: saved("parser") + saved("resolver") + saved("run"))
    func savedScriptEndsInDiagnosticsOrResults(_ name: String) throws {
        let session = try Self.studiesSession()
        var events: [StatementEvent] = []
        session.execute(bytes: try Self.bytes(name), fileName: "saved.tq", options: RunOptions(stopOnError: false)) { events.append($0) }
        let source = try #require(session.sourceFile(named: "saved.tq"))
        for case .diagnostic(let d) in events {
            #expect(!d.id.rawValue.isEmpty && !d.message.isEmpty)
            if let r = d.range, d.file == "saved.tq" { #expect(r.end <= source.bytes.count) }
            _ = DiagnosticRenderer.render(d, source: source)
        }
        #expect(session.run("from studies | take 1", fileName: "after.tq").succeeded)
    }

    @Test(arguments: saved("csv") + saved("json"))
    func savedDataFileLoadsOrIsRefused(_ name: String) throws {
        let bytes = try Self.bytes(name)
        let readers: [(String, ([UInt8]) throws(Diagnostic) -> Table)] = [
            ("csv", { (b) throws(Diagnostic) in try DatasetReader.readDelimited(bytes: b, separator: UInt8(ascii: ","), fileName: "saved") }),
            ("tsv", { (b) throws(Diagnostic) in try DatasetReader.readDelimited(bytes: b, separator: UInt8(ascii: "\t"), fileName: "saved") }),
            ("json", { (b) throws(Diagnostic) in try DatasetReader.readJSON(bytes: b, fileName: "saved") }),
            ("ndjson", { (b) throws(Diagnostic) in try DatasetReader.readNDJSON(bytes: b, fileName: "saved") }),
        ]
        for (format, read) in readers {
            do throws(Diagnostic) {
                let table = try read(bytes)
                for column in table.columns { #expect(column.count == table.rowCount, "\(format)") }
            } catch {
                #expect(error.id.rawValue.hasPrefix("load."), "\(format): \(error.id)")
                #expect(error.file == "saved")
            }
        }
    }

    /// Each saved survey file, read as every survey format, loads or is refused with a load diagnostic naming it.
    @Test(arguments: saved("readstat"))
    func savedSurveyFileLoadsOrIsRefused(_ name: String) throws {
        let bytes = try Self.bytes(name)
        for format in [DatasetReader.Format.sav, .dta, .sas7bdat, .xpt] {
            do throws(Diagnostic) {
                let table = try DatasetReader.readSurvey(bytes: bytes, format: format, fileName: "saved")
                for column in table.columns { #expect(column.count == table.rowCount, "\(format)") }
            } catch {
                #expect(error.id.rawValue.hasPrefix("load."), "\(format): \(error.id)")
                #expect(error.file == "saved")
            }
        }
    }

    @Test(arguments: saved("completion"))
    func savedCompletionInputStaysInRange(_ name: String) throws {
        let bytes = try Self.bytes(name)
        try #require(bytes.count >= 2, "a completion input starts with two cursor bytes")
        let text = String(decoding: bytes[2...], as: UTF8.self)
        let cursor = (Int(bytes[0]) << 8 | Int(bytes[1])) % (text.utf8.count + 3) - 1
        let result = try Self.studiesSession().completions(in: text, cursor: cursor)
        #expect(result.range.lowerBound >= 0 && result.range.upperBound <= text.utf8.count)
    }
}
