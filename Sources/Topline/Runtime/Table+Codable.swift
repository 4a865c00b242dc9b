/// A `Table` as JSON without loss: every column's name and type, and its
/// values as stored (percent and points as fractions, dates as days and timestamps as
/// microseconds since 1970-01-01, estimates with their
/// base, effective base, level, method and small-base policy).
///
/// ```swift
/// let table = try Table(columns: [Column(name: "value", type: .percent, values: [.percent(0.16)])])
/// let data = try JSONEncoder().encode(table)
/// let again = try JSONDecoder().decode(Table.self, from: data)   // same names, types and values
/// _ = again[0, "value"]   // .percent(0.16)
/// ```
///
/// This is the interchange form for programs; `--format json` writes the
/// friendlier array of objects (percent units, estimates expanded).
extension Table: Codable {
    private enum Keys: String, CodingKey { case columns, rowCount = "row_count" }
    private enum ColumnKeys: String, CodingKey { case name, type, values }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(rowCount, forKey: .rowCount)
        var list = container.nestedUnkeyedContainer(forKey: .columns)
        for column in columns {
            var c = list.nestedContainer(keyedBy: ColumnKeys.self)
            try c.encode(column.name, forKey: .name)
            try c.encode(column.type, forKey: .type)
            var values = c.nestedUnkeyedContainer(forKey: .values)
            for r in 0..<column.count {
                switch column[r] {
                case .null: try values.encodeNil()
                case .integer(let i): try values.encode(i)
                case .number(let d), .percent(let d), .points(let d), .ratio(let d), .probability(let d): try values.encode(d)
                case .text(let s): try values.encode(s)
                case .boolean(let b): try values.encode(b)
                case .date(let d), .timestamp(let d): try values.encode(d)
                case .estimate(let e): try values.encode(e)
                }
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let rowCount = try container.decode(Int.self, forKey: .rowCount)
        var list = try container.nestedUnkeyedContainer(forKey: .columns)
        var columns: [Column] = []
        while !list.isAtEnd {
            let c = try list.nestedContainer(keyedBy: ColumnKeys.self)
            let name = try c.decode(String.self, forKey: .name)
            let type = try c.decode(ValueType.self, forKey: .type)
            var values = try c.nestedUnkeyedContainer(forKey: .values)
            var builder = ColumnBuilder(type: type, capacity: rowCount)
            while !values.isAtEnd {
                if try values.decodeNil() { builder.append(.null); continue }
                switch type {
                case .integer: builder.append(.integer(try values.decode(Int64.self)))
                case .number: builder.append(.number(try values.decode(Double.self)))
                case .percent: builder.append(.percent(try values.decode(Double.self)))
                case .points: builder.append(.points(try values.decode(Double.self)))
                case .ratio: builder.append(.ratio(try values.decode(Double.self)))
                case .probability: builder.append(.probability(try values.decode(Double.self)))
                case .text: builder.append(.text(try values.decode(String.self)))
                case .boolean: builder.append(.boolean(try values.decode(Bool.self)))
                case .date: builder.append(.date(try values.decode(Int64.self)))
                case .timestamp: builder.append(.timestamp(try values.decode(Int64.self)))
                case .estimate: builder.append(.estimate(try values.decode(Estimate.self)))
                case .null: builder.append(.null)
                }
            }
            columns.append(builder.finish(name: name))
        }
        let table = try Table(columns: columns)
        guard table.columns.isEmpty || table.rowCount == rowCount else {
            throw DecodingError.dataCorrupted(.init(codingPath: [Keys.rowCount], debugDescription: "columns have \(table.rowCount) rows, not \(rowCount)"))
        }
        self = table.columns.isEmpty ? Table(unchecked: [], rowCount: rowCount) : table
    }
}
