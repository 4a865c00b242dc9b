import Foundation
import Testing
import ToplineTestSupport
import Topline
@testable import ToplineShell

/// Wide results fit the terminal (issue 14), in the shell: tables take the
/// terminal's width, `.mode line`, `.maxrows`, `.nullvalue`, and the pager
/// counting the rows the output really takes.
@Suite(.serialized) struct WideResultTests {
    /// A shell whose results go to a captured "terminal" of `columns` × `rows`.
    func shell(columns: Int = 100, rows: Int = 30, terminal: Bool = true, in dir: TemporaryDirectory? = nil)
        -> (shell: Shell, text: @Sendable () -> String) {
        let (out, text) = TextOutput.capture(isTerminal: terminal)
        var printer = ResultPrinter(format: .box, maxRows: 40, results: out, diagnostics: out, messages: out, color: false)
        printer.terminalSize = { (columns, rows) }
        let session = Session(workingDirectory: dir?.path ?? packageRoot.path)
        let shell = Shell(session: session, reader: PlainLineReader(), printer: printer, history: ShellHistory(file: nil))
        shell.handle(line: #"load "Examples/data/ceo_study_metrics.csv" as ceo_study_metrics"#)
        return (shell, text)
    }

    /// The done-when of issue 14.
    @Test func studyFiguresFitAHundredColumnTerminal() {
        let (shell, text) = shell(columns: 100)
        shell.handle(line: "from ceo_study_metrics | take 3")
        let lines = text().split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { SafeText.width($0) <= 100 }, "\(text())")
        #expect(lines.contains("16 columns (6 shown)"), "\(text())")
    }

