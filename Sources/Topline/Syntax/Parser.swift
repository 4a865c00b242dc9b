/// Recursive-descent parser: one method per rule of `Grammar/topline.ebnf`;
/// each verb's rule is parsed by its ``VerbDefinition``.
///
/// After an error the parser skips to the next statement boundary (a newline
/// or `;` outside brackets), so a script with three mistakes reports three
/// errors, each once. Where the input ends, it records what it would have
/// accepted (``Expectation``), which is what completion offers.
///
/// ```swift
/// let (script, diagnostics) = Parser.parse(SourceFile(name: "q.tq", text: "from s | take 3"))
/// _ = script.statements.count   // 1
/// _ = diagnostics.isEmpty       // true
/// ```
struct Parser {
    var stream: TokenStream
    var diagnostics: [Diagnostic] = []
    let source: SourceFile
    /// Where the current statement's syntax error is, if it has one.
    var statementErrorStart: Int?
    /// Starts of invalid tokens skipped while recovering from a syntax error.
    var suppressedLexicalErrors = Set<Int>()
    /// What would have been accepted at the end of the input, in the order the parser checked.
    var expectations: [Expectation] = []
    /// The pipeline being parsed when ``expectations`` were recorded.
    var expectationScope: PipelineScope?
    /// The pipeline being parsed now.
    var scope: PipelineScope?
    /// The column whose values may come next (after `column ==` or `column in (`),
    /// and whether they would be items of an `in (…)` list.
    var valueColumn: ValueColumn?
    /// Whether a syntax error happened at the end of the input: more text could have completed it.
    var ranOutOfInput = false
    /// Whether the expression being parsed is inside `case … end` (and not inside
    /// parentheses within it), where `when`, `then`, `else` and `end` are its words.
    var insideCase = false
    /// Where the expressions parsed are stored (one arena per parser, shared by its whole script).
    let exprs = ExprArena()

    /// A column whose values may come next (a struct, not a tuple: an optional tuple
    /// is handled through the generic runtime).
    struct ValueColumn {
        var column: String
        var inList: Bool
    }

    /// Parses a whole script. Lexical and syntax errors are both returned.
    static func parse(_ source: SourceFile) -> (script: Script, diagnostics: [Diagnostic]) {
        if let refusal = refusal(bytes: source.bytes.count, file: source.name) { return (Script(statements: []), [refusal]) }
        var parser = Parser(TokenStream(Lexer(source)), source: source)
        let script = parser.parseScript()
        // One message per mistake: lexical errors in text skipped after a
        // syntax error are dropped, and the parser says nothing about tokens
        // the lexer already reported. (The parser has read to the end, so
        // the lexer has seen the whole text.)
        var all = parser.stream.lexicalDiagnostics.filter { !parser.suppressedLexicalErrors.contains($0.range?.start ?? -1) }
        all += parser.diagnostics
        all.sort { ($0.range?.start ?? 0) < ($1.range?.start ?? 0) }
        return (script, all)
    }

    /// The longest script read: offsets into it must fit a ``SourceRange``.
    static let sourceLimit = SourceRange.largestOffset

    /// Why a script of `bytes` bytes is not parsed at all: one of 4 GiB or more.
    static func refusal(bytes: Int, file: String) -> Diagnostic? {
        guard bytes > sourceLimit else { return nil }
        return Diagnostic(.error, id: .inputTooLarge, "the script is \(bytes) bytes long: Topline reads scripts shorter than 4 GiB",
                          file: file, range: .at(0), hints: ["split it into several scripts"])
    }

    init(_ stream: TokenStream, source: SourceFile) {
        self.stream = stream
        self.source = source
        // The benchmark script makes a node per 15 bytes or so; a script of comments, fewer. (Past
        // the cap, 224 MB of nodes, the array grows as it fills.)
        exprs.reserve(nodes: min(source.bytes.count / 16, 1 << 22))
    }

