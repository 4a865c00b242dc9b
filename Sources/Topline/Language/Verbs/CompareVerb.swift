/// A resolved `compare A vs B`: what is compared and how.
struct CompareStep: Sendable {
    enum Mode: String, Sendable, CaseIterable {
        /// Decide from the rows' metadata (toplines) or use McNemar (respondent data).
        case auto
        case paired, independent, subgroup
    }

    /// Where the two proportions come from.
    enum Data: Sendable {
        /// Respondent rows: A and B are two yes/no items of the same people.
        case respondents(weight: Int?)
        /// Topline rows: A and B each select one row holding a share with its base.
        case toplines(ToplineColumns)
    }

    /// The columns of a topline table that `compare` reads.
    struct ToplineColumns: Sendable {
        /// An estimate column, or a value (percent or 0-100) and a base column.
        var estimate: Int?
        var value: Int?
        var base: Int?
        /// `value_type`, to refuse rows that are not shares.
        var valueType: Int?
        /// Metadata that decides paired vs independent vs subgroup.
        var study: Int?
        var edition: Int?
        var respondentGroup: Int?
        var segmentType: Int?
        var segment: Int?
        /// What each row measures: two rows of different metrics are not compared unless the user says how.
        var metric: Int?

        /// The column names each role is looked up by, in order of preference.
        static let valueNames = ["value_pct", "value", "share", "pct"]
        static let baseNames = ["n", "base"]
        static let valueTypeNames = ["value_type"]
        static let studyNames = ["study"]
        static let editionNames = ["edition_year", "edition", "wave", "year"]
        static let respondentGroupNames = ["respondent_group"]
        static let segmentTypeNames = ["segment_type"]
        static let segmentNames = ["segment"]
        static let metricNames = ["metric", "question"]

        /// Every name `compare` may read by convention (for projection pushdown).
        static let conventionalNames: Set<String> = Set(valueNames + baseNames + valueTypeNames + studyNames + editionNames
            + respondentGroupNames + segmentTypeNames + segmentNames + metricNames)
    }

    var first: TypedExpr
    var second: TypedExpr
    /// The output columns of the two sides' estimates, named after the sides
    /// (``CompareOutput/sideNames(_:_:taken:)``).
    var names: (first: String, second: String)
    var groupBy: [Int]
    var mode: Mode
    var data: Data
    /// The estimates compared are means, totals or ratios: the difference is in their units, not pp.
    var measure: Bool
    var range: SourceRange
}

/// `compare A vs B [by …] [as paired|independent|subgroup]`.
struct CompareVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: .compare,
        summary: "a comparison with its uncertainty: both estimates, the difference in pp with its interval, the test and p-value, and the method chosen from the data",
        syntax: "compare A vs B [by COLUMN, …] [as paired|independent|subgroup]",
        example: #"from ceo_study_metrics | where edition_year == 2012 and segment == "Global" and metric ~ "social media used" | compare horizon == "now" vs horizon == "3-5 years""#,
        grammar: """
            compare = "compare" , expr , "vs" , expr , [ "by" , name , { "," , name } ] ,
                      [ "as" , name ] ;
            """,
        columns: .narrows,
        parse: { p in
            p.advanceKeyword()
            guard let first = p.parseExpression() else { return nil }
            guard p.expectKeyword(.vs, "expected 'vs' between the two things to compare (compare A vs B)") else { return nil }
            guard let second = p.parseExpression(), let groups = p.parseByColumns() else { return nil }
            var mode: Name?
            if p.accept(.as) {
                for m in CompareStep.Mode.allCases where m != .auto { p.note(.word(m.rawValue)) }
                guard let m = p.expectName("paired, independent or subgroup after 'as'", .newName) else { return nil }
                mode = m
            }
            return CompareVerb(first: first, second: second, groups: groups, mode: mode)
        })

    var first: Expr
    var second: Expr
    var groups: [Name]
    var mode: Name?

    var sourceText: String {
        var text = "compare \(first) vs \(second)"
        if !groups.isEmpty { text += " by " + SourcePrinter.names(groups) }
        if let mode { text += " as " + SourcePrinter.name(mode.text) }
        return text
    }

    func dump(_ tree: inout TreeDump) {
        tree.expr(first)
        tree.expr(second)
        for g in groups { tree.name("By", g) }
        if let mode { tree.name("As", mode) }
    }

    func columnNames(into names: inout Set<String>) {
        first.columnNames(into: &names)
        second.columnNames(into: &names)
        for n in groups { names.insert(n.text) }
        names.formUnion(CompareStep.ToplineColumns.conventionalNames)
    }

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        try resolver.resolveCompare(first: first, second: second, by: groups, mode: mode, range: site.range, schema: &schema)
    }
}

