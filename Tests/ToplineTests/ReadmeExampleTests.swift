// Every README example runs in a test: each fenced block of Topline
// statements in `README.md` runs, and when the next fenced block is its
// printed output, what it prints must be that block, byte for byte.
//
// The README is read when the tests run, so an example that is added,
// edited or moved is checked as it stands.
//
// Which blocks: a block is an example when its fence has no language (or
// `topline`, `tq`) and its first line that is not blank or a `#` comment is
// a statement: `from`, `load`, `design`, `let`, `set`, `describe`,
// `datasets`, written bare or after the shell's prompts `topline> ` /
// `   ...> ` (a prompt block with a line that has no prompt is a shell
// transcript, not an example). Its output is the fenced block right after it
// (nothing but blank lines between; no language, `text` or `output`) when
// that block is not itself an example. Everything else is out of scope here:
// `sh`, `json` and `swift` blocks (the embedding example is
// `Examples/Embedding/main.swift`, built and run by its own test), the
// `$ scripts/run` shell transcript, the `topline` command synopsis and the
// diagnostic sample, which show no statements.
//
// The session: each example runs in a fresh `Session`, as the README's
// text implies:
// - its working directory is a scratch folder that holds the repository's
//   top-level entries (so `Examples/data/…` reads as from a clone), and the
//   data files the README names bare (`survey.csv`, `apiclus1.csv`,
//   `apistrat.csv`): every file of `Examples/data/` and
//   `Tests/ToplineTests/Fixtures/survey/`, linked there;
// - the shell's start, "the bundled study figures loaded" (`scripts/run`):
//   `ceo_study_metrics` and `ceo_study_metrics_extra`;
// - then the README's own definitions: every `load`, `design` and `let`
//   statement of every example, in the README's order (so `studies`,
//   `channels`, `survey`, `clus`, `strat` exist for every example, however
//   far from its definition it stands).
//
// Then the example runs as `topline run` runs a script: it stops at the
// first error, results are `table` text at most 100 rows long
// (`CommandLineRunner.defaultMaxRows`), charts are text 80 columns wide
// without colour; messages (`loaded …`) and diagnostics go to standard
// error, so they are not part of the output. An example must run without
// an error diagnostic, and with an output block must print exactly it.
//
// `TOPLINE_RECORD=1` rewrites a drifted output block in place with what
// the example prints now (never an example that fails with an error).

import Foundation
import Synchronization
import Testing
import ToplineTestSupport
@testable import Topline

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every Topline example of README.md runs, and prints exactly its output
/// block (how blocks are found and the session set up: the top of this file).
@Suite struct ReadmeExampleTests {
    static let readmeURL = packageRoot.appendingPathComponent("README.md")

    /// The README as it stands when the tests start.
    static let readme: ReadmeFile? = try? ReadmeFile(contentsOf: readmeURL)

    static let examples: [ReadmeExample] = readme?.examples ?? []

