/// Writes csv (RFC 4180 quoting) and tsv (backslash escapes), one line per
/// row after a header line. Values use ``ValueText/machine(_:)``; null is an
/// empty field; an estimate column becomes one column per ``EstimateFields`` key.
enum DelimitedRenderer {
    static func render(_ table: Table, separator: UInt8) -> String {
        guard !table.columns.isEmpty else { return "" }
        let csv = separator == UInt8(ascii: ",")
        func field(_ text: String) -> [UInt8] { csv ? quoted(text) : escaped(text) }

        var out = ByteOutput(capacity: 64 + table.rowCount * table.columns.count * 8)
        var first = true
        for column in table.columns {
            let suffixes = column.type == .estimate ? EstimateFields.suffixes : [""]
            for suffix in suffixes {
                if !first { out.append(separator) }
                first = false
                out.append(field(column.name + suffix))
            }
        }
        out.append(UInt8(ascii: "\n"))

        // Text columns repeat few values: escape each dictionary entry once.
        var textCache = table.columns.map { column -> [[UInt8]?] in
            if case .texts(_, let dictionary) = column.storage { return Array(repeating: nil, count: dictionary.count) }
            return []
        }
        for row in 0..<table.rowCount {
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
            out.append(UInt8(ascii: "\n"))
        }
        return out.string
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

    /// TSV cannot quote: tab, line feed, carriage return and backslash become
    /// `\t`, `\n`, `\r`, `\\`.
    static func escaped(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
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