extension Keyword { static let compare = Keyword("compare") }

extension CompareStep: PlanStep {
    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.table = try Comparison.apply(self, to: state.table, context: context)
    }
}

extension Resolver {
    func resolveCompare(first: Expr, second: Expr, by groups: [Name], mode modeName: Name?, range: SourceRange,
                        schema: inout Schema) throws(Diagnostic) -> CompareStep {
        let a = try expression(first, schema), b = try expression(second, schema)
        for (e, source) in [(a, first), (b, second)] where e.type != .boolean {
            throw error(.resolveType, "compare needs a yes/no condition on each side, not \(e.type.rawValue)", at: source.range,
                        hints: ["on respondent data: compare item_a == \"yes\" vs item_b == \"yes\"",
                                "on toplines: compare edition_year == 2013 vs edition_year == 2014"])
        }
        var groupIndexes: [Int] = []
        for g in groups { groupIndexes.append(try column(g, schema)) }
        var mode = CompareStep.Mode.auto
        if let modeName {
            guard let m = CompareStep.Mode(rawValue: modeName.text), m != .auto else {
                let options = CompareStep.Mode.allCases.filter { $0 != .auto }.map(\.rawValue)
                throw error(.resolveCompareMode, "unknown comparison '\(modeName.text)'", at: modeName.range,
                            label: Suggestions.closest(to: modeName.text, in: options).map { "did you mean '\($0)'?" },
                            hints: ["compare … as " + options.joined(separator: " | ")])
            }
            mode = m
        }
        let data = toplineColumns(schema).map(CompareStep.Data.toplines)
            ?? .respondents(weight: schema.weight.flatMap(schema.index(of:)))
        if case .respondents = data, mode == .independent || mode == .subgroup {
            throw error(.resolveCompareMode, "on respondent data, compare A vs B compares two items of the same respondents",
                        at: modeName?.range ?? range, hints: ["to compare groups, summarize share(…) by group first"])
        }
        let groupColumns = groupIndexes.map { schema.columns[$0] }
        let names = CompareOutput.sideNames(first, second, taken: Set(groupColumns.map(\.name)))
        var measure = false
        if case .toplines(let c) = data, let e = c.estimate { measure = schema.columns[e].measure }
        schema = Schema(columns: groupColumns + CompareOutput.columns(names: names, adjusted: !groupIndexes.isEmpty, measure: measure))
        return CompareStep(first: a, second: b, names: names, groupBy: groupIndexes, mode: mode, data: data, measure: measure, range: range)
    }

    /// The topline columns of `schema`, or nil for respondent data: a table
    /// is topline when it has one estimate column, or a value and `n` column.
    private func toplineColumns(_ schema: Schema) -> CompareStep.ToplineColumns? {
        typealias Names = CompareStep.ToplineColumns
        func find(_ names: [String], _ ok: (ValueType) -> Bool = { _ in true }) -> Int? {
            for n in names { if let i = schema.index(of: n), ok(schema.columns[i].type) { return i } }
            return nil
        }
        let estimates = schema.columns.indices.filter { schema.columns[$0].type == .estimate }
        var columns = CompareStep.ToplineColumns()
        if estimates.count == 1 {
            columns.estimate = estimates[0]
        } else if let value = find(Names.valueNames, { $0.isPlainNumeric || $0 == .percent }),
                  let base = find(Names.baseNames, { $0.isPlainNumeric }) {
            columns.value = value
            columns.base = base
        } else {
            return nil
        }
        columns.valueType = find(Names.valueTypeNames) { $0 == .text }
        columns.study = find(Names.studyNames)
        columns.edition = find(Names.editionNames)
        columns.respondentGroup = find(Names.respondentGroupNames)
        columns.segmentType = find(Names.segmentTypeNames) { $0 == .text }
        columns.segment = find(Names.segmentNames)
        columns.metric = find(Names.metricNames) { $0 == .text }
        return columns
    }
}

