/// Writes json (an array of row objects, one per line) and ndjson (one object
/// per line). Keys follow column order. Integers and numbers are JSON numbers,
/// percent and points are numbers in percent units, estimates are nested
/// objects with the ``EstimateFields`` keys, and null, NaN and infinities are
/// `null`.
enum JSONRenderer {
    static func render(_ table: Table, lines: Bool) -> String {
        var out = ByteOutput(capacity: 16 + table.rowCount * (2 + table.columns.count * 16))
        // Without an interrupt flag nothing throws.
        return (try? render(table, lines: lines, into: &out)) ?? ""
    }

    /// Appends `table` to `out`, with a ``ByteOutput/checkpoint()`` after every row.
    static func render(_ table: Table, lines: Bool, into out: inout ByteOutput) throws(Diagnostic) -> String {
        if !lines { out.append(table.rowCount == 0 ? "[]\n" : "[\n") }
        guard table.rowCount > 0 else { return out.finish() }

        // `"name":` for each column, and each distinct text value, escaped once.
        let keys = table.columns.map { quoted($0.name) + [UInt8(ascii: ":")] }
        var textCache = table.columns.map { column -> [[UInt8]?] in
            if case .texts(_, let dictionary) = column.storage { return Array(repeating: nil, count: dictionary.count) }
            return []
        }
        for row in 0..<table.rowCount {
            if !lines { out.append("  ") }
            out.append(UInt8(ascii: "{"))
            for (index, column) in table.columns.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(keys[index])
                switch column.storage {
                case .texts(let codes, let dictionary):
                    let code = Int(codes[row])
                    guard code >= 0 else { out.append("null"); continue }
                    if let cached = textCache[index][code] {
                        out.append(cached)
                    } else {
                        let bytes = quoted(dictionary[code])
                        textCache[index][code] = bytes
                        out.append(bytes)
                    }
                case .estimates(let estimates):
                    if let e = estimates[row] { appendEstimate(e, to: &out) } else { out.append("null") }
                case .doubles(let values) where !values[row].isFinite:
                    out.append("null")
                default:
                    let value = column[row]
                    if value.isNull {
                        out.append("null")
                    } else if column.type.isTemporal {
                        // ISO text, as JSON has no date type (and as DuckDB and PostgreSQL write them).
                        out.append(quoted(ValueText.machine(value)))
                    } else {
                        out.append(ValueText.machine(value))
                    }
                }
            }
            out.append(UInt8(ascii: "}"))
            if !lines && row < table.rowCount - 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\n"))
            try out.checkpoint()
        }
        if !lines { out.append("]\n") }
        return out.finish()
    }

    private static func appendEstimate(_ e: Estimate, to out: inout ByteOutput) {
        out.append(UInt8(ascii: "{"))
        for (k, value) in EstimateFields.values(e).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(EstimateFields.keys[k])
            out.append("\":")
            if let value {
                if EstimateFields.textIndexes.contains(k) { out.append(quoted(value)) } else { out.append(value) }
            } else {
                out.append("null")
            }
        }
        if let design = e.design {
            // A design-based estimate also carries its standard error, degrees of freedom, design effect and variance method.
            let se = design.standardError
            let extra: [(String, String?)] = [
                ("se", se.isFinite ? (design.kind == .share ? ValueText.machinePercentUnits(se) : ValueText.machineNumber(se)) : nil),
                ("df", design.degreesOfFreedom.isFinite ? ValueText.machineNumber(design.degreesOfFreedom) : nil),
                ("deff", design.designEffect.flatMap { $0.isFinite ? ValueText.machineNumber($0) : nil }),
            ]
            for (key, value) in extra {
                out.append(",\"\(key)\":")
                out.append(value ?? "null")
            }
            out.append(",\"variance\":")
            out.append(quoted(design.variance))
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON string literal: quote and backslash escaped, `\n` `\r` `\t`
    /// short forms, other control characters as `\u00XX`. DEL, C1 controls and
    /// bidi overrides (the characters ``SafeText`` escapes) are written as
    /// `\uXXXX` too: the same string to a JSON reader, and inert when the file
    /// is shown in a terminal.
    static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        func escape(_ value: UInt32) {
            out += Array("\\u".utf8)
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(value >> UInt32(shift) & 0xF)]) }
        }
        var text = text
        text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0..<0x20, 0x7F: escape(UInt32(byte))
                case 0xC2 where i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1]):
                    escape(UInt32(bytes[i + 1]))
                    i += 1
                case 0xE2 where i + 2 < bytes.count
                    && ((bytes[i + 1] == 0x80 && (0xAA...0xAE).contains(bytes[i + 2]))
                        || (bytes[i + 1] == 0x81 && (0xA6...0xA9).contains(bytes[i + 2]))):
                    escape(0x2000 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F))
                    i += 2
                default: out.append(byte)
                }
                i += 1
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
