/// Writes csv (RFC 4180 quoting) and tsv (backslash escapes), one line per
/// row after a header line. Values use ``ValueText/machine(_:)``; null is an
/// empty field; an estimate column becomes one column per ``EstimateFields`` key.
///
/// Every line reads back as the row it was written from: a row whose only
/// field is empty (a null in a one-column table) is written `""`, which
/// readers take as one empty field, where an empty line would be skipped.
enum DelimitedRenderer {
    static func render(_ table: Table, separator: UInt8) -> String {
        var out = ByteOutput(capacity: 64 + table.rowCount * table.columns.count * 8)
        // Without an interrupt flag nothing throws.
        return (try? render(table, separator: separator, into: &out)) ?? ""
    }

    /// Appends `table` to `out`, with a ``ByteOutput/checkpoint()`` after every row.
    static func render(_ table: Table, separator: UInt8, into out: inout ByteOutput) throws(Diagnostic) -> String {
        guard !table.columns.isEmpty else { return out.finish() }
        let csv = separator == UInt8(ascii: ",")
        func field(_ text: String) -> [UInt8] { csv ? quoted(text) : escaped(text) }

        var lineStart = out.count
        var first = true
        for column in table.columns {
            let suffixes = column.type == .estimate ? EstimateFields.suffixes : [""]
            for suffix in suffixes {
                if !first { out.append(separator) }
                first = false
                out.append(field(column.name + suffix))
            }
        }
        endLine(&out, from: lineStart)
        try out.checkpoint()

        // Text columns repeat few values: escape each dictionary entry once.
        var textCache = table.columns.map { column -> [[UInt8]?] in
            if case .texts(_, let dictionary) = column.storage { return Array(repeating: nil, count: dictionary.count) }
            return []
        }
        for row in 0..<table.rowCount {
            lineStart = out.count
            for (index, column) in table.columns.enumerated() {
                if index > 0 { out.append(separator) }
                switch column.storage {
                case .texts(let codes, let dictionary):
                    let code = Int(codes[row])
                    guard code >= 0 else { continue }
                    if let cached = textCache[index][code] {
                        out.append(cached)
                    } else {
                        let bytes = field(dictionary[code])
                        textCache[index][code] = bytes
                        out.append(bytes)
                    }
                case .estimates(let estimates):
                    let values = estimates[row].map(EstimateFields.values)
                        ?? Array(repeating: nil, count: EstimateFields.keys.count)
                    for (k, value) in values.enumerated() {
                        if k > 0 { out.append(separator) }
                        if let value { out.append(value) }
                    }
                default:
                    // Numbers, booleans and null never need quoting or escaping.
                    out.append(ValueText.machine(column[row]))
                }
            }
            endLine(&out, from: lineStart)
            try out.checkpoint()
        }
        return out.finish()
    }

    /// Ends a line; an empty one becomes `""` so that it is not read as a blank line.
    private static func endLine(_ out: inout ByteOutput, from start: Int) {
        if out.count == start { out.append([UInt8(ascii: "\""), UInt8(ascii: "\"")]) }
        out.append(UInt8(ascii: "\n"))
    }

    /// RFC 4180: quote a field holding a comma, quote or line break, doubling
    /// its quotes; also quote leading or trailing blanks, which readers trim.
    static func quoted(_ text: String) -> [UInt8] {
        let utf8 = text.utf8
        var needsQuotes = false
        for byte in utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        if let first = utf8.first, let last = utf8.last, isBlank(first) || isBlank(last) { needsQuotes = true }
        guard needsQuotes else { return Array(utf8) }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(utf8.count + 4)
        for byte in utf8 {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { out.append(byte) }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// TSV escapes: tab, line feed, carriage return and backslash become `\t`,
    /// `\n`, `\r`, `\\` — what the TSV reader decodes. A value starting with
    /// a double quote, which the reader would take for a quoted field, is
    /// written quoted (as in CSV: its quotes doubled, nothing escaped inside).
    static func escaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        if text.utf8.first == UInt8(ascii: "\"") {
            out.reserveCapacity(text.utf8.count + 4)
            out.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                out.append(byte)
                if byte == UInt8(ascii: "\"") { out.append(byte) }
            }
            out.append(UInt8(ascii: "\""))
            return out
        }
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            default: out.append(byte)
            }
        }
        return out
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
