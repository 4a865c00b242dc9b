/// The first pass of a delimited read: a ``DelimitedScanner`` on the window
/// of a ``ByteStream``, moved on window after window, and how far the
/// window's bytes have been checked for NUL and invalid UTF-8.
///
/// Each window's new bytes are checked before any row in them is read, so
/// the parsers can decode any cell without checking it again. An error found
/// while parsing is reported only after the rest of the file is checked too
/// (``preferringEncodingProblems(over:)``): as when the whole file was in
/// memory and checked first, a NUL byte or invalid UTF-8 anywhere wins.
struct DelimitedPass {
    let stream: ByteStream
    var scanner: DelimitedScanner
    let context: LoadContext
    /// The window's bytes before this offset have been checked.
    private var checked: Int
    /// Where the scanner entered the window, and its line.
    private var known: (offset: Int, line: Int)

    /// Threads that check a window's bytes (see ``ByteChecks/check(_:from:final:file:newline:floor:known:context:threads:)``).
    private let threads: Int

    /// The pass at the start of `stream`, whose line break (LF or CR) is
    /// decided by its first line, read on until that is known.
    init(_ stream: ByteStream, separator: UInt8, threads: Int = 1, context: LoadContext) throws(Diagnostic) {
        var newline: UInt8
        while true {
            if let found = DelimitedScanner.lineBreak(of: stream.bytes, separator: separator, final: stream.atEnd) {
                newline = found
                break
            }
            try stream.advance(keepingFrom: 0)
        }
        self.stream = stream
        self.context = context
        self.threads = threads
        let floor = stream.lineFloor
        scanner = DelimitedScanner(bytes: stream.bytes, separator: separator, file: stream.source.name, newline: newline,
                                   position: floor, line: 1, floor: floor, final: stream.atEnd)
        known = (floor, 1)
        checked = try ByteChecks.check(stream.bytes, final: stream.atEnd, file: stream.source.name, newline: newline,
                                       floor: floor, context: context, threads: threads)
    }

    /// The next window, keeping the line the scanner is on; its new bytes checked.
    /// Call only when the scanner's window is not final.
    mutating func moveOn() throws(Diagnostic) {
        let keep = scanner.lineStart
        try stream.advance(keepingFrom: keep)
        scanner.move(to: stream.bytes, dropped: keep, floor: stream.lineFloor, final: stream.atEnd)
        known = (scanner.position, scanner.line)
        checked -= keep
        checked = try ByteChecks.check(stream.bytes, from: checked, final: stream.atEnd, file: stream.source.name,
                                       newline: scanner.newline, floor: stream.lineFloor, known: known, context: context,
                                       threads: threads)
    }

    /// `error`, or the first NUL byte or invalid UTF-8 after what was checked.
    func preferringEncodingProblems(over error: Diagnostic) -> Diagnostic {
        ByteChecks.preferEncodingProblems(over: error, in: stream, checked: checked, known: known,
                                          newline: scanner.newline, context: context)
    }
}
