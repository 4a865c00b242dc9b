/// The `load` statement, defined once: its clauses, their help, the words
/// and values completion offers, its grammar rule, and its parsing. The
/// parser, completion, the source printer, the tree dump, the grammar test
/// and the README's table of load clauses read this.
///
/// ```swift
/// _ = LoadStatement.syntax
/// // load "PATH" [as NAME] [weight COLUMN] [format FORMAT] [delimiter "C"] [encoding "NAME"] [keep missing]
/// _ = LoadStatement.clauses.map { $0.word }   // ["weight", "format", "delimiter", "encoding", "keep"]
/// ```
///
/// The clauses after the path may come in any order, each once. Their words
/// are read only here, so columns may still be called `format` or `weight`.
public enum LoadStatement {
    /// One clause after `load "PATH"` (besides `as NAME`).
    public struct Clause: Sendable {
        /// The word that starts it.
        public let word: String
        public let option: Kind
        /// How it is written.
        public let syntax: String
        /// What it does.
        public let summary: String
        /// What completion offers after the word.
        public let values: [String]
    }

    public enum Kind: String, Sendable {
        case weight, format, delimiter, encoding, keepMissing = "keep missing"
    }

    public static let clauses: [Clause] = [
        Clause(word: "weight", option: .weight, syntax: "weight COLUMN",
               summary: "the survey weight of each row: estimates are weighted (R's svydesign(ids = ~1, weights = ~w))", values: []),
        Clause(word: "format", option: .format, syntax: "format FORMAT",
               summary: "the format when the extension does not tell it: " + DatasetReader.Format.names.joined(separator: ", "),
               values: DatasetReader.Format.names),
        Clause(word: "delimiter", option: .delimiter, syntax: #"delimiter "C""#,
               summary: #"the field separator of a CSV file, one character: ";" (European exports), "|", "\t" (a tab reads as TSV)"#,
               values: [";", ",", "|", "\t"].map { SourcePrinter.quoted($0) }),
        Clause(word: "encoding", option: .encoding, syntax: #"encoding "NAME""#,
               summary: "the file's character encoding, decoded to UTF-8: " + TextEncoding.names.joined(separator: ", ")
                   + " (default: UTF-8, or what an SPSS or Stata file declares)",
               values: TextEncoding.names.map { SourcePrinter.quoted($0) }),
        Clause(word: "keep", option: .keepMissing, syntax: "keep missing",
               summary: "SPSS user-missing codes (98 \"Don't know\") load as values instead of nulls", values: ["missing"]),
    ]

    /// How the statement is written.
    public static let syntax = #"load "PATH" [as NAME] "# + clauses.map { "[\($0.syntax)]" }.joined(separator: " ")

    /// Its rule in `Grammar/topline.ebnf` (a test checks it stands there).
    static let grammar = """
        load          = "load" , string , { load-clause } ;   (* each clause once, in any order *)
        load-clause   = "as" , name | "weight" , name | "format" , name | "delimiter" , string
                      | "encoding" , string | "keep" , "missing" ;
                                                       (* "weight", "format", "delimiter", "encoding", "keep", "missing" are not reserved *)
        """

    /// The words of the clauses, which stay usable as names.
    static let words = clauses.map { $0.word } + [ContextualWord.missing.rawValue]

    static func clause(_ word: String) -> Clause? { clauses.first { $0.word == word } }
}

/// `load "path" …` as parsed: the path, the name, the weight and the options, with where each was written.
struct LoadClauses: Sendable {
    var path: String
    var pathRange: SourceRange
    var name: Name?
    var weight: Name?
    var options = LoadOptions()
    /// Where each clause was written (its word and value), for the errors about it.
    var ranges: [LoadStatement.Kind: SourceRange] = [:]

    init(path: String, pathRange: SourceRange) {
        self.path = path
        self.pathRange = pathRange
    }

    /// The clauses as they are written back: `load "x.csv" as d weight w format csv delimiter ";"`.
    var sourceText: String {
        var text = "load " + SourcePrinter.quoted(path)
        if let name { text += " as " + SourcePrinter.name(name.text) }
        if let weight { text += " weight " + SourcePrinter.name(weight.text) }
        if let format = options.format { text += " format " + format.rawValue }
        if let delimiter = options.delimiter { text += " delimiter " + SourcePrinter.quoted(String(UnicodeScalar(delimiter))) }
        if let encoding = options.encoding { text += " encoding " + SourcePrinter.quoted(encoding.rawValue) }
        if options.keepMissing { text += " keep missing" }
        return text
    }
}