    @Test func aNarrowerTerminalShowsFewerColumns() {
        let (shell, text) = shell(columns: 60)
        shell.handle(line: "from ceo_study_metrics | take 3")
        let lines = text().split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { SafeText.width($0) <= 60 }, "\(text())")
        #expect(lines.contains { $0.hasPrefix("16 columns (") && $0.contains("shown)") }, "\(text())")
    }

    /// Into a file or a pipe a table keeps every column; `--width` fits it there too.
    @Test func notATerminalNoWidthUnlessGiven() {
        let (shell, text) = shell(terminal: false)
        shell.handle(line: "from ceo_study_metrics | take 3")
        #expect(!text().contains("columns ("))
        #expect(text().contains("notes"))
        shell.printer.width = 80
        shell.handle(line: "from ceo_study_metrics | take 3")
        #expect(text().contains("16 columns ("))
    }

    @Test func lineModeShowsEveryColumn() {
        let (shell, text) = shell(columns: 100)
        shell.handle(line: ".mode line")
        shell.handle(line: "from ceo_study_metrics | take 2 | select study, edition_year, n")
        #expect(text().contains("""
                   study = IBM Global CEO Study 2012 (Leading Through Connections)
            edition_year = 2012
                       n = 1709

                   study = IBM Global CEO Study 2012 (Leading Through Connections)
            """), "\(text())")
        shell.handle(line: ".mode")
        #expect(text().hasSuffix("mode: line\n"))
    }

    @Test func maxRowsLimitsTheRowsShown() {
        let (shell, text) = shell()
        shell.handle(line: ".maxrows")
        #expect(text().hasSuffix("maxrows: 40\n"))
        shell.handle(line: ".maxrows 2")
        shell.handle(line: ".mode table")
        shell.handle(line: "from ceo_study_metrics | select edition_year")
        #expect(text().hasSuffix("2012\n        2012\n… 58 more rows\n"), "\(text())")
        shell.handle(line: ".maxrows 0")
        shell.handle(line: ".maxrows")
        #expect(text().hasSuffix("maxrows: 0 (all)\n"))
        for bad in [".maxrows -1", ".maxrows x", ".maxrows 1 2"] {
            shell.handle(line: bad)
            #expect(text().hasSuffix("error: usage: .maxrows N (0: all rows)\n"), "\(bad)")
        }
    }

    /// Machine formats carry every row whatever `.maxrows` says.
    @Test func maxRowsLeavesMachineFormatsWhole() {
        let (shell, text) = shell()
        shell.handle(line: ".maxrows 2")
        shell.handle(line: ".mode csv")
        shell.handle(line: "from ceo_study_metrics | select edition_year")
        #expect(text().split(separator: "\n").filter { $0.hasPrefix("20") }.count == 60)
    }

    @Test func nullValueIsShownAsSet() {
        let (shell, text) = shell()
        shell.handle(line: ".mode table")
        shell.handle(line: ".nullvalue")
        #expect(text().hasSuffix("nullvalue: \"null\"\n"))
        shell.handle(line: ".nullvalue \"(n/a)\"")
        shell.handle(line: "from ceo_study_metrics | where n is null | take 1 | select metric, n")
        #expect(text().contains("(n/a)"), "\(text())")
        shell.handle(line: ".nullvalue \"\"")
        shell.handle(line: ".nullvalue")
        #expect(text().hasSuffix("nullvalue: \"\"\n"))
        shell.handle(line: ".nullvalue a b")
        #expect(text().hasSuffix("error: usage: .nullvalue TEXT (quoted when it holds spaces)\n"))
        // csv keeps null as an empty field.
        shell.handle(line: ".nullvalue NULL")
        shell.handle(line: ".mode csv")
        shell.handle(line: "from ceo_study_metrics | where n is null | take 1 | select n")
        #expect(text().hasSuffix("n\n\"\"\n"), "\(text())")
    }

    // MARK: - The pager counts the rows the output takes

    /// A pager that copies what it is given into `file`.
    func pagedShell(columns: Int, rows: Int, dir: TemporaryDirectory) -> (shell: Shell, text: @Sendable () -> String) {
        let (shell, text) = shell(columns: columns, rows: rows)
        shell.printer.pager = Pager(mode: .auto, command: "cat > '\(dir.path)/paged.txt'")
        return (shell, text)
    }

    @Test func longLinesThatWrapCountForEveryRowTheyTake() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        // Six csv lines of about 400 characters: 6 lines, but 24 rows of a 100-column terminal of 20 rows.
        let (shell, text) = pagedShell(columns: 100, rows: 20, dir: dir)
        shell.handle(line: ".mode csv")
        shell.handle(line: "from ceo_study_metrics | take 5")
        let paged = try String(contentsOfFile: dir.path + "/paged.txt", encoding: .utf8)
        #expect(paged.split(separator: "\n").count == 6)
        #expect(!text().contains("IBM Global"), "the result went to the pager, not the terminal")
    }

    @Test func aShortResultIsNotPaged() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let (shell, text) = pagedShell(columns: 100, rows: 20, dir: dir)
        shell.handle(line: ".mode csv")
        shell.handle(line: "from ceo_study_metrics | take 5 | select edition_year, n")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/paged.txt"))
        #expect(text().contains("2012,1709"))
    }

    struct Rows: CustomTestStringConvertible, Sendable {
        var pieces: [String]
        var columns: Int
        var rows: Int
        var testDescription: String { "\(pieces.map(\.debugDescription)) at \(columns) → \(rows)" }
    }

    static let rowCases: [Rows] = [
        Rows(pieces: [""], columns: 100, rows: 0),
        Rows(pieces: ["abc\n"], columns: 100, rows: 1),
        Rows(pieces: ["\n\n"], columns: 100, rows: 2),
        Rows(pieces: [String(repeating: "x", count: 100) + "\n"], columns: 100, rows: 1),
        Rows(pieces: [String(repeating: "x", count: 101) + "\n"], columns: 100, rows: 2),
        Rows(pieces: [String(repeating: "x", count: 250) + "\nshort\n"], columns: 100, rows: 4),
        // A line continues across pieces; the unfinished one counts too.
        Rows(pieces: [String(repeating: "x", count: 60), String(repeating: "y", count: 60) + "\nz"], columns: 100, rows: 3),
        // Wide characters take two columns; tabs go to the next multiple of 8; colours take none.
        Rows(pieces: [String(repeating: "日", count: 60) + "\n"], columns: 100, rows: 2),
        Rows(pieces: ["\t\t\tx\n"], columns: 20, rows: 2),
        Rows(pieces: ["\u{1B}[1;31m" + String(repeating: "x", count: 100) + "\u{1B}[0m\n"], columns: 100, rows: 1),
        // An unknown width: every line is one row.
        Rows(pieces: [String(repeating: "x", count: 500) + "\n"], columns: 0, rows: 1),
    ]

    @Test(arguments: rowCases)
    func screenRows(_ c: Rows) {
        var screen = ScreenRows(columns: c.columns)
        for piece in c.pieces { screen.add(piece) }
        #expect(screen.rows == c.rows)
    }
}
