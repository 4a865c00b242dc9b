extension Session {
    /// Completions for the cursor at byte offset `cursor` in `text` (the
    /// whole input being edited). `dotCommands` are offered after a leading
    /// `.`, for shells that have them.
    ///
    /// ```swift
    /// let session = Session()
    /// let c = session.completions(in: "from studies | wh", cursor: 17)
    /// _ = c.candidates.map(\.insertion)   // ["where "]
    /// ```
    public func completions(in text: String, cursor: Int, dotCommands: [String] = []) -> Completions {
        CompletionEngine(
            catalog: catalog, settings: settings, workingDirectory: workingDirectory, dotCommands: dotCommands,
            values: { [catalog, completionIndex] dataset, column in completionIndex.values(of: column, in: dataset, catalog: catalog) },
            listDirectory: Session.listDirectory
        ).complete(text, cursor: cursor)
    }

    /// Whether `text` is a finished statement, as the parser decides it: not
    /// while a string, back-quote or bracket is open, or while the text ends
    /// where another line could go on (after `|`, `,`, an operator, or a
    /// word such as `where` or `by`). A statement that no further line could
    /// finish (`describe` alone) is complete, so its error shows at once.
    public static func isComplete(_ text: String) -> Bool {
        Parser.isComplete(text)
    }

    /// Parses `source` without running anything: how many statements it
    /// holds and its lexical and syntax diagnostics (for editors and linters).
    ///
    /// ```swift
    /// let check = Session.syntaxCheck(SourceFile(name: "q.tq", text: "from s | wher x"))
    /// _ = check.diagnostics.first?.id   // .parseUnknownVerb
    /// ```
    public static func syntaxCheck(_ source: SourceFile) -> (statements: Int, diagnostics: [Diagnostic]) {
        let (script, diagnostics) = Parser.parse(source)
        return (script.statements.count, diagnostics)
    }

    static func listDirectory(_ path: String) -> [(String, Bool)] {
        FileSystem.list(path).map { ($0.name, $0.isDirectory) }
    }
}
