/// A grid of braille cells, each 2 dots wide and 4 tall, for drawing lines
/// at eight times the resolution of the character grid; markers replace
/// whole cells.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var bits: [UInt8]
    private var styles: [ChartStyle]
    private var markers: [String?]

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        bits = Array(repeating: 0, count: columns * rows)
        styles = Array(repeating: .plain, count: columns * rows)
        markers = Array(repeating: nil, count: columns * rows)
    }

    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    /// Dot bits of the braille block U+2800, by [row][column] within a cell.
    private static let dotBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    mutating func set(x: Int, y: Int, style: ChartStyle) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        bits[cell] |= Self.dotBits[y % 4][x % 2]
        styles[cell] = style
    }

    /// A straight line of dots (Bresenham) from one dot to another.
    mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), style: ChartStyle) {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var error = dx + dy
        while true {
            set(x: x, y: y, style: style)
            if x == b.x && y == b.y { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// Puts `marker` in the cell holding the dot (x, y).
    mutating func mark(x: Int, y: Int, marker: String, style: ChartStyle) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cell = (y / 4) * columns + x / 2
        markers[cell] = marker
        styles[cell] = style
    }

    /// Row `row` as styled cells.
    func cells(row: Int) -> [(String, ChartStyle)] {
        (0..<columns).map { c in
            let i = row * columns + c
            if let marker = markers[i] { return (marker, styles[i]) }
            if bits[i] == 0 { return (" ", .plain) }
            return (String(Character(Unicode.Scalar(0x2800 + UInt32(bits[i]))!)), styles[i])
        }
    }
}
