/// Builds the text of an SVG document: elements with escaped attributes
/// and text, coordinates rounded to 0.1 px.
struct SVGDocument {
    private(set) var body = ""

    /// Series colours, chosen to stay apart for common colour blindness; the
    /// renderers also vary marker shapes, so colour is never the only cue.
    static let palette = ["#1f6fb4", "#e8710a", "#7b3fbf", "#188038", "#c5221f", "#0f8a9d"]
    /// Approximate advance of one character at the 12 px font size, for layout.
    static let charWidth = 7.0

    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil) {
        body += "<" + name
        for (key, value) in attributes { body += " \(key)=\"\(Self.escape(value))\"" }
        if let text {
            body += ">" + Self.escape(text) + "</\(name)>\n"
        } else {
            body += "/>\n"
        }
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1) {
        element("line", [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)),
                         ("stroke", stroke), ("stroke-width", Self.number(width))])
    }

    mutating func text(_ text: String, x: Double, y: Double, anchor: String = "start", extra: [(String, String)] = []) {
        element("text", [("x", Self.number(x)), ("y", Self.number(y)), ("text-anchor", anchor)] + extra, text: text)
    }

    /// The whole document: accessible (`role="img"`, `<title>` and `<desc>`
    /// named by `aria-labelledby`), with a white background.
    func document(width: Double, height: Double, title: String, description: String) -> String {
        let w = Self.number(width), h = Self.number(height)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
            role="img" aria-labelledby="chart-title chart-desc" font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#222">
            <title id="chart-title">\(Self.escape(title))</title>
            <desc id="chart-desc">\(Self.escape(description))</desc>
            <rect width="100%" height="100%" fill="#fff"/>
            <text x="16" y="26" font-size="15" font-weight="bold">\(Self.escape(title))</text>

            """ + body + "</svg>\n"
    }

    /// Text safe inside XML content and attributes; characters XML 1.0
    /// forbids (most control characters) become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                out.unicodeScalars.append(v < 0x20 || v == 0xFFFE || v == 0xFFFF ? "\u{FFFD}" : scalar)
            }
        }
        return out
    }

    /// A coordinate with at most one decimal: `12`, `12.5`.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let tenths = (x * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }

    /// About how many characters fit in `pixels`.
    static func columns(_ pixels: Double) -> Int { max(1, Int(pixels / charWidth)) }
}