    /// A parser of tokens lexed before (completion edits them), ended by `.endOfInput`.
    init(tokens: [Token], source: SourceFile) {
        self.init(TokenStream(tokens: tokens), source: source)
    }

    // MARK: - Statements

    /// script = { separator } [ statement { separator { separator } statement } ] ;
    mutating func parseScript() -> Script {
        var statements: [Statement] = []
        while true {
            skipSeparators()
            // A statement may start at the start or after a separator, not where one just failed.
            if stream.previous?.endsStatement ?? true { note(.statement) }
            if case .endOfInput = current.kind { break }
            statementErrorStart = nil
            scope = nil
            let errorsBefore = diagnostics.count
            if let statement = parseStatement(), diagnostics.count == errorsBefore {
                if !atSeparatorOrEnd {
                    error(.parseExpected, "expected end of statement, found \(current.kind)",
                          at: current.range, hints: hintForTrailingToken())
                    recover()
                } else {
                    statements.append(statement)
                }
            } else {
                recover()
            }
        }
        return Script(statements: statements)
    }

    /// statement = load | design | let | describe | datasets | set | pipeline ;
    mutating func parseStatement() -> Statement? {
        let start = current.range
        switch current.kind {
        case .keyword(.load): return parseLoad()
        case .keyword(.let): return parseLet()
        case .keyword(.design): return parseDesign()
        case .keyword(.describe):
            advance()
            guard let name = expectDatasetName("a dataset name after 'describe'") else { return nil }
            return Statement(kind: .describe(name), range: start.union(name.range))
        case .keyword(.datasets):
            advance()
            return Statement(kind: .datasets, range: start)
        case .keyword(.set): return parseSet()
        case .keyword(.from):
            guard let pipeline = parsePipeline() else { return nil }
            return Statement(kind: .pipeline(pipeline), range: pipeline.range)
        case .keyword(let k) where k.isVerb:
            error(.parseExpectedStatement, "a pipeline must start with 'from'", at: current.range,
                  hints: ["write: from DATASET | \(k.rawValue) …"])
            return nil
        case .identifier(ContextualWord.attach.rawValue): return parseAttach()
        case .identifier(ContextualWord.detach.rawValue): return parseDetach()
        case .identifier(ContextualWord.explain.rawValue): return parseExplain()
        case .identifier(let word):
            let suggestion = Suggestions.closest(to: word, in: Keyword.statementStarts.map(\.rawValue))
            var hints = ["statements start with load, design, let, describe, datasets, set or from"]
            if case .symbol(.assign) = peek(1).kind { hints.append("to name a pipeline, write: let \(word) = from …") }
            error(.parseExpectedStatement, "unknown statement '\(word)'", at: current.range,
                  label: suggestion.map { "did you mean '\($0)'?" }, hints: hints)
            return nil
        default:
            error(.parseExpectedStatement, "expected a statement, found \(current.kind)", at: current.range,
                  hints: ["statements start with load, design, let, describe, datasets, set or from"])
            return nil
        }
    }

