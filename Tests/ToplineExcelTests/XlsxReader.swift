import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An .xlsx workbook read back without Python: its parts come out of the zip
/// with `unzip -p` and are parsed with XMLParser — the sheet names
/// (xl/workbook.xml and its relationships), each sheet's cells
/// (xl/worksheets/sheetN.xml), the shared strings and the cell formats
/// (xl/styles.xml: number format codes, bold and italic fonts). Only what a
/// workbook written by Topline uses is read.
struct XlsxWorkbook {
    enum Value: Equatable, CustomStringConvertible {
        case string(String)
        case number(Double)
        case boolean(Bool)

        /// Numbers are equal to the 16 significant digits libxlsxwriter writes them with
        /// (`%.16G`; Excel keeps 15), so a cell equals the double it was written from.
        static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.string(let x), .string(let y)): return x == y
            case (.boolean(let x), .boolean(let y)): return x == y
            case (.number(let x), .number(let y)): return x == y || abs(x - y) <= 1e-15 * max(abs(x), abs(y))
            default: return false
            }
        }

        var description: String {
            switch self {
            case .string(let s): return "string \(s.debugDescription)"
            case .number(let x): return "number \(x)"
            case .boolean(let b): return "boolean \(b)"
            }
        }
    }

    struct Cell: Equatable {
        var value: Value
        /// The number format code: "General", "0.0%", ….
        var format: String
        var bold = false
        var italic = false
        /// Whether the cell holds a formula (`<f>`): never, for Topline.
        var formula = false
        /// The raw cell type attribute (`s` for a shared string, `n` or none for a number, `b`, `str`, `inlineStr`).
        var type: String?
    }

    struct Sheet {
        var name: String
        /// Cells by reference ("A1").
        var cells: [String: Cell]
        /// The frozen pane's top-left cell ("A2"), if any.
        var frozenAt: String?

        subscript(_ reference: String) -> Cell? { cells[reference] }

        /// The value of each cell of row `row` (1-based) from column A to the last filled one; nil for an empty cell.
        func row(_ row: Int) -> [Value?] {
            let filled = cells.keys.compactMap { XlsxWorkbook.split($0) }.filter { $0.row == row }.map(\.column)
            guard let last = filled.max() else { return [] }
            return (0...last).map { cells[XlsxWorkbook.name(column: $0) + String(row)]?.value }
        }

        /// The rows 1…n that have cells.
        var rowCount: Int { cells.keys.compactMap { XlsxWorkbook.split($0)?.row }.max() ?? 0 }
    }

    var sheets: [Sheet]

    struct Failure: Error, CustomStringConvertible { var description: String }

    init(path: String) throws {
        let workbook = try Self.element(try Self.member("xl/workbook.xml", of: path))
        let relations = try Self.element(try Self.member("xl/_rels/workbook.xml.rels", of: path))
        var targets: [String: String] = [:]
        for relation in relations.all("Relationship") { targets[relation["Id"] ?? ""] = relation["Target"] }
        let strings = try Self.sharedStrings(path)
        let styles = try Self.styles(path)
        sheets = []
        for sheet in workbook.all("sheet") {
            guard let id = sheet["r:id"], let target = targets[id] else { throw Failure(description: "sheet without a part") }
            let part = try Self.element(try Self.member("xl/" + target, of: path))
            var cells: [String: Cell] = [:]
            for c in part.all("c") {
                guard let reference = c["r"] else { continue }
                let style = styles[Int(c["s"] ?? "0") ?? 0]
                let v = c.first("v")?.text ?? ""
                let value: Value
                switch c["t"] {
                case "s": value = .string(strings[Int(v) ?? -1])
                case "b": value = .boolean(v == "1")
                case "str": value = .string(v)
                case "inlineStr": value = .string(Self.decode(c.first("is")?.allText ?? ""))
                default:
                    guard let x = Double(v) else { continue }
                    value = .number(x)
                }
                cells[reference] = Cell(value: value, format: style.format, bold: style.bold, italic: style.italic,
                                        formula: c.first("f") != nil, type: c["t"])
            }
            let pane = part.all("pane").first { $0["state"] == "frozen" }
            sheets.append(Sheet(name: sheet["name"] ?? "", cells: cells, frozenAt: pane?["topLeftCell"]))
        }
    }

    subscript(_ name: String) -> Sheet? { sheets.first { $0.name == name } }

    // MARK: - Parts

    /// The bytes of one part of the zip, by `unzip -p`.
    static func member(_ name: String, of path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", path, name]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "unzip -p \(path) \(name): status \(process.terminationStatus)") }
        return data
    }

    private static func sharedStrings(_ path: String) throws -> [String] {
        guard let data = try? member("xl/sharedStrings.xml", of: path) else { return [] }
        return try element(data).all("si").map { decode($0.allText) }
    }

    private struct Style { var format: String; var bold: Bool; var italic: Bool }

    /// Built-in number formats a workbook may name without defining them.
    private static let builtinFormats = [0: "General", 1: "0", 2: "0.00", 9: "0%", 10: "0.00%"]

    private static func styles(_ path: String) throws -> [Style] {
        let styles = try element(try member("xl/styles.xml", of: path))
        var formats = builtinFormats
        for f in styles.all("numFmt") {
            if let id = Int(f["numFmtId"] ?? ""), let code = f["formatCode"] { formats[id] = code }
        }
        let fonts = styles.first("fonts")?.children.filter { $0.name == "font" } ?? []
        let xfs = styles.first("cellXfs")?.children.filter { $0.name == "xf" } ?? []
        return xfs.map { xf in
            let font = fonts[safe: Int(xf["fontId"] ?? "0") ?? 0]
            return Style(format: formats[Int(xf["numFmtId"] ?? "0") ?? 0] ?? "?",
                         bold: font?.first("b") != nil, italic: font?.first("i") != nil)
        }
    }

    /// OOXML's `_xHHHH_` escapes decoded, as Excel and openpyxl read them.
    static func decode(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first {
            let seven = Array(scalars.prefix(7))
            if first == "_", seven.count == 7, seven[1] == "x", seven[6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(seven[2...5])), radix: 16), let scalar = Unicode.Scalar(code) {
                out.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst(7)
            } else {
                out.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
            }
        }
        return out
    }

    // MARK: - References

    /// "B7" → column 1, row 7.
    static func split(_ reference: String) -> (column: Int, row: Int)? {
        let letters = reference.prefix { $0.isLetter }
        guard let row = Int(reference.dropFirst(letters.count)), !letters.isEmpty else { return nil }
        let column = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value - 64) } - 1
        return (column, row)
    }

    static func name(column: Int) -> String {
        var letters = ""
        var c = column + 1
        while c > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (c - 1) % 26))) + letters
            c = (c - 1) / 26
        }
        return letters
    }

    // MARK: - A small XML tree

    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        subscript(_ attribute: String) -> String? { attributes[attribute] }

        /// Every element named `name` below this one, in document order.
        func all(_ name: String) -> [Element] {
            children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
        }

        func first(_ name: String) -> Element? { all(name).first }

        /// The text of this element and every element below it, in order.
        var allText: String { text + children.map(\.allText).joined() }
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [Element] = [Element(name: "#document", attributes: [:])]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let element = Element(name: name, attributes: attributes)
            stack.last?.children.append(element)
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            // Only leaf text matters here (<t>, <v>): mixed content does not occur in these parts.
            stack.last?.text += string
        }
    }

    static func element(_ data: Data) throws -> Element {
        let parser = XMLParser(data: data)
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse() else { throw Failure(description: "XML: \(parser.parserError.map(String.init(describing:)) ?? "unreadable")") }
        return builder.stack[0]
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
