/// Help on the language, built from the verb, function and setting
/// definitions — the text `.help VERB` and `.help FUNCTION` print, and that
/// embedders can show in their own tools.
///
/// ```swift
/// let topic = LanguageHelp.topic("where")!
/// _ = topic.syntax    // "where CONDITION"
/// _ = topic.example   // #"from ceo_study_metrics | where edition_year == 2012 and metric ~ "social media""#
/// print(LanguageHelp.render(topic), terminator: "")
/// ```
public enum LanguageHelp {
    /// One thing to get help on.
    public struct Topic: Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// `aggregate`: in `summarize`, and in `derive` (each row gets its group's value);
            /// `window`: a window function, in `derive` only (`rank`, `row_number`);
            /// `expression`: a form with words of its own, `case … end` or `recode(…)`.
            case verb, function, aggregate, window, setting, expression
        }

        public var name: String
        public var kind: Kind
        /// How it is written.
        public var syntax: String
        /// What it does, in one line.
        public var summary: String
        /// A use of it that runs (a pipeline, a `summarize` item, an expression or a `set`).
        public var example: String
    }

    /// Every verb, in the order of the language reference.
    public static var verbs: [Topic] {
        VerbCatalog.all.map { Topic(name: $0.spellings.joined(separator: ", "), kind: .verb, syntax: $0.syntax,
                                    summary: $0.summary, example: $0.example) }
    }

    /// Every scalar function, then `case` and `recode`, then every aggregate and window function.
    public static var functions: [Topic] {
        FunctionCatalog.scalars.map { Topic(name: $0.name, kind: .function, syntax: $0.syntax, summary: $0.summary, example: $0.example) }
            + ExpressionForms.all.map { Topic(name: $0.name, kind: .expression, syntax: $0.syntax, summary: $0.summary, example: $0.example) }
            + FunctionCatalog.aggregates.map { Topic(name: $0.name, kind: $0.window ? .window : .aggregate, syntax: $0.syntax, summary: $0.summary,
                                                     example: $0.example) }
    }

    /// Every setting of `set`.
    public static var settings: [Topic] {
        SettingsStatement.all.map { s in
            Topic(name: s.name, kind: .setting, syntax: s.syntax, summary: s.summary,
                  example: "set \(s.name) \(s.values.first ?? "30")")
        }
    }

    /// The topic named `name`: a verb (`where`, `left join`), a function
    /// (`share`, with or without `()`), or a setting.
    public static func topic(_ name: String) -> Topic? {
        let key = name.hasSuffix("()") ? String(name.dropLast(2)) : name
        if let verb = VerbCatalog.definition(named: key) ?? (key == "left join" ? VerbCatalog.definition(named: "join") : nil) {
            return verbs.first { $0.syntax == verb.syntax }
        }
        return functions.first { $0.name == key } ?? settings.first { $0.name == key }
    }

    /// Every name a topic can be asked for, for suggestions and completion.
    public static var topicNames: [String] {
        VerbCatalog.all.map(\.keyword.rawValue) + FunctionCatalog.allNames + ExpressionForms.all.map { (form: ExpressionForm) in form.name } + SettingsStatement.options
    }

    /// A topic as text: syntax, what it does, an example.
    public static func render(_ topic: Topic) -> String {
        let kind: String
        switch topic.kind {
        case .aggregate: kind = "aggregate function (in summarize; in derive, each row gets its group's value)"
        case .window: kind = "window function (in derive)"
        default: kind = topic.kind.rawValue
        }
        return "\(topic.syntax)    — \(kind)\n  \(topic.summary)\n  example: \(topic.example)\n"
    }

    /// A list of topics as aligned lines: syntax and summary.
    public static func renderList(_ topics: [Topic]) -> String {
        let width = min(48, topics.map(\.syntax.count).max() ?? 0)
        return topics.map { t in
            t.syntax + String(repeating: " ", count: max(2, width - t.syntax.count + 2)) + t.summary + "\n"
        }.joined()
    }
}
