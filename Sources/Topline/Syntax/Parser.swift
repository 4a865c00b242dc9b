/// Recursive-descent parser: one method per rule of `Grammar/topline.ebnf`.
///
/// After an error the parser skips to the next statement boundary (a newline
/// or `;` outside brackets), so a script with three mistakes reports three
/// errors, each once.
///
/// ```swift
/// let (script, diagnostics) = Parser.parse(SourceFile(name: "q.tq", text: "from s | take 3"))
/// ```
public struct Parser {
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    let source: SourceFile
    /// Where the current statement's syntax error is, if it has one.
    var statementErrorStart: Int?
    /// Starts of invalid tokens skipped while recovering from a syntax error.
    var suppressedLexicalErrors = Set<Int>()

    /// Parses a whole script. Lexical and syntax errors are both returned.
    public static func parse(_ source: SourceFile) -> (script: Script, diagnostics: [Diagnostic]) {
        var lexer = Lexer(source)
        let lexed = lexer.tokenize()
        var parser = Parser(tokens: lexed.tokens, source: source)
        let script = parser.parseScript()
        // One message per mistake: lexical errors in text skipped after a
        // syntax error are dropped, and the parser says nothing about tokens
        // the lexer already reported.
        var all = lexed.diagnostics.filter { !parser.suppressedLexicalErrors.contains($0.range?.start ?? -1) }
        all += parser.diagnostics
        all.sort { ($0.range?.start ?? 0) < ($1.range?.start ?? 0) }
        return (script, all)
    }

    init(tokens: [Token], source: SourceFile) {
        self.tokens = tokens
        self.source = source
    }

    // MARK: - Statements

