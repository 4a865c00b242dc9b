/// Tab completion from the parser's own state at the cursor.
///
/// The text before the cursor is parsed (without the word being typed);
/// what the parser would have accepted where that text ends
/// (``Expectation``) decides the candidates: statement words, verbs after
/// `|`, clause words (`by`, `vs`, `as`, `over`, `asc`, …), datasets, the
/// columns that exist at that point of the pipeline (after `pivot`, the
/// pivoted columns), functions, the distinct values of a column after
/// `column ==` or `column in (`, settings and their values, file paths
/// inside `load "…`, and dot commands after a leading `.`.
struct CompletionEngine {
    let catalog: DatasetCatalog
    let settings: SessionSettings
    let workingDirectory: String
    let dotCommands: [String]
    /// Distinct values of a dataset's column, as text (cached by the session).
    let values: (_ dataset: String, _ column: String) -> [String]
    /// Lists a directory: (name, isDirectory) pairs. Injected for tests.
    let listDirectory: (String) -> [(String, Bool)]

    /// A pipeline is run to learn its columns after a `pivot` only on at most this many rows.
    static let previewRowLimit = 200_000

    func complete(_ text: String, cursor rawCursor: Int) -> Completions {
        let bytes = Array(text.utf8)
        let cursor = min(max(0, rawCursor), bytes.count)
        let prefix = Array(bytes[..<cursor])

        // Dot commands: a line that starts with '.' outside a statement.
        let lineStart = (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let line = String(decoding: prefix[lineStart...], as: UTF8.self)
        if line.hasPrefix("."), !line.contains(" "),
           lineStart == 0 || Parser.isComplete(String(decoding: prefix[..<lineStart], as: UTF8.self)) {
            let candidates = dotCommands.filter { $0.hasPrefix(line) }
                .map { CompletionCandidate(insertion: $0 + " ", display: $0, kind: .dotCommand) }
            return Completions(range: lineStart..<cursor, candidates: candidates)
        }

        var lexer = Lexer(SourceFile(name: "", bytes: prefix))
        let lexed = lexer.tokenize()
        var tokens = Array(lexed.tokens.dropLast())  // the end of input comes back after the partial word is gone

        // Inside an open string or back-quoted name: the partial starts at the quote.
        if lexed.endsInsideQuote, let open = tokens.last, case .invalid = open.kind {
            let quote = bytes[open.range.start]
            let partial = String(decoding: prefix[(open.range.start + 1)...], as: UTF8.self)
            tokens.removeLast()
            let (expected, scope) = expectations(after: tokens, at: open.range.start)
            if quote == UInt8(ascii: "`") {
                let columns = expected.contains(where: Self.wantsColumns) ? columnNames(columnsInScope(scope), scope) : []
                return filtered(columns, partial: "`" + partial, range: open.range.start..<cursor)
            }
            if expected.contains(.path) { return paths(partial, range: (open.range.start + 1)..<cursor) }
            return filtered(valueCandidates(expected, scope), partial: "\"" + partial, range: open.range.start..<cursor, caseInsensitive: true)
        }

        // The word being typed, if the cursor touches one.
        var partial = ""
        var start = cursor
        if let last = tokens.last, last.range.end == cursor {
            switch last.kind {
            case .identifier(let s): partial = s; start = last.range.start; tokens.removeLast()
            case .keyword(let k): partial = k.rawValue; start = last.range.start; tokens.removeLast()
            default: break
            }
        }
        let (expected, scope) = expectations(after: tokens, at: start)
        return filtered(candidates(expected, scope), partial: partial, range: start..<cursor)
    }

    /// What the parser accepts after `tokens`, and the pipeline it was in.
    private func expectations(after tokens: [Token], at offset: Int) -> ([Expectation], PipelineScope?) {
        var parser = Parser(tokens: tokens + [Token(.endOfInput, .at(offset))], source: SourceFile(name: "", text: ""))
        _ = parser.parseScript()
        return (parser.expectations, parser.expectationScope)
    }

    private static func wantsColumns(_ e: Expectation) -> Bool {
        switch e {
        case .column, .expression: return true
        default: return false
        }
    }

    // MARK: - Candidates

    private func candidates(_ expected: [Expectation], _ scope: PipelineScope?) -> [CompletionCandidate] {
        // After `column ==` the column's values are what is wanted (and a word
        // that may stand there instead: `else` of a recode).
        let values = valueCandidates(expected, scope)
        if !values.isEmpty {
            return values + expected.compactMap { if case .word(let w) = $0 { return word(w, .keyword) } else { return nil } }
        }
        // After `set NAME`, the setting's own values (none for a number).
        for case .settingValue(let name) in expected {
            return (SettingsStatement.all.first { $0.name == name }?.values ?? []).map { word($0, .setting) }
        }
        var out: [CompletionCandidate] = []
        for e in expected {
            switch e {
            case .statement:
                out += Keyword.statementStarts.map { word($0.rawValue, .keyword) }
                out += Parser.attachStatementWords.map { word($0, .keyword) }
            case .verb:
                out += VerbCatalog.spellings.map { word($0, .verb) }
            case .keyword(let k):
                out.append(word(k.rawValue, .keyword))
            case .word(let w):
                out.append(word(w, .keyword))
            case .dataset:
                out += catalog.names.map { CompletionCandidate(insertion: quoted($0) + " ", display: $0, kind: .dataset) }
                // An attached database's name, to go on with a dot and one of its tables.
                out += catalog.attachments.names.map { CompletionCandidate(insertion: quoted($0) + ".", display: $0 + ".", kind: .dataset) }
            case .attachment:
                out += names(catalog.attachments.names, kind: .dataset)
            case .attachedTable(let name):
                out += AttachedCompletion(attachments: catalog.attachments).tables(of: name)
            case .column:
                out += columnNames(columnsInScope(scope), scope)
            case .columnOf(let other):
                out += names(catalog.stored(other)?.columnNames ?? [], kind: .column)
            case .expression:
                out += columnNames(columnsInScope(scope), scope)
                switch scope?.verb?.functions {
                case .aggregate?: out += FunctionCatalog.aggregates.filter { !$0.window }.map { function($0.name) }
                case .window?: out += FunctionCatalog.aggregates.map { function($0.name) }
                default: break
                }
                out += FunctionCatalog.scalars.map { function($0.name) }
                out += [Keyword.not, .null, .true, .false].map { word($0.rawValue, .keyword) }
                // `case when ` and `recode(`.
                out += ExpressionForms.all.map { $0.insertion.hasSuffix("(") ? function($0.name) : CompletionCandidate(insertion: $0.insertion, display: $0.name, kind: .keyword) }
            case .path:
                out.append(CompletionCandidate(insertion: "\"", display: "\"path\"", kind: .path))
            case .setting:
                out += SettingsStatement.options.map { word($0, .setting) }
            case .newName, .value, .settingValue:
                break
            }
        }
        return out
    }

    /// The distinct values of the column in `column ==`, `column !=` or `column in (`.
    private func valueCandidates(_ expected: [Expectation], _ scope: PipelineScope?) -> [CompletionCandidate] {
        for case .value(let name, let inList) in expected {
            if let scope, scope.source.remote != nil {
                return AttachedCompletion(attachments: catalog.attachments).values(of: name, scope, inList: inList)
            }
            guard let source = scope?.source.text, let dataset = catalog.stored(source),
                  dataset.columnNames.contains(name) else { continue }
            let isText = (try? catalog.dataset(source, columns: [name]))??.table.column(named: name)?.type == .text
            // An item of `in (…)` is followed by `,` or `)`, written right after it.
            let after = inList ? "" : " "
            // A column of codes with labels (an age with 99 "Refused") compares with its labels too.
            let info = (try? catalog.dataset(source, columns: [name]))??.table.column(named: name)?.labels
            let labels = info.map { $0.holdsLabels || isText ? [] : $0.values.map { $0.label } } ?? []
            return values(source, name).map {
                CompletionCandidate(insertion: (isText ? stringLiteral($0) : $0) + after, display: $0, kind: .value)
            } + labels.map { CompletionCandidate(insertion: stringLiteral($0) + after, display: $0, kind: .value) }
        }
        return []
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

    /// The columns that exist where the cursor is: the source dataset's, as
    /// changed by the verbs finished before it — resolved without running
    /// anything, except that the stage up to a `pivot` is run (on a dataset
    /// of at most ``previewRowLimit`` rows) to learn the pivoted columns.
    private func columnsInScope(_ scope: PipelineScope?) -> [String] {
        if let scope, scope.source.remote != nil {
            return AttachedCompletion(attachments: catalog.attachments).columns(scope, settings: settings, catalog: catalog)
        }
        guard let scope, let stored = catalog.stored(scope.source.text) else { return [] }
        guard !scope.verbs.isEmpty, let dataset = try? catalog.dataset(stored.name) else { return stored.columnNames }
        let resolver = Resolver(fileName: "", catalog: catalog, settings: settings)
        var schema = Schema(dataset.table, weight: dataset.weightColumn)
        schema.hasDesign = dataset.designFrame?.declared ?? false
        guard let (steps, pending, after) = try? resolver.resolveSteps(scope.verbs[...], schema: schema) else {
            return dataset.table.columnNames
        }
        // Known without data unless a verb whose columns come from the data (a pivot) was resolved.
        let waitsForData = !pending.isEmpty || scope.verbs.last?.columnEffect == .fromData
        if !waitsForData { return after.names }
        guard dataset.table.rowCount <= Self.previewRowLimit else { return after.names }
        let context = EvaluationContext(fileName: "", interrupt: nil, settings: settings)
        let pipeline = ResolvedPipeline(input: dataset.table, inputSchema: schema, steps: steps, pending: pending)
        guard let output = try? Interpreter(context: context, resolver: resolver).run(pipeline) else { return after.names }
        return output.table.columnNames
    }

    // MARK: - Building candidates

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
                || Self.labelMatches(c.detail, lowered)
            return hit && seen.insert(c.insertion).inserted
        }
        return Completions(range: range, candidates: matching)
    }

    /// Whether a word of a variable label starts with what was typed (at least three letters, any case).
    private static func labelMatches(_ label: String?, _ typed: String) -> Bool {
        guard let label, typed.count >= 3 else { return false }
        return label.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains { $0.hasPrefix(typed) }
    }

    /// Column candidates, each with its variable label when the source dataset's column has one.
    private func columnNames(_ list: [String], _ scope: PipelineScope?) -> [CompletionCandidate] {
        let table = scope.flatMap { catalog.stored($0.source.text)?.table }
        return list.map { name in
            let label = table?.column(named: name)?.labels?.label
            return CompletionCandidate(insertion: quoted(name) + " ", display: label.map { "\(name) — \($0)" } ?? name, kind: .column, detail: label)
        }
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
