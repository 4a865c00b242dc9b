/// The one rule for text that reaches a person's terminal: data values,
/// column and dataset names, file names and script text are untrusted, and
/// none of their bytes may act on the terminal.
///
/// A character is escaped when it is a C0 control (U+0000–U+001F), DEL
/// (U+007F), a C1 control (U+0080–U+009F) or a bidirectional embedding,
/// override or isolate (U+202A–U+202E, U+2066–U+2069, which reorder what
/// follows them on screen). It is written as `\n`, `\r` or `\t` for those
/// three and as `\u{HEX}` otherwise, so it stays visible and takes the
/// columns it is measured at:
///
/// ```swift
/// _ = SafeText.escape("\u{1B}]0;PWNED\u{07}t")   // #"\u{1B}]0;PWNED\u{7}t"#: backslashes, no escape sequence
/// _ = SafeText.escape("Asia\tPacific")            // #"Asia\tPacific"#
/// ```
///
/// Where it applies:
/// - ``escape(_:)``: every untrusted piece put into human-readable text —
///   table cells and headers, chart titles and labels, diagnostics (message,
///   label, hints, the quoted source line, file names), completion lists,
///   shell notices. The human formatters (table, box, markdown, text charts,
///   ``DiagnosticRenderer``) call it themselves, so their output is safe
///   wherever it goes.
/// - ``forTerminal(_:keepingStyles:)``: what a terminal writer applies to all
///   it writes — the same rule, except that the program's own layout (line
///   feeds and tabs) stays, and, for text the program coloured, its SGR
///   colour sequences. Machine formats (csv, tsv, json, ndjson) are therefore
///   written losslessly to files and pipes, and made safe only on a terminal.
public enum SafeText {
    /// `text` with every control character, DEL, C1 control and bidi
    /// override made visible (line breaks and tabs included).
    public static func escape(_ text: String) -> String {
        transform(text, mode: .piece)
    }

    /// `text` as a terminal may receive it: the same escapes as ``escape(_:)``,
    /// but line feeds and tabs are kept (they are the layout of text the
    /// program built), and with `keepingStyles` so are SGR sequences
    /// (`ESC [ digits ; … m`, colours and bold), which only the program
    /// itself can have put there once its pieces went through ``escape(_:)``.
    /// Every other escape sequence — window titles, OSC 52 clipboard writes,
    /// cursor movement, screen clearing — is shown, not obeyed.
    public static func forTerminal(_ text: String, keepingStyles: Bool = false) -> String {
        transform(text, mode: keepingStyles ? .terminalStyled : .terminal)
    }

    /// Terminal columns `text` takes (wide East Asian characters and emoji
    /// count two, combining marks none); meant for text already escaped.
    public static func width(_ text: String) -> Int {
        DisplayWidth.of(text)
    }

    /// For Markdown tables: the rule of ``escape(_:)``, with `|` as `\|` and a
    /// line break as `<br>`.
    static func escapeForMarkdown(_ text: String) -> String {
        transform(text, mode: .markdown)
    }

    /// Whether `scalar` is one the rule escapes.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }

    // MARK: - Implementation

    private enum Mode {
        /// An untrusted piece: everything escaped.
        case piece
        /// A Markdown cell: as `piece`, plus `|` and line breaks.
        case markdown
        /// A whole text for a terminal: line feeds and tabs kept.
        case terminal
        /// As `terminal`, and SGR sequences kept.
        case terminalStyled
    }

    private static func transform(_ text: String, mode: Mode) -> String {
        var text = text
        return text.withUTF8 { transform($0, mode: mode) } ?? text
    }

    /// The transformed bytes as a string, or nil when nothing changes (the
    /// common case, which then costs one pass over the bytes and no copy).
    private static func transform(_ bytes: UnsafeBufferPointer<UInt8>, mode: Mode) -> String? {
        let keepsLayout = mode == .terminal || mode == .terminalStyled
        var out: [UInt8]? = nil
        var i = 0
        let n = bytes.count

        func begin() {
            if out == nil {
                var copy = [UInt8]()
                copy.reserveCapacity(n + 16)
                copy.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<i]))
                out = copy
            }
        }
        func emit(_ s: StaticString) {
            begin()
            s.withUTF8Buffer { out!.append(contentsOf: $0) }
        }
        func emitEscape(_ value: UInt32) {
            begin()
            out!.append(contentsOf: Array("\\u{".utf8))
            out!.append(contentsOf: Array(String(value, radix: 16, uppercase: true).utf8))
            out!.append(UInt8(ascii: "}"))
        }

        while i < n {
            let b = bytes[i]
            if b < 0x20 || b == 0x7F {
                switch b {
                case 0x0A:
                    if keepsLayout { out?.append(b) } else if mode == .markdown { emit("<br>") } else { emit("\\n") }
                case 0x09:
                    if keepsLayout { out?.append(b) } else { emit("\\t") }
                case 0x0D:
                    emit("\\r")
                case 0x1B where mode == .terminalStyled:
                    if let end = sgrEnd(bytes, from: i) {
                        if out != nil { out!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end])) }
                        i = end
                        continue
                    }
                    emitEscape(UInt32(b))
                default:
                    emitEscape(UInt32(b))
                }
                i += 1
                continue
            }
            if b == 0xC2, i + 1 < n, (0x80...0x9F).contains(bytes[i + 1]) {
                // C1 controls, U+0080–U+009F (0x9B is a one-byte CSI to some terminals).
                emitEscape(UInt32(bytes[i + 1]))
                i += 2
                continue
            }
            if b == 0xE2, i + 2 < n {
                let b1 = bytes[i + 1], b2 = bytes[i + 2]
                // U+202A–U+202E are E2 80 AA–AE; U+2066–U+2069 are E2 81 A6–A9.
                if (b1 == 0x80 && (0xAA...0xAE).contains(b2)) || (b1 == 0x81 && (0xA6...0xA9).contains(b2)) {
                    emitEscape(0x2000 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F))
                    i += 3
                    continue
                }
            }
            if mode == .markdown && b == UInt8(ascii: "|") {
                emit("\\|")
                i += 1
                continue
            }
            out?.append(b)
            i += 1
        }
        return out.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The end of an SGR sequence `ESC [ (digit | ;)* m` starting at `start`, or nil.
    private static func sgrEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var j = start + 1
        guard j < bytes.count, bytes[j] == UInt8(ascii: "[") else { return nil }
        j += 1
        while j < bytes.count {
            let c = bytes[j]
            if c == UInt8(ascii: "m") { return j + 1 }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: ";"), j - start < 32 else { return nil }
            j += 1
        }
        return nil
    }
}
