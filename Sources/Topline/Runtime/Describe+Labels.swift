extension Describe {
    /// What a survey file says about each column (``ColumnLabels``), as three
    /// columns of `describe` — none when no column has labels:
    ///
    /// - `label`: the variable label;
    /// - `value labels`: the codes and their labels in code order,
    ///   `1 "Strongly disagree", 2 "Disagree", …`;
    /// - `missing`: the declared missing codes with their rows,
    ///   `98 "Don't know" (3 rows), 97–99 (2 rows), .a (1 row)`, "kept" when
    ///   they were loaded as values (`keep missing`).
    static func labelColumns(_ table: Table) -> [Column] {
        guard table.columns.contains(where: { $0.labels != nil }) else { return [] }
        var labels: [Value] = [], values: [Value] = [], missing: [Value] = []
        for column in table.columns {
            let info = column.labels
            labels.append(info?.label.map(Value.text) ?? .null)
            let listed = info?.values.map { code in
                (code.code.type == .text ? SourcePrinter.quoted(ValueText.machine(code.code)) : ValueText.machine(code.code))
                    + " " + SourcePrinter.quoted(code.label)
            } ?? []
            values.append(listed.isEmpty ? .null : .text(listed.joined(separator: ", ")))
            let codes = info?.missing.map { "\($0.text) (\($0.rows) row\($0.rows == 1 ? "" : "s")\(info!.keptMissing ? ", kept" : ""))" } ?? []
            missing.append(codes.isEmpty ? .null : .text(codes.joined(separator: ", ")))
        }
        return [
            Column(name: "label", type: .text, values: labels),
            Column(name: "value labels", type: .text, values: values),
            Column(name: "missing", type: .text, values: missing),
        ]
    }
}