    /// design = "design" name "weight" name
    ///          ( replicates | [ "strata" name ] [ "cluster" name { "," name } ] [ "fpc" name { "," name } ] ) ;
    /// (the clause words are not reserved, so columns may be named so)
    mutating func parseDesign() -> Statement? {
        let start = current.range
        advance()
        guard let dataset = expectDatasetName("a dataset name after 'design'") else { return nil }
        guard atWord(.weight) else {
            error(.parseExpected, "expected 'weight' after 'design \(dataset.text)'", at: current.range,
                  hints: ["write: design \(dataset.text) weight W [strata S] [cluster C] [fpc F]",
                          "or: design \(dataset.text) weight W replicates FIRST .. LAST method \(ReplicateMethod.syntax)"])
            return nil
        }
        advance()
        let columns = Expectation.columnOf(dataset: dataset.text)
        guard let weight = expectName("a weight column after 'weight'", columns) else { return nil }
        var clauses = DesignClauses(dataset: dataset, weight: weight)
        var end = weight.range
        if atWord(.replicates) {
            guard let replicates = parseReplicates(dataset: dataset.text, end: &end) else { return nil }
            clauses.replicates = replicates
            return Statement(kind: .design(clauses), range: start.union(end))
        }
        for word in [ContextualWord.strata, .cluster, .fpc] {
            guard atWord(word) else { continue }
            advance()
            guard let column = expectName("a column after '\(word.rawValue)'", columns) else { return nil }
            var list = [column]
            // cluster and fpc name one column per sampling stage: cluster dnum, snum
            while word != .strata, case .symbol(.comma) = current.kind {
                advance()
                guard let next = expectName("a column after ','", columns) else { return nil }
                list.append(next)
            }
            switch word {
            case .strata: clauses.strata = column
            case .cluster: clauses.clusters = list
            default: clauses.fpcs = list
            }
            end = list.last!.range
        }
        if current.kind.isWord(.replicates) {
            error(.parseExpected, "'replicates' cannot follow strata, cluster or fpc", at: current.range,
                  hints: ["replicate weights carry the design: design \(dataset.text) weight \(weight.text) replicates FIRST .. LAST method M"])
            return nil
        }
        return Statement(kind: .design(clauses), range: start.union(end))
    }

    /// replicates = "replicates" name ".." name "method" name [ [ "-" ] number ] ;
    private mutating func parseReplicates(dataset: String, end: inout SourceRange) -> ReplicateClause? {
        advance()
        let columns = Expectation.columnOf(dataset: dataset)
        guard let first = expectName("the first replicate weight column after 'replicates'", columns) else { return nil }
        guard expect(.range, "expected '..' between the first and the last replicate weight column") else { return nil }
        guard let last = expectName("the last replicate weight column after '..'", columns) else { return nil }
        guard atWord(.method) else {
            error(.parseExpected, "expected 'method' after the replicate weights, found \(current.kind)", at: current.range,
                  hints: ["write: replicates \(first.text) .. \(last.text) method \(ReplicateMethod.syntax)"])
            return nil
        }
        advance()
        for word in ReplicateMethod.words { note(.word(word)) }
        guard let method = expectName("a replicate method after 'method' (\(ReplicateMethod.syntax))", .newName) else { return nil }
        var clause = ReplicateClause(first: first, last: last, method: method)
        end = method.range
        // ρ of `fay 0.5`; a sign is read so that a negative ρ is refused for its value, not as a syntax error.
        let signStart = current.range
        var sign = 1.0
        if case .symbol(.minus) = current.kind {
            switch peek(1).kind {
            case .number, .integer:
                sign = -1
                advance()
            default: break
            }
        }
        switch current.kind {
        case .number(let d):
            clause.rho = sign * d
        case .integer(let i):
            clause.rho = sign * Double(i)
        default:
            return clause
        }
        clause.rhoRange = signStart.union(current.range)
        end = current.range
        advance()
        return clause
    }

    /// let = "let" name "=" pipeline ;
    mutating func parseLet() -> Statement? {
        let start = current.range
        advance()
        guard let name = expectName("a name after 'let'", .newName) else { return nil }
        guard expect(.assign, "expected '=' after 'let \(name.text)'") else { return nil }
        skipNewlines()
        note(.keyword(.from))
        guard case .keyword(.from) = current.kind else {
            error(.parseExpected, "expected a pipeline starting with 'from' after '='", at: current.range)
            return nil
        }
        guard let pipeline = parsePipeline() else { return nil }
        return Statement(kind: .let(name, pipeline), range: start.union(pipeline.range))
    }

    /// set = "set" name expr ;
    mutating func parseSet() -> Statement? {
        let start = current.range
        advance()
        guard let option = expectName("a setting name after 'set' (e.g. set level 90)", .setting) else { return nil }
        note(.settingValue(option.text))
        // `on` is a keyword (join … on), but `set continuity on` reads naturally.
        if case .keyword(.on) = current.kind {
            let value = exprs.append(.column(Name("on", current.range)), current.range)
            advance()
            return Statement(kind: .set(option: option, value: value), range: start.union(value.range))
        }
        guard let value = parseExpression() else { return nil }
        return Statement(kind: .set(option: option, value: value), range: start.union(value.range))
    }

