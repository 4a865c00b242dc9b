/// Runs a ``ResolvedPipeline`` over columnar tables.
///
/// Each step (a verb's ``PlanStep``) takes the table and leaves a new one;
/// columns that a step does not change are shared, not copied (arrays are
/// copy-on-write).
struct Interpreter {
    let context: EvaluationContext
    let resolver: Resolver

    /// What a pipeline produced: its table, the weight column it still
    /// carries, and the chart its last verb asked for.
    struct Output {
        var table: Table
        var weight: String?
        var chart: Chart?
    }

    func run(_ pipeline: ResolvedPipeline, title: String = "") throws(Diagnostic) -> Output {
        var state = PipelineState(table: pipeline.input, chart: nil, title: title)
        var steps = pipeline.steps
        var pending = pipeline.pending
        // The weight column after the steps resolved so far.
        var weight = pipeline.weight
        while true {
            for step in steps {
                try context.checkInterrupt()
                state.table.banner = nil
                try step.run(&state, context)
            }
            guard !pending.isEmpty else { break }
            // The verbs after a stage whose columns come from the data: resolve them against its real columns.
            let table = state.table
            let schema = Schema(table, weight: weight.flatMap { table.columnIndex(named: $0) != nil ? $0 : nil })
            let after: Schema
            (steps, pending, after) = try resolver.resolveSteps(pending, schema: schema)
            weight = after.weight
        }
        let table = state.table
        return Output(table: table, weight: weight.flatMap { table.columnIndex(named: $0) != nil ? $0 : nil }, chart: state.chart)
    }
}