    /// How many examples and output blocks the README had when this test was
    /// written; fewer means an example was dropped or stopped being recognised.
    @Test func examplesAreFound() throws {
        let readme = try #require(Self.readme, "README.md could not be read")
        #expect(readme.examples.count >= 7, "README examples found: \(readme.examples.map(\.testDescription))")
        #expect(readme.examples.filter { $0.output != nil }.count >= 5,
                "README examples with an output block: \(readme.examples.filter { $0.output != nil }.map(\.testDescription))")
    }

    /// The definitions every example is run after: they run without errors.
    @Test func definitionsRun() throws {
        let scratch = ReadmeSession.Scratch()
        defer { scratch.remove() }
        let (_, problems) = ReadmeSession.make(in: scratch.path, definitions: try #require(Self.readme).definitions)
        #expect(problems.isEmpty, "the README's definitions failed:\n\(problems.joined())")
    }

    @Test(arguments: examples)
    func example(_ example: ReadmeExample) throws {
        let readme = try #require(Self.readme)
        let scratch = ReadmeSession.Scratch()
        defer { scratch.remove() }
        let (session, setupProblems) = ReadmeSession.make(in: scratch.path, definitions: readme.definitions)
        let run = ReadmeSession.run(example, in: session)
        let setupNote = setupProblems.isEmpty ? "" : "\n(the README's definitions this example runs after failed too:\n\(setupProblems.joined()))"

        #expect(run.errors.isEmpty,
                "README.md:\(example.line): the example fails:\n\(run.errors.joined())\(setupNote)")
        guard let output = example.output else { return }

        let expected = output.text
        guard run.output != expected else { return }
        if GoldenFile.recording, run.errors.isEmpty {
            do {
                try ReadmeRecorder.replace(example, with: run.output, in: readme, at: Self.readmeURL)
                return
            } catch {
                Issue.record("README.md:\(output.fenceLine): could not record the output block: \(error)")
            }
        }
        Issue.record("""
            README.md:\(output.fenceLine): the output block of the example at line \(example.line) differs from what it prints \
            (- README, + actual):
            \(GoldenFile.lineDiff(expected: expected, actual: run.output))
            The example prints (paste it into the block, or re-record with TOPLINE_RECORD=1):
            \(run.output)\(setupNote)
            """)
    }
}

// MARK: - Reading the README

/// One fenced block: its lines without the fence's indentation.
struct FencedBlock: Sendable {
    /// The line of the opening fence (1-based).
    var fenceLine: Int
    /// The line of the closing fence (1-based); the last line when unclosed.
    var closingLine: Int
    var info: String
    var indent: Int
    var lines: [String]

    var text: String { lines.map { $0 + "\n" }.joined() }
}

/// An example: Topline statements as a script, the line they start on, and
/// the block that shows what they print.
struct ReadmeExample: Sendable, CustomTestStringConvertible {
    var block: FencedBlock
    /// The statements with any prompts removed, one line per README line.
    var code: String
    var output: FencedBlock?

    /// The README line of the first statement line.
    var line: Int { block.fenceLine + 1 }

    var testDescription: String {
        let source = SourceFile(name: "README.md", text: code)
        let statement = Parser.parse(source).script.statements.first.map { source.text(in: $0.range) } ?? code
        let first = statement.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let short = first.count > 72 ? String(first.prefix(71)) + "…" : first
        return "README.md:\(line)\(output == nil ? "" : " (with output)"): \(short)"
    }
}

/// A definition (`load`, `design`, `let`) of an example, and where it stands.
struct ReadmeDefinition: Sendable {
    var line: Int
    var text: String
}

struct ReadmeFile: Sendable {
    /// The README's lines as read.
    var lines: [String] = []
    var blocks: [FencedBlock] = []
    var examples: [ReadmeExample] = []
    var definitions: [ReadmeDefinition] = []

    static let statementWords: Set<String> = ["from", "load", "design", "let", "set", "describe", "datasets"]
    static let prompt = "topline> "
    /// The fence languages of an output block.
    static let outputInfo: Set<String> = ["", "text", "output"]

    init(contentsOf url: URL) throws {
        self.init(text: try String(contentsOf: url, encoding: .utf8))
    }