    /// script = { separator } [ statement { separator { separator } statement } ] ;
    mutating func parseScript() -> Script {
        var statements: [Statement] = []
        while true {
            skipSeparators()
            if case .endOfInput = current.kind { break }
            statementErrorStart = nil
            let errorsBefore = diagnostics.count
            if let statement = parseStatement(), diagnostics.count == errorsBefore {
                if !atSeparatorOrEnd {
                    error("parse.expected", "expected end of statement, found \(current.kind)",
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

    /// statement = load | let | describe | datasets | set | pipeline ;
    mutating func parseStatement() -> Statement? {
        let start = current.range
        switch current.kind {
        case .keyword(.load): return parseLoad()
        case .keyword(.let): return parseLet()
        case .keyword(.describe):
            advance()
            guard let name = expectName("a dataset name after 'describe'") else { return nil }
            return Statement(kind: .describe(name), range: start.union(name.range))
        case .keyword(.datasets):
            advance()
            return Statement(kind: .datasets, range: start)
        case .keyword(.set): return parseSet()
        case .keyword(.from):
            guard let pipeline = parsePipeline() else { return nil }
            return Statement(kind: .pipeline(pipeline), range: pipeline.range)
        case .keyword(let k) where Keyword.verbs.contains(k):
            error("parse.expected-statement", "a pipeline must start with 'from'", at: current.range,
                  hints: ["write: from DATASET | \(k.rawValue) …"])
            return nil
        case .identifier(let word):
            let suggestion = Suggestions.closest(to: word, in: Keyword.statementStarts.map(\.rawValue))
            var hints = ["statements start with load, let, describe, datasets, set or from"]
            if case .symbol(.assign) = peek(1).kind { hints.append("to name a pipeline, write: let \(word) = from …") }
            error("parse.expected-statement", "unknown statement '\(word)'", at: current.range,
                  label: suggestion.map { "did you mean '\($0)'?" }, hints: hints)
            return nil
        default:
            error("parse.expected-statement", "expected a statement, found \(current.kind)", at: current.range,
                  hints: ["statements start with load, let, describe, datasets, set or from"])
            return nil
        }
    }

    /// load = "load" string [ "as" name ] [ "weight" name ] ;   ("weight" is not reserved)
    mutating func parseLoad() -> Statement? {
        let start = current.range
        advance()
        guard case .string(let path) = current.kind else {
            error("parse.expected", "expected a file path in quotes after 'load'", at: current.range,
                  hints: ["write: load \"data/survey.csv\" as survey"])
            return nil
        }
        let pathRange = current.range
        advance()
        var end = pathRange
        var name: Name?
        var weight: Name?
        if case .keyword(.as) = current.kind {
            advance()
            guard let n = expectName("a dataset name after 'as'") else { return nil }
            name = n
            end = n.range
        }
        // `weight` is a word only here, so columns may be called weight.
        if case .identifier("weight") = current.kind {
            advance()
            guard let w = expectName("a weight column after 'weight'") else { return nil }
            weight = w
            end = w.range
        }
        return Statement(kind: .load(path: path, pathRange: pathRange, name: name, weight: weight), range: start.union(end))
    }

    /// let = "let" name "=" pipeline ;
    mutating func parseLet() -> Statement? {
        let start = current.range
        advance()
        guard let name = expectName("a name after 'let'") else { return nil }
        guard expect(.assign, "expected '=' after 'let \(name.text)'") else { return nil }
        skipNewlines()
        guard case .keyword(.from) = current.kind else {
            error("parse.expected", "expected a pipeline starting with 'from' after '='", at: current.range)
            return nil
        }
        guard let pipeline = parsePipeline() else { return nil }
        return Statement(kind: .let(name, pipeline), range: start.union(pipeline.range))
    }

    /// set = "set" name expr ;
    mutating func parseSet() -> Statement? {
        let start = current.range
        advance()
        guard let option = expectName("a setting name after 'set' (e.g. set level 90)") else { return nil }
        // `on` is a keyword (join … on), but `set continuity on` reads naturally.
        if case .keyword(.on) = current.kind {
            let value = Expr(.column(Name("on", current.range)), current.range)
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
        guard let source = expectName("a dataset name after 'from'") else { return nil }
        var verbs: [Verb] = []
        var end = source.range
        while true {
            // A pipe at the start of the next line continues the pipeline.
            let save = index
            skipNewlines()
            guard case .symbol(.pipe) = current.kind else {
                index = save
                break
            }
            advance()
            skipNewlines()
            guard let verb = parseVerb() else { return nil }
            verbs.append(verb)
            end = verb.range
        }
        return Pipeline(source: source, verbs: verbs, range: start.union(end))
    }

    /// verb = where | select | derive | summarize | sort | take | pivot | join ;
    mutating func parseVerb() -> Verb? {
        let keywordRange = current.range
        let kind: Verb.Kind
        switch current.kind {
        case .keyword(.where):
            advance()
            guard let e = parseExpression() else { return nil }
            kind = .where(e)
        case .keyword(.select):
            advance()
            guard let items = parseList({ $0.parseSelectItem() }) else { return nil }
            kind = .select(items)
        case .keyword(.derive):
            advance()
            guard let items = parseList({ $0.parseAssignment() }) else { return nil }
            kind = .derive(items)
        case .keyword(.summarize):
            advance()
            guard let items = parseList({ $0.parseAssignment() }) else { return nil }
            var groups: [Name] = []
            if case .keyword(.by) = current.kind {
                advance()
                guard let names = parseList({ $0.expectName("a column name after 'by'") }) else { return nil }
                groups = names
            }
            kind = .summarize(items, by: groups)
        case .keyword(.sort):
            advance()
            guard let keys = parseList({ $0.parseSortKey() }) else { return nil }
            kind = .sort(keys)
        case .keyword(.take):
            advance()
            guard let e = parseExpression() else { return nil }
            kind = .take(e)
        case .keyword(.pivot):
            advance()
            guard let key = expectName("the key column after 'pivot' (pivot KEY VALUE)"),
                  let value = expectName("the value column after 'pivot \(key.text)' (pivot KEY VALUE)")
            else { return nil }
            kind = .pivot(key: key, value: value)
        case .keyword(.join), .keyword(.left):
            var joinKind = JoinKind.inner
            if case .keyword(.left) = current.kind {
                advance()
                joinKind = .left
                guard case .keyword(.join) = current.kind else {
                    error("parse.expected", "expected 'join' after 'left'", at: current.range)
                    return nil
                }
            }
            advance()
            guard let other = expectName("a dataset name after 'join'") else { return nil }
            guard expectKeyword(.on, "expected 'on' after 'join \(other.text)' (join OTHER on COLUMN)") else { return nil }
            guard let leftKey = expectName("a column name after 'on'") else { return nil }
            var rightKey: Name?
            if case .symbol(.assign) = current.kind {
                advance()
                guard let r = expectName("a column of '\(other.text)' after '='") else { return nil }
                rightKey = r
            } else if case .symbol(.equal) = current.kind {
                advance()
                guard let r = expectName("a column of '\(other.text)' after '=='") else { return nil }
                rightKey = r
            }
            kind = .join(joinKind, other: other, leftKey: leftKey, rightKey: rightKey)
        case .keyword(.compare):
            advance()
            guard let first = parseExpression() else { return nil }
            guard expectKeyword(.vs, "expected 'vs' between the two things to compare (compare A vs B)") else { return nil }
            guard let second = parseExpression() else { return nil }
            var groups: [Name] = []
            if case .keyword(.by) = current.kind {
                advance()
                guard let names = parseList({ $0.expectName("a column name after 'by'") }) else { return nil }
                groups = names
            }
            var mode: Name?
            if case .keyword(.as) = current.kind {
                advance()
                guard let m = expectName("paired, independent or subgroup after 'as'") else { return nil }
                mode = m
            }
            kind = .compare(first: first, second: second, by: groups, mode: mode)
        case .keyword(.sources):
            advance()
            kind = .sources
        case .keyword(.chart):
            advance()
            guard let chart = parseChart() else { return nil }
            kind = .chart(chart)
        case .identifier(let word):
            let names = Keyword.verbs.map(\.rawValue)
            let suggestion = Suggestions.verbSynonym(word) ?? Suggestions.closest(to: word, in: names)
            error("parse.unknown-verb", "unknown verb '\(word)'", at: current.range,
                  label: suggestion.map { "did you mean '\($0)'?" },
                  hints: ["verbs: " + names.joined(separator: ", ")])
            return nil
        default:
            error("parse.expected", "expected a verb after '|', found \(current.kind)", at: current.range,
                  hints: ["verbs: " + Keyword.verbs.map(\.rawValue).joined(separator: ", ")])
            return nil
        }
        let end = tokens[max(0, index - 1)].range
        return Verb(kind: kind, keywordRange: keywordRange, range: keywordRange.union(end))
    }

    /// chart = "chart" name expr [ "->" expr ] [ "over" name ] [ "by" name ] ;
    mutating func parseChart() -> ChartSyntax? {
        guard let kind = expectName("a chart kind after 'chart' (bar, dumbbell or line)") else { return nil }
        guard let value = parseExpression() else { return nil }
        var chart = ChartSyntax(kind: kind, value: value)
        if case .symbol(.arrow) = current.kind {
            advance()
            guard let to = parseExpression() else { return nil }
            chart.to = to
        }
        if case .identifier("over") = current.kind {
            advance()
            guard let over = expectName("a column after 'over'") else { return nil }
            chart.over = over
        }
        if case .keyword(.by) = current.kind {
            advance()
            guard let by = expectName("a column after 'by'") else { return nil }
            chart.by = by
        }
        return chart
    }

    /// selectItem = name [ "=" expr ] ;
    mutating func parseSelectItem() -> SelectItem? {
        guard let name = expectName("a column name") else { return nil }
        if case .symbol(.assign) = current.kind {
            advance()
            guard let value = parseExpression() else { return nil }
            return .assignment(Assignment(name: name, value: value))
        }
        return .column(name)
    }

    /// assignment = name "=" expr ;
    mutating func parseAssignment() -> Assignment? {
        guard let name = expectName("a new column name (NAME = expression)") else { return nil }
        guard expect(.assign, "expected '=' after '\(name.text)' (NAME = expression)") else { return nil }
        guard let value = parseExpression() else { return nil }
        return Assignment(name: name, value: value)
    }

    /// sortKey = expr [ "asc" | "desc" ] ;
    mutating func parseSortKey() -> SortKey? {
        guard let e = parseExpression() else { return nil }
        if case .keyword(.desc) = current.kind { advance(); return SortKey(expr: e, descending: true) }
        if case .keyword(.asc) = current.kind { advance() }
        return SortKey(expr: e, descending: false)
    }

    /// item { "," item } — newlines may follow a comma.
    mutating func parseList<T>(_ item: (inout Parser) -> T?) -> [T]? {
        var items: [T] = []
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