/// The columns `compare` produces after its `by` columns: the two sides'
/// estimates, named after the sides, then the difference (second − first)
/// with its standard error and interval, and its test (statistic, degrees of
/// freedom where the reference distribution has them, p);
/// with `by`, a `p_adjusted` column follows `p` (several groups mean
/// several tests).
enum CompareOutput {
    static func columns(names: (first: String, second: String), adjusted: Bool, measure: Bool) -> [SchemaColumn] {
        var sides = [SchemaColumn(name: names.first, type: .estimate), SchemaColumn(name: names.second, type: .estimate)]
        for k in sides.indices { sides[k].measure = measure }
        var all = sides + statistics
        if measure { for k in 2...5 { all[k].type = differenceType(measure: true) } }
        if adjusted { all.insert(SchemaColumn(name: "p_adjusted", type: .probability), at: all.firstIndex { $0.name == "p" }! + 1) }
        return all
    }

    /// The type of the difference and its interval: points between shares, the data's units between means.
    static func differenceType(measure: Bool) -> ValueType { measure ? .number : .points }

    private static let statistics: [SchemaColumn] = [
        SchemaColumn(name: "difference", type: differenceType(measure: false)),
        SchemaColumn(name: "se", type: differenceType(measure: false)),
        SchemaColumn(name: "ci_low", type: differenceType(measure: false)),
        SchemaColumn(name: "ci_high", type: differenceType(measure: false)),
        SchemaColumn(name: "relative", type: .percent),
        SchemaColumn(name: "ratio", type: .ratio),
        SchemaColumn(name: "statistic", type: .number),
        SchemaColumn(name: "df", type: .number),
        SchemaColumn(name: "p", type: .probability),
        SchemaColumn(name: "significant", type: .boolean),
        SchemaColumn(name: "method", type: .text),
    ]

    /// The names of the two estimate columns, so that a result reads without
    /// its query: a side `column == literal` is named after the literal's
    /// text (`horizon == "now"` → `now`, `edition_year == 2013` → `2013`);
    /// when both sides compare with the same value, after their columns
    /// (`social_media_now == "yes" vs social_media_future == "yes"` →
    /// `social_media_now`, `social_media_future`); any other side after its
    /// condition as printed (`share > 50%`). A name that is empty, the same
    /// as the other side's, or taken by a `by` column or a statistic falls
    /// back to the condition, then to `first` / `second`, then gets a number.
    static func sideNames(_ first: Expr, _ second: Expr, taken groupNames: Set<String>) -> (first: String, second: String) {
        let a = literalSide(first), b = literalSide(second)
        let conditions = [first.description, second.description]
        var names = [a?.value ?? conditions[0], b?.value ?? conditions[1]]
        if let a, let b, a.value == b.value, a.column != b.column { names = [a.column, b.column] }
        if names[0] == names[1] { names = conditions }
        if names[0] == names[1] { names = ["first", "second"] }
        var taken = groupNames.union(statistics.map(\.name) + ["p_adjusted"])
        for side in 0..<2 {
            let standard = side == 0 ? "first" : "second"
            let free = { (name: String) in !name.allSatisfy(\.isWhitespace) && !taken.contains(name) }
            var name = [names[side], conditions[side], standard].first(where: free)
            var k = 2
            while name == nil {
                if free("\(standard)_\(k)") { name = "\(standard)_\(k)" }
                k += 1
            }
            names[side] = name!
            taken.insert(name!)
        }
        return (names[0], names[1])
    }

    /// `column == literal` (either way round): the column and the literal's text.
    private static func literalSide(_ e: Expr) -> (column: String, value: String)? {
        guard case .binary(.equal, let left, let right) = e.kind else { return nil }
        if case .column(let name) = left.kind, let value = literalText(right) { return (name.text, value) }
        if case .column(let name) = right.kind, let value = literalText(left) { return (name.text, value) }
        return nil
    }

    /// A literal's text as a name: a string's contents, a number or a percent as written.
    private static func literalText(_ e: Expr) -> String? {
        switch e.kind {
        case .string(let s): return s
        case .integer, .number, .percent, .points, .boolean: return e.description
        case .unary(.negate, let x):
            switch x.kind {
            case .integer, .number, .percent, .points: return e.description
            default: return nil
            }
        default: return nil
        }
    }
}
