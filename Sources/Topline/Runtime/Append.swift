/// `append`: the rows of one table, then another's, in one column per name.
/// The arrays are joined a column at a time (text dictionaries merged, integers
/// widened to numbers where the other side holds numbers); a column one side
/// lacks is null on that side. The result has no design: its rows come from two tables.
enum Append {
    static func rows(of first: Table, then second: Table, layout: [AppendStep.Source], types: [ValueType],
                     context: EvaluationContext) throws(Diagnostic) -> Table {
        var columns: [Column] = []
        for (source, type) in zip(layout, types) {
            try context.checkInterrupt()
            let a = source.left.map { first.columns[$0] }, b = source.right.map { second.columns[$0] }
            let name = a?.name ?? b?.name ?? ""
            var column = joined(a, first.rowCount, b, second.rowCount, type: type).renamed(name)
            // A declared order of categories (`levels`) goes on: this table's, else the other's.
            if type == .text { column.levels = a?.levels ?? b?.levels }
            column.labels = ColumnLabels.appended(a?.labels, b?.labels, type: type, a?.type, b?.type)
            columns.append(column)
        }
        return Table(unchecked: columns, rowCount: first.rowCount + second.rowCount)
    }

    /// `a`'s values (or `count` nulls), then `b`'s, as a column of `type`.
    static func joined(_ a: Column?, _ aCount: Int, _ b: Column?, _ bCount: Int, type: ValueType) -> Column {
        let x = a ?? Column(name: "", type: .null, storage: .nulls(count: aCount))
        let y = b ?? Column(name: "", type: .null, storage: .nulls(count: bCount))
        switch (type, x.storage, y.storage) {
        case (.integer, .integers(let p, let pn), .integers(let q, let qn)):
            let nulls: [Bool] = pn.isEmpty && qn.isEmpty ? []
                : (pn.isEmpty ? [Bool](repeating: false, count: p.count) : pn) + (qn.isEmpty ? [Bool](repeating: false, count: q.count) : qn)
            return Column(name: "", type: type, storage: .integers(p + q, isNull: nulls))
        case (_, .doubles(let p), .doubles(let q)) where x.type == type && y.type == type:
            return Column(name: "", type: type, storage: .doubles(p + q))
        case (.text, .texts(let p, let pd), .texts(let q, let qd)):
            // The second dictionary's entries, as codes of the merged one.
            var dictionary = pd
            var code = Dictionary(uniqueKeysWithValues: pd.enumerated().map { ($1, Int32($0)) })
            let remap: [Int32] = qd.map { s in
                if let c = code[s] { return c }
                let c = Int32(dictionary.count)
                dictionary.append(s)
                code[s] = c
                return c
            }
            return Column(name: "", type: type, storage: .texts(codes: p + q.map { $0 < 0 ? -1 : remap[Int($0)] }, dictionary: dictionary))
        case (.boolean, .booleans(let p), .booleans(let q)):
            return Column(name: "", type: type, storage: .booleans(p + q))
        case (.null, _, _):
            return Column(name: "", type: .null, storage: .nulls(count: aCount + bCount))
        default:
            // Nulls on one side, integers widened to numbers (the builder stores them as doubles), estimates: value by value.
            var builder = ColumnBuilder(type: type, capacity: aCount + bCount)
            for column in [x, y] {
                for r in 0..<column.count { builder.append(column[r]) }
            }
            return builder.finish(name: "")
        }
    }
}