    init(text: String) {
        lines = text.components(separatedBy: "\n")
        blocks = Self.fencedBlocks(lines)
        var index = 0
        while index < blocks.count {
            let block = blocks[index]
            guard let code = Self.statements(of: block) else { index += 1; continue }
            var output: FencedBlock?
            if index + 1 < blocks.count {
                let next = blocks[index + 1]
                let between = lines[block.closingLine..<(next.fenceLine - 1)]
                if between.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }),
                   Self.outputInfo.contains(next.info.lowercased()), Self.statements(of: next) == nil {
                    output = next
                }
            }
            examples.append(ReadmeExample(block: block, code: code, output: output))
            index += output == nil ? 1 : 2
        }
        for example in examples {
            let source = SourceFile(name: "README.md", text: example.code)
            for statement in Parser.parse(source).script.statements {
                switch statement.kind {
                case .load, .design, .let:
                    let line = example.line - 1 + source.location(of: statement.range.start).line
                    definitions.append(ReadmeDefinition(line: line, text: source.text(in: statement.range)))
                default:
                    break
                }
            }
        }
    }

    /// The fenced blocks (``` or ~~~, indented or not) in order.
    static func fencedBlocks(_ lines: [String]) -> [FencedBlock] {
        var blocks: [FencedBlock] = []
        var open: (fence: String, block: FencedBlock)?
        for (i, line) in lines.enumerated() {
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            let marker = rest.prefix { $0 == "`" || $0 == "~" }
            let isFence = marker.count >= 3 && Set(marker).count == 1
            if var current = open {
                if isFence, marker.first == current.fence.first, marker.count >= current.fence.count,
                   rest.dropFirst(marker.count).trimmingCharacters(in: .whitespaces).isEmpty {
                    current.block.closingLine = i + 1
                    blocks.append(current.block)
                    open = nil
                } else {
                    var content = Substring(line)
                    let strip = min(current.block.indent, content.prefix { $0 == " " }.count)
                    content = content.dropFirst(strip)
                    current.block.lines.append(String(content))
                    open = current
                }
            } else if isFence {
                let info = rest.dropFirst(marker.count).trimmingCharacters(in: .whitespaces)
                open = (String(marker), FencedBlock(fenceLine: i + 1, closingLine: i + 1, info: info, indent: indent, lines: []))
            }
        }
        if var current = open {
            current.block.closingLine = lines.count
            blocks.append(current.block)
        }
        return blocks
    }

    /// The block's statements, one line per README line with prompts removed,
    /// or nil when it is not an example.
    static func statements(of block: FencedBlock) -> String? {
        guard ["", "topline", "tq"].contains(block.info.lowercased()) else { return nil }
        var lines = block.lines
        let firstLine = lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        if firstLine.hasPrefix(prompt) {
            // The shell's form: every line has a prompt, or it is a transcript.
            var stripped: [String] = []
            for line in lines {
                if line.hasPrefix(prompt) {
                    stripped.append(String(line.dropFirst(prompt.count)))
                } else if let range = line.range(of: #"^\s*\.\.\.> ?"#, options: .regularExpression) {
                    stripped.append(String(line[range.upperBound...]))
                } else if line.trimmingCharacters(in: .whitespaces).isEmpty {
                    stripped.append("")
                } else {
                    return nil
                }
            }
            lines = stripped
        }
        guard let first = lines.first(where: {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#")
        }) else { return nil }
        let word = first.trimmingCharacters(in: .whitespaces).prefix { $0.isLetter || $0 == "_" }
        guard statementWords.contains(String(word)) else { return nil }
        return lines.map { $0 + "\n" }.joined()
    }
}

// MARK: - Running an example

enum ReadmeSession {
    /// Rows a human table shows before "… N more rows" in `topline run`
    /// (`CommandLineRunner.defaultMaxRows`, in ToplineShell).
    static let maxRows = 100

    /// The folders whose files the README loads by bare name.
    static let dataFolders = ["Examples/data", "Tests/ToplineTests/Fixtures/survey"]

    /// A scratch working directory: the repository's top-level entries and
    /// every file of `dataFolders`, as symbolic links.
    struct Scratch {
        let path: String

        init() {
            path = TemporaryDirectory(prefix: "topline-readme").path
            let fm = FileManager.default
            var taken: Set<String> = []
            func link(_ target: String, as name: String) {
                guard !name.hasPrefix("."), taken.insert(name).inserted else { return }
                _ = symlink(target, path + "/" + name)
            }
            for name in (try? fm.contentsOfDirectory(atPath: packageRoot.path)) ?? [] {
                link(packagePath(name), as: name)
            }
            for folder in dataFolders {
                for name in ((try? fm.contentsOfDirectory(atPath: packagePath(folder))) ?? []).sorted() {
                    link(packagePath("\(folder)/\(name)"), as: name)
                }
            }
        }

