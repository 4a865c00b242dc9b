import Testing
@testable import Topline

/// `DelimitedScanner.scan(into:)` reads a common row (no quoted field, the expected width, all of
/// it in the window) word by word and any other row field by field (`nextField`). Both must find
/// the same fields: here every scan is compared with `readRow()`, which only ever reads field by
/// field, on random text made of the bytes that matter (separators, LF, CR, quotes, backslashes).
@Suite struct DelimitedScannerTests {
    /// One row as `readRow()` finds it: each field's range and escape, and the position and line after it.
    struct Row: Equatable {
        var fields: [[Int]]
        var position: Int
        var line: Int
    }

    /// The rows field by field, and what stops them: nil at the end of the text, else the diagnostic.
    static func fieldByField(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, newline: UInt8, final: Bool) -> ([Row], DiagnosticID?) {
        var scanner = DelimitedScanner(bytes: bytes, separator: separator, file: "t", newline: newline, position: 0, line: 1, floor: 0, final: final)
        var rows: [Row] = []
        do {
            while scanner.atRowStart(), let fields = try scanner.readRow() {
                rows.append(Row(fields: fields.map { [$0.start, $0.end, Int($0.escaped.rawValue)] }, position: scanner.position, line: scanner.line))
            }
        } catch {
            return (rows, error.id)
        }
        return (rows, nil)
    }

    /// The rows `scan(into:)` finds, `capacity` at a time, until it stops or fails.
    static func scanned(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8, newline: UInt8, final: Bool, width: Int,
                        capacity: Int) -> (rows: [[[Int]]], position: Int, line: Int, error: DiagnosticID?) {
        var scanner = DelimitedScanner(bytes: bytes, separator: separator, file: "t", newline: newline, position: 0, line: 1, floor: 0, final: final)
        var block = FieldBlock(width: width, rowCapacity: capacity)
        var rows: [[[Int]]] = []
        while true {
            var stop = DelimitedScanner.Stop.end
            var failure: DiagnosticID?
            do {
                stop = try scanner.scan(into: &block)
            } catch {
                failure = error.id
            }
            // A failed scan keeps the rows before the failing one in the block.
            for r in 0..<block.rows {
                rows.append((0..<width).map { c in
                    let k = r * width + c
                    return [block.starts[k], block.ends[k], Int(block.escaped[k])]
                })
            }
            if failure != nil || stop != .blockFull { return (rows, scanner.position, scanner.line, failure) }
        }
    }

    static func randomText(_ random: inout SplitMix, separator: UInt8) -> [UInt8] {
        // Mostly plain fields of the same width, so that most rows take the word-by-word path.
        let plain: [UInt8] = Array("abcdefgh01".utf8)
        let special: [UInt8] = [separator, 0x0A, 0x0D, 0x22, 0x5C]
        var out: [UInt8] = []
        let width = Int(random.next() % 4) + 1
        for _ in 0..<Int(random.next() % 40) {
            for c in 0..<width {
                if random.next() % 10 == 0 {
                    // A quoted field, with separators, line breaks and doubled quotes inside.
                    let inside: [[UInt8]] = [Array("ab".utf8), [separator], [0x0A], [0x22, 0x22], [0x0D, 0x0A]]
                    out.append(0x22)
                    for _ in 0..<Int(random.next() % 5) { out += inside[Int(random.next() % UInt64(inside.count))] }
                    out.append(0x22)
                    if c < width - 1 { out.append(separator) }
                    continue
                }
                for _ in 0..<Int(random.next() % 12) {
                    let r = random.next() % 100
                    out.append(r < 6 ? special[Int(random.next() % UInt64(special.count))] : plain[Int(random.next() % UInt64(plain.count))])
                }
                if c < width - 1 { out.append(separator) }
            }
            let end = random.next() % 10
            out += end < 7 ? [0x0A] : end < 9 ? [0x0D, 0x0A] : []
        }
        return out
    }

    @Test(arguments: 0..<300)
    func wordByWordFindsTheFieldsFieldByFieldDoes(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &* 7919)
        let separator: UInt8 = seed % 3 == 0 ? 0x09 : 0x2C
        let text = Self.randomText(&random, separator: separator)
        text.withUnsafeBufferPointer { bytes in
            let newline = DelimitedScanner.lineBreak(of: bytes, separator: separator, final: true) ?? 0x0A
            for final in [true, false] {
                let (reference, failure) = Self.fieldByField(bytes, separator: separator, newline: newline, final: final)
                // The width of the first row; a row of another width is an error of the scan.
                let width = reference.first?.fields.count ?? 1
                let regular = reference.prefix { $0.fields.count == width }
                for capacity in [1, 3, 64] {
                    let scan = Self.scanned(bytes, separator: separator, newline: newline, final: final, width: width, capacity: capacity)
                    #expect(scan.rows == regular.map(\.fields), "seed \(seed), final \(final)")
                    if regular.count < reference.count {
                        #expect(scan.error == .loadRaggedRow, "seed \(seed), final \(final)")
                    } else if let failure {
                        #expect(scan.error == failure, "seed \(seed), final \(final)")
                    } else {
                        #expect(scan.error == nil, "seed \(seed), final \(final)")
                        if let last = reference.last {
                            #expect(scan.position >= last.position && scan.line >= last.line, "seed \(seed), final \(final)")
                        }
                    }
                }
            }
        }
    }
}
