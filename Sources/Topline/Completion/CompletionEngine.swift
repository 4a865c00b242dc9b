/// Tab completion from the grammar state at the cursor.
///
/// The text before the cursor is lexed; the tokens of the statement being
/// typed decide what may come next: statement words at the start, verbs
/// after `|`, datasets after `from`/`join`/`describe`, columns and functions
/// in expressions, the distinct values of a column after `column ==` or
/// `column in (`, file paths inside `load "…`, dot commands after a leading `.`.
struct CompletionEngine {
    let datasets: [String: Dataset]
    let datasetOrder: [String]
    let settings: SessionSettings
    let workingDirectory: String
    let dotCommands: [String]
    /// Distinct values of a dataset's column, as text (cached by the session).
    let values: (Dataset, String) -> [String]
    /// Lists a directory: (name, isDirectory) pairs. Injected for tests.
    let listDirectory: (String) -> [(String, Bool)]

    func complete(_ text: String, cursor rawCursor: Int) -> Completions {
        let bytes = Array(text.utf8)
        let cursor = min(max(0, rawCursor), bytes.count)
        let prefix = Array(bytes[..<cursor])

        // Dot commands: a line that starts with '.'.
        let lineStart = (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let line = String(decoding: prefix[lineStart...], as: UTF8.self)
        if lineStart == 0 || !isInsideStatement(prefix[..<lineStart]), line.hasPrefix("."), !line.contains(" ") {
            let candidates = dotCommands.filter { $0.hasPrefix(line) }
                .map { CompletionCandidate(insertion: $0 + " ", display: $0, kind: .dotCommand) }
            return Completions(range: lineStart..<cursor, candidates: candidates)
        }

        var lexer = Lexer(SourceFile(name: "", bytes: prefix))
        let lexed = lexer.tokenize()
        var tokens = Array(lexed.tokens.dropLast())  // drop end of input
        let statement = currentStatement(tokens)
        // Line breaks inside a statement (around `|`, after `,`) say nothing about what comes next.
        tokens = tokens[statement...].filter { $0.kind != .newline }

        // Inside an open string or back-quoted name: the partial starts at the quote.
        if lexed.endsInsideQuote, let open = tokens.last, case .invalid = open.kind {
            let quote = bytes[open.range.start]
            let partial = String(decoding: prefix[(open.range.start + 1)...], as: UTF8.self)
            let before = Array(tokens.dropLast())
            if quote == UInt8(ascii: "`") {
                return filtered(names(columnsInScope(before), kind: .column), partial: "`" + partial, range: open.range.start..<cursor)
            }
            if case .keyword(.load)? = before.last?.kind {
                return paths(partial, range: (open.range.start + 1)..<cursor)
            }
            return filtered(valueCandidates(before), partial: "\"" + partial, range: open.range.start..<cursor, caseInsensitive: true)
        }

        // The word being typed, if the cursor touches one.
        var partial = ""
        var start = cursor
        if let last = tokens.last, last.range.end == cursor {
            switch last.kind {
            case .identifier(let s):
                partial = s; start = last.range.start; tokens.removeLast()
            case .keyword(let k):
                partial = k.rawValue; start = last.range.start; tokens.removeLast()
            default: break
            }
        }
        return filtered(candidates(after: tokens), partial: partial, range: start..<cursor)
    }

    // MARK: - Contexts

    private func candidates(after tokens: [Token]) -> [CompletionCandidate] {
        guard let last = tokens.last else {
            return Keyword.statementStarts.map { word($0.rawValue, .keyword) }
        }
        switch last.kind {
        case .keyword(.from), .keyword(.join), .keyword(.describe):
            return datasetOrder.map { CompletionCandidate(insertion: quoted($0) + " ", display: $0, kind: .dataset) }
        case .symbol(.pipe):
            return Keyword.verbs.map { word($0.rawValue, .verb) } + [word("left join", .verb)]
        case .keyword(.left):
            return [word("join", .keyword)]
        case .keyword(.set):
            return SettingsStatement.options.map { word($0, .setting) }
        case .keyword(.load):
            return [CompletionCandidate(insertion: "\"", display: "\"path\"", kind: .path)]
        case .symbol(.equal), .symbol(.notEqual):
            let values = valueCandidates(tokens)
            if !values.isEmpty { return values }
        case .symbol(.leftParen), .symbol(.comma):
            let values = valueCandidates(tokens)
            if !values.isEmpty { return values }
        case .identifier, .quotedIdentifier, .integer, .number, .percent, .points, .string, .symbol(.rightParen),
             .keyword(.null), .keyword(.true), .keyword(.false):
            // After a complete operand: operators-as-words and clause words.
            if case .identifier("level") = last.kind, tokens.count >= 2, case .keyword(.set) = tokens[tokens.count - 2].kind {
                return ["90", "95", "99"].map { word($0, .setting) }
            }
            return afterOperand(tokens)
        default:
            break
        }
        return expressionCandidates(tokens)
    }

    /// After a column or value: what can follow it.
    private func afterOperand(_ tokens: [Token]) -> [CompletionCandidate] {
        var words: [Keyword] = [.and, .or, .in, .is, .not]
        switch currentVerb(tokens) {
        case .summarize?: words.append(.by)
        case .sort?: words += [.asc, .desc]
        case .join?: words.append(.on)
        case nil:
            if case .keyword(.load)? = tokens.first?.kind { return [word("as", .keyword), word("weight", .keyword)] }
        default: break
        }
        return words.map { word($0.rawValue, .keyword) }
    }

    private func expressionCandidates(_ tokens: [Token]) -> [CompletionCandidate] {
        let verb = currentVerb(tokens)
        let columns = names(columnsInScope(tokens), kind: .column)
        switch verb {
        case .select?, .pivot?, .sort?, .join?:
            return columns
        case .summarize?:
            if tokens.contains(where: { $0.kind == .keyword(.by) }) { return columns }
            return columns + AggregateFunction.allCases.map { function($0.rawValue) } + ScalarFunction.allCases.map { function($0.rawValue) }
        default:
            return columns + ScalarFunction.allCases.map { function($0.rawValue) }
                + [Keyword.not, .null, .true, .false].map { word($0.rawValue, .keyword) }
        }
    }

    /// The distinct values of the column in `column ==`, `column !=` or `column in (… ,`.
    private func valueCandidates(_ tokens: [Token]) -> [CompletionCandidate] {
        var i = tokens.count - 1
        guard i >= 1 else { return [] }
        switch tokens[i].kind {
        case .symbol(.equal), .symbol(.notEqual):
            i -= 1
        case .symbol(.leftParen), .symbol(.comma):
            // Walk back to `column in (`.
            var j = i
            while j >= 0, tokens[j].kind != .symbol(.leftParen) { j -= 1 }
            guard j >= 2, tokens[j - 1].kind == .keyword(.in) else { return [] }
            i = j - 2
            if i >= 1, tokens[i].kind == .keyword(.not) { i -= 1 }
        default:
            return []
        }
        let name: String
        switch tokens[i].kind {
        case .identifier(let s), .quotedIdentifier(let s): name = s
        default: return []
        }
        guard let dataset = sourceDataset(tokens), let column = dataset.table.column(named: name) else { return [] }
        let isText = column.type == .text
        return values(dataset, name).map {
            CompletionCandidate(insertion: (isText ? stringLiteral($0) : $0) + " ", display: $0, kind: .value)
        }
    }

    private func paths(_ partial: String, range: Range<Int>) -> Completions {
        let slash = partial.lastIndex(of: "/")
        let directoryPart = slash.map { String(partial[...$0]) } ?? ""
        let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        var directory = directoryPart.isEmpty ? "." : directoryPart
        if directory.hasPrefix("~/") { directory = FileSystem.expandingTilde(directory) }
        else if !directory.hasPrefix("/") { directory = workingDirectory + "/" + directory }
        let entries = listDirectory(directory)
            .filter { $0.0.hasPrefix(namePart) && (!$0.0.hasPrefix(".") || namePart.hasPrefix(".")) }
            .sorted { $0.0 < $1.0 }
        let candidates = entries.map { (name, isDirectory) in
            CompletionCandidate(insertion: directoryPart + name + (isDirectory ? "/" : "\" "),
                                display: name + (isDirectory ? "/" : ""), kind: .path)
        }
        return Completions(range: range, candidates: candidates)
    }

    // MARK: - Scope

    /// Index of the first token of the statement the cursor is in.
    private func currentStatement(_ tokens: [Token]) -> Int {
        var start = 0
        for (i, t) in tokens.enumerated() {
            switch t.kind {
            case .symbol(.semicolon):
                start = i + 1
            case .newline:
                let previous = i > 0 ? tokens[i - 1].kind : nil
                let next = i + 1 < tokens.count ? tokens[i + 1].kind : nil
                let continues = next == .symbol(.pipe) || next == .keyword(.and) || next == .keyword(.or) || next == .newline
                if previous != .symbol(.pipe) && previous != .symbol(.comma) && !continues {
                    start = i + 1
                }
            default: break
            }
        }
        return start
    }

    private func isInsideStatement(_ bytes: ArraySlice<UInt8>) -> Bool {
        !StatementCompleteness.isComplete(String(decoding: bytes, as: UTF8.self))
    }

    /// The verb whose clause the cursor is in.
    private func currentVerb(_ tokens: [Token]) -> Keyword? {
        for t in tokens.reversed() {
            if case .symbol(.pipe) = t.kind { return nil }
            if case .keyword(let k) = t.kind, Keyword.verbs.contains(k) { return k }
        }
        return nil
    }

    private func sourceDataset(_ tokens: [Token]) -> Dataset? {
        var i = 0
        if case .keyword(.let) = tokens.first?.kind {
            guard let f = tokens.firstIndex(where: { $0.kind == .keyword(.from) }) else { return nil }
            i = f
        }
        guard i + 1 < tokens.count, tokens[i].kind == .keyword(.from) else { return nil }
        switch tokens[i + 1].kind {
        case .identifier(let s), .quotedIdentifier(let s): return datasets[s]
        default: return nil
        }
    }

    /// Columns of the pipeline at the cursor: the source dataset's, as changed
    /// by the verbs already finished (resolved without running anything).
    private func columnsInScope(_ tokens: [Token]) -> [String] {
        guard let dataset = sourceDataset(tokens) else { return [] }
        let fallback = dataset.table.columnNames
        guard let lastPipe = tokens.lastIndex(where: { $0.kind == .symbol(.pipe) }),
              let from = tokens.firstIndex(where: { $0.kind == .keyword(.from) }), from < lastPipe else { return fallback }
        var parser = Parser(tokens: Array(tokens[from..<lastPipe]) + [Token(.endOfInput, .at(0))], source: SourceFile(name: "", text: ""))
        guard let pipeline = parser.parsePipeline(), parser.diagnostics.isEmpty else { return fallback }
        let resolver = Resolver(fileName: "", datasets: datasets, datasetOrder: datasetOrder, settings: settings)
        let schema = Schema(dataset.table, weight: dataset.weightColumn)
        guard let (_, pending, after) = try? resolver.resolveSteps(pipeline.verbs[...], schema: schema), pending.isEmpty else {
            return fallback
        }
        return after.names
    }

    // MARK: - Candidates

    private func filtered(_ all: [CompletionCandidate], partial: String, range: Range<Int>, caseInsensitive: Bool = false) -> Completions {
        var seen = Set<String>()
        let lowered = partial.lowercased()
        let matching = all.filter { c in
            // Values match case-insensitively; a quoted item also matches
            // what was typed without its quote (`region == As` → "Asia").
            let text = caseInsensitive || c.kind == .value ? c.insertion.lowercased() : c.insertion
            let typed = caseInsensitive || c.kind == .value ? lowered : partial
            let unquoted = text.first == "`" || text.first == "\"" ? String(text.dropFirst()) : text
            let hit = text.hasPrefix(typed) || (!typed.hasPrefix("`") && !typed.hasPrefix("\"") && unquoted.hasPrefix(typed))
            return hit && seen.insert(c.insertion).inserted
        }
        return Completions(range: range, candidates: matching)
    }

    private func word(_ w: String, _ kind: CompletionCandidate.Kind) -> CompletionCandidate {
        CompletionCandidate(insertion: w + " ", display: w, kind: kind)
    }

    private func function(_ name: String) -> CompletionCandidate {
        CompletionCandidate(insertion: name + "(", display: name + "()", kind: .function)
    }

    private func names(_ list: [String], kind: CompletionCandidate.Kind) -> [CompletionCandidate] {
        list.map { CompletionCandidate(insertion: quoted($0) + " ", display: $0, kind: kind) }
    }

    /// A name as it must be written (back-quoted unless a plain identifier),
    /// exactly as the syntax printer writes it.
    private func quoted(_ name: String) -> String { SourcePrinter.name(name) }

    private func stringLiteral(_ s: String) -> String { SourcePrinter.quoted(s) }
}
