extension Session {
    /// Completions for the cursor at byte offset `cursor` in `text` (the
    /// whole input being edited). `dotCommands` are offered after a leading
    /// `.`, for shells that have them.
    ///
    /// ```swift
    /// let c = session.completions(in: "from studies | wh", cursor: 17)
    /// c.candidates.map(\.insertion)   // ["where "]
    /// ```
    public func completions(in text: String, cursor: Int, dotCommands: [String] = []) -> Completions {
        CompletionEngine(
            datasets: datasetsByName, datasetOrder: datasetNames, settings: settings,
            workingDirectory: workingDirectory, dotCommands: dotCommands,
            values: { [self] dataset, column in distinctValues(of: dataset, column: column) },
            listDirectory: Session.listDirectory
        ).complete(text, cursor: cursor)
    }

    /// Whether `text` is a finished statement (no open string, bracket or
    /// back-quote, and not ending in `|`, an operator or a word that needs more).
    public static func isComplete(_ text: String) -> Bool {
        StatementCompleteness.isComplete(text)
    }

    static func listDirectory(_ path: String) -> [(String, Bool)] {
        FileSystem.list(path).map { ($0.name, $0.isDirectory) }
    }
}