extension Parser {
    /// load = "load" string { load-clause } (see ``LoadStatement``).
    mutating func parseLoad() -> Statement? {
        let start = current.range
        advance()
        note(.path)
        guard case .string(let path) = current.kind else {
            error(.parseExpected, "expected a file path in quotes after 'load'", at: current.range,
                  hints: ["write: load \"data/survey.csv\" as survey"])
            return nil
        }
        var load = LoadClauses(path: path, pathRange: current.range)
        var end = current.range
        advance()
        // `load "f.csv" into pg as TABLE` copies the file into an attached database instead.
        if atWord(.into) { return parseLoadInto(path: path, pathRange: load.pathRange, start: start) }
        var seenName = false
        while true {
            if !seenName { note(.keyword(.as)) }
            // (Only at the end of the input, where notes are kept: the loop costs a lookup per clause.)
            if case .endOfInput = current.kind {
                for clause in LoadStatement.clauses where load.ranges[clause.option] == nil { note(.word(clause.word)) }
            }
            let word = current.range
            if case .keyword(.as) = current.kind {
                guard !seenName else { return twice("as", at: word) }
                advance()
                guard let name = expectName("a dataset name after 'as'", .newName) else { return nil }
                load.name = name
                seenName = true
                end = name.range
                continue
            }
            guard case .identifier(let w) = current.kind else { break }
            guard let clause = LoadStatement.clause(w) else {
                // A misspelt clause (`delimeter`) says what load takes, rather than "expected end of statement".
                let near = Suggestions.closest(to: w, in: LoadStatement.words + ["as"])
                error(.parseExpected, "'\(w)' is not a clause of load", at: word, label: near.map { "did you mean '\($0)'?" },
                      hints: ["write: " + LoadStatement.syntax])
                return nil
            }
            guard load.ranges[clause.option] == nil else { return twice(clause.word, at: word) }
            advance()
            guard let valueRange = parseLoadValue(clause, into: &load) else { return nil }
            load.ranges[clause.option] = word.union(valueRange)
            end = valueRange
        }
        return Statement(kind: .load(load), range: start.union(end))
    }

    /// The value after a clause's word, into `load`; its range, or nil after an error.
    private mutating func parseLoadValue(_ clause: LoadStatement.Clause, into load: inout LoadClauses) -> SourceRange? {
        let range = current.range
        switch clause.option {
        case .weight:
            guard let w = expectName("a weight column after 'weight'", .newName) else { return nil }
            load.weight = w
        case .format:
            for name in clause.values { note(.word(name)) }
            guard case .identifier(let name) = current.kind else {
                error(.parseExpected, "expected a format after 'format', found \(current.kind)", at: range,
                      hints: ["formats: " + DatasetReader.Format.names.joined(separator: ", ")])
                return nil
            }
            guard let format = DatasetReader.Format(name: name) else {
                let near = Suggestions.closest(to: name, in: DatasetReader.Format.names)
                error(.loadOption, "unknown format '\(name)'", at: range, label: near.map { "did you mean '\($0)'?" },
                      hints: ["formats: " + DatasetReader.Format.names.joined(separator: ", ")])
                return nil
            }
            load.options.format = format
            advance()
        case .delimiter:
            for value in clause.values { note(.word(value)) }
            guard case .string(let text) = current.kind else {
                error(.parseExpected, "expected the delimiter in quotes after 'delimiter', found \(current.kind)", at: range,
                      hints: [#"write: delimiter ";""#])
                return nil
            }
            let bytes = Array(text.utf8)
            guard bytes.count == 1, let byte = bytes.first, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D, byte != 0 else {
                error(.loadOption, "the delimiter must be one character (not a quote or a line break), not \(SourcePrinter.quoted(text))",
                      at: range, hints: [#"for example: delimiter ";", delimiter "|", delimiter "\t""#])
                return nil
            }
            load.options.delimiter = byte
            advance()
        case .encoding:
            for value in clause.values { note(.word(value)) }
            guard case .string(let name) = current.kind else {
                error(.parseExpected, "expected the encoding in quotes after 'encoding', found \(current.kind)", at: range,
                      hints: [#"write: encoding "latin1""#])
                return nil
            }
            guard let encoding = TextEncoding(name: name) else {
                let aliases = TextEncoding.allCases.flatMap { $0.aliases }
                let near = Suggestions.closest(to: name.lowercased(), in: aliases)
                error(.loadOption, "unknown encoding \(SourcePrinter.quoted(name))", at: range, label: near.map { "did you mean '\($0)'?" },
                      hints: ["encodings: " + TextEncoding.names.joined(separator: ", ")])
                return nil
            }
            load.options.encoding = encoding
            advance()
        case .keepMissing:
            guard atWord(.missing) else {
                error(.parseExpected, "expected 'missing' after 'keep', found \(current.kind)", at: range, hints: ["write: keep missing"])
                return nil
            }
            load.options.keepMissing = true
            advance()
        }
        return range
    }

    private mutating func twice(_ word: String, at range: SourceRange) -> Statement? {
        error(.parseExpected, "'\(word)' is given twice in one load", at: range)
        return nil
    }
}
