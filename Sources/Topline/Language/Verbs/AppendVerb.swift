/// `append OTHER`: the rows of another dataset after these, columns matched by name.
struct AppendVerb: VerbSyntax {
    static let definition = VerbDefinition(
        keyword: Keyword("append"),
        // Not reserved: columns may still be called append.
        reserved: false,
        summary: "the rows of OTHER after these, columns matched by name (a column one side lacks is null there; integer and number make number, other differing types are an error); the result has no design, and a weight must be a column of both",
        syntax: "append OTHER",
        example: "from ceo_study_metrics | where edition_year == 2012 | append ceo_study_metrics_extra",
        grammar: #"append = "append" , name ;"#,
        // Every column is matched with OTHER's (and its type checked), so pushdown keeps them all.
        columns: .readsAll,
        parse: { p in
            p.advanceKeyword()
            return p.expectName("a dataset name after 'append'", .dataset).map(AppendVerb.init)
        })

    var other: Name

    var sourceText: String { "append " + SourcePrinter.name(other.text) }
    func dump(_ tree: inout TreeDump) { tree.name("Dataset", other) }
    func columnNames(into names: inout Set<String>) {}

    func resolve(_ site: VerbSite, _ resolver: Resolver, _ schema: inout Schema) throws(Diagnostic) -> any PlanStep {
        let otherDataset = try resolver.dataset(other)
        let otherSchema = Schema(otherDataset.table)
        var layout: [AppendStep.Source] = []
        var columns: [SchemaColumn] = []
        for (i, c) in schema.columns.enumerated() {
            guard let j = otherSchema.index(of: c.name) else {
                layout.append(AppendStep.Source(left: i, right: nil))
                columns.append(c)
                continue
            }
            let o = otherSchema.columns[j]
            guard let type = Self.combined(c.type, o.type), c.measure == o.measure || c.type != o.type else {
                let these = c.measure ? "estimates of means, totals, ratios or quantiles" : c.type == .estimate ? "estimates of shares" : c.type.rawValue
                let those = o.measure ? "estimates of means, totals, ratios or quantiles" : o.type == .estimate ? "estimates of shares" : o.type.rawValue
                throw resolver.error(.resolveAppend, "column '\(c.name)' holds \(these) here and \(those) in '\(other.text)'", at: other.range,
                                     hints: ["append matches columns by name: rename one of them (rename NEW = OLD), or make the types agree first"])
            }
            layout.append(AppendStep.Source(left: i, right: j))
            var column = SchemaColumn(name: c.name, type: type)
            column.measure = c.measure || o.measure
            columns.append(column)
        }
        for (j, o) in otherSchema.columns.enumerated() where schema.index(of: o.name) == nil {
            layout.append(AppendStep.Source(left: nil, right: j))
            columns.append(o)
        }
        // The rows keep their weights only if the other rows have them too: refuse rather than drop them silently.
        if let weight = schema.weight, otherSchema.index(of: weight) == nil {
            throw resolver.error(.resolveAppend, "'\(other.text)' has no column '\(weight)', the weight of these rows", at: other.range,
                                 hints: ["give its rows a weight first (let \(other.text)_w = from \(other.text) | derive \(weight) = 1.0), or leave the weight out: drop \(weight)"])
        }
        // Rows of two tables are no longer the rows of one design.
        schema = Schema(columns: columns, weight: schema.weight, hasDesign: false)
        return AppendStep(other: otherDataset.table, layout: layout, types: columns.map(\.type))
    }

    /// The type a column holding values of both types has, or nil: the same type,
    /// either one beside a column of nulls only, or number for integers and numbers.
    static func combined(_ a: ValueType, _ b: ValueType) -> ValueType? {
        if a == b || b == .null { return a }
        if a == .null { return b }
        if a.isPlainNumeric && b.isPlainNumeric { return .number }
        return nil
    }
}

/// Puts the other table's rows after the input's (see ``Append``).
struct AppendStep: PlanStep {
    /// Where an output column's values come from on each side (nil: nulls).
    struct Source: Sendable {
        var left: Int?
        var right: Int?
    }

    var other: Table
    var layout: [Source]
    var types: [ValueType]

    func run(_ state: inout PipelineState, _ context: EvaluationContext) throws(Diagnostic) {
        state.table = try Append.rows(of: state.table, then: other, layout: layout, types: types, context: context)
    }
}