    // MARK: - Pipelines

    /// pipeline = "from" name { "|" verb } ;   (newlines may stand before or after "|")
    mutating func parsePipeline() -> Pipeline? {
        let start = current.range
        advance()
        guard let source = expectDatasetName("a dataset name after 'from'") else { return nil }
        scope = PipelineScope(source: source)
        var end = source.range
        while true {
            // A pipe at the start of the next line continues the pipeline.
            guard case .symbol(.pipe) = stream.firstAfterNewlines().kind else { break }
            skipNewlines()
            advance()
            skipNewlines()
            guard let verb = parseVerb() else { return nil }
            if scope?.verbs.isEmpty == true { scope?.verbs.reserveCapacity(8) }
            scope?.verbs.append(verb)
            end = verb.range
        }
        // The scope gathered the verbs (completion reads them there): they are the pipeline's.
        return Pipeline(source: source, verbs: scope?.verbs ?? [], range: start.union(end))
    }

    /// verb = where | select | … ;  each alternative is a ``VerbDefinition``.
    mutating func parseVerb() -> Verb? {
        let keywordRange = current.range
        note(.verb)
        let word: String?
        switch current.kind {
        case .keyword(let k): word = k.rawValue
        case .identifier(let s): word = s
        default: word = nil
        }
        guard let word, let definition = VerbCatalog.definition(startingWith: word) else {
            let names = VerbCatalog.all.map(\.keyword.rawValue)
            if case .identifier(let typed) = current.kind {
                let suggestion = Suggestions.verbSynonym(typed) ?? Suggestions.closest(to: typed, in: names)
                error(.parseUnknownVerb, "unknown verb '\(typed)'", at: current.range,
                      label: suggestion.map { "did you mean '\($0)'?" }, hints: ["verbs: " + names.joined(separator: ", ")])
            } else {
                error(.parseExpected, "expected a verb after '|', found \(current.kind)", at: current.range,
                      hints: ["verbs: " + names.joined(separator: ", ")])
            }
            return nil
        }
        scope?.verbKeyword = definition.keyword
        defer { scope?.verbKeyword = nil }
        guard let syntax = definition.parse(&self) else { return nil }
        let end = (stream.previous ?? current).range
        return Verb(syntax: syntax, keywordRange: keywordRange, range: keywordRange.union(end))
    }

    /// selectItem = name [ "=" expr ] ;
    mutating func parseSelectItem() -> SelectItem? {
        guard let name = expectName("a column name", .column) else { return nil }
        if case .symbol(.assign) = current.kind {
            advance()
            guard let value = parseExpression() else { return nil }
            return .assignment(Assignment(name: name, value: value))
        }
        return .column(name)
    }

    /// assignment = name "=" expr ;
    mutating func parseAssignment() -> Assignment? {
        guard let name = expectName("a new column name (NAME = expression)", .newName) else { return nil }
        guard expect(.assign, "expected '=' after '\(name.text)' (NAME = expression)") else { return nil }
        guard let value = parseExpression() else { return nil }
        return Assignment(name: name, value: value)
    }

    /// `by name { "," name }` after an aggregate or a comparison, if present.
    mutating func parseByColumns() -> [Name]? {
        guard accept(.by) else { return [] }
        return parseList { $0.expectName("a column name after 'by'", .column) }
    }

    /// item { "," item } — newlines may follow a comma.
    mutating func parseList<T>(_ item: (inout Parser) -> T?) -> [T]? {
        var items: [T] = []
        // Room for a few items at once: growing from one item costs an allocation per doubling.
        items.reserveCapacity(4)
        repeat {
            guard let x = item(&self) else { return nil }
            items.append(x)
            guard case .symbol(.comma) = current.kind else { break }
            advance()
            skipNewlines()
        } while true
        return items
    }
}