        /// Removes the links, never what they point to, then the folder.
        /// (Not `TemporaryDirectory.remove()`: it gives every path below the
        /// folder back its permissions with `chmod`, which follows a link and
        /// would change the repository's files.)
        func remove() {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                _ = unlink(path + "/" + name)
            }
            _ = rmdir(path)
        }
    }

    /// A session as the README implies it: the shell's bundled figures, then
    /// the README's definitions. Returns the errors of the setup, rendered.
    static func make(in directory: String, definitions: [ReadmeDefinition]) -> (Session, [String]) {
        let session = Session(workingDirectory: directory)
        var problems: [String] = []
        func run(_ source: String, fileName: String) {
            let outcome = session.run(source, fileName: fileName, options: RunOptions(stopOnError: false))
            for d in outcome.diagnostics where d.severity == .error {
                problems.append(DiagnosticRenderer.render(d, source: outcome.source))
            }
        }
        // scripts/run: `topline Examples/data/ceo_study_metrics.csv Examples/data/ceo_study_metrics_extra.csv`
        run("""
            load "Examples/data/ceo_study_metrics.csv"
            load "Examples/data/ceo_study_metrics_extra.csv"
            """, fileName: "scripts/run")
        for definition in definitions {
            // Padded so that a diagnostic names the README line.
            run(String(repeating: "\n", count: definition.line - 1) + definition.text, fileName: "README.md")
        }
        return (session, problems)
    }

    struct Run {
        /// What `topline run` writes to standard output.
        var output = ""
        /// Error diagnostics, rendered.
        var errors: [String] = []
    }

    /// Runs the example as `topline run` runs a script.
    static func run(_ example: ReadmeExample, in session: Session) -> Run {
        var run = Run()
        // Padded so that a diagnostic names the README line.
        let source = String(repeating: "\n", count: example.line - 1) + example.code
        let ok = session.execute(source, fileName: "README.md") { event in
            switch event {
            case .table(let table):
                run.output += TableFormatter.render(table, as: .table, options: FormatOptions(maxRows: maxRows))
            case .chart(let chart):
                run.output += ChartRenderer.render(chart, width: 80, color: false)
            case .diagnostic(let d) where d.severity == .error:
                run.errors.append(DiagnosticRenderer.render(d, source: session.sourceFile(named: "README.md")))
            case .diagnostic, .message, .finished:
                break
            }
        }
        if !ok && run.errors.isEmpty { run.errors.append("the run failed without an error diagnostic\n") }
        return run
    }
}

// MARK: - Recording

/// Rewrites output blocks of the README in place (`TOPLINE_RECORD=1`), one at
/// a time: the file is read again under the lock and the example is found by
/// its text as it was read, so blocks recorded before it (which move the
/// lines) and edits made elsewhere in the file since the tests started are kept.
enum ReadmeRecorder {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let lock = Mutex(())

    static func replace(_ example: ReadmeExample, with actual: String, in readme: ReadmeFile, at url: URL) throws {
        guard let output = example.output else { return }
        // The example and its output as they were read, fences included.
        let original = Array(readme.lines[(example.block.fenceLine - 1)..<output.closingLine])
        let indent = String(repeating: " ", count: output.indent)
        let newOutput = actual.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.isEmpty ? "" : indent + $0 }
        let replacement = original.dropLast(output.lines.count + 1) + newOutput + [original[original.count - 1]]
        try lock.withLock { _ in
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            let matches = lines.count < original.count ? [] : (0...(lines.count - original.count)).filter {
                lines[$0..<($0 + original.count)].elementsEqual(original)
            }
            guard matches.count == 1, let at = matches.first else {
                throw Failure(description: "the example and its output block are not in the README exactly once as they were read (edited meanwhile?)")
            }
            let updated = lines[..<at] + replacement + lines[(at + original.count)...]
            try updated.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
