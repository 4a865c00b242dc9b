import CReadStat
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the data files of statistics packages — SPSS `.sav` and `.zsav`,
/// Stata `.dta`, SAS `.sas7bdat` and transport `.xpt` — with the C library
/// ReadStat, into a table whose columns carry their variable labels, value
/// labels and missing codes (``ColumnLabels``; how each variable becomes a
/// column: ``SurveyColumn``).
///
/// ReadStat reads through handlers given here (``ReadStatParse``), not from
/// the path: the bytes come from the ``ByteSource`` (a ``DataFile`` under the
/// data-file limit, or bytes in memory for the fuzz target), so a read never
/// goes past the limit, Ctrl-C stops it (a handler returns
/// `READSTAT_HANDLER_ABORT`), and a file that changes meanwhile is noticed.
/// ReadStat caps each of its own allocations at about 4 MB, so a header that
/// claims absurd counts fails instead of allocating them; the columns here
/// grow with the values really read, never with a count the header claims.
enum ReadStatReader {
    /// Reads `source` as a file of `format`; only the variables in `columns`
    /// when given (the others are skipped, not converted). Returns the table
    /// and every column name of the file, in file order.
    static func read(_ source: ByteSource, format: DatasetReader.Format, options: LoadOptions = LoadOptions(),
                     columns: Set<String>? = nil, context: LoadContext) throws(Diagnostic) -> (table: Table, header: [String]) {
        let release = try checkWhole(source, format: format)
        guard let parser = readstat_parser_init() else {
            throw LoadError.make(.loadTooLarge, "cannot allocate memory to read '\(source.name)'", file: source.name)
        }
        defer { readstat_parser_free(parser) }
        let parse = ReadStatParse(source: source, format: format, options: options, wanted: columns, context: context)
        parse.stataRelease = release
        let error = withExtendedLifetime(parse) { () -> readstat_error_t in
            parse.install(on: parser)
            let run = { (encoding: UnsafePointer<CChar>?) -> readstat_error_t in
                if let encoding { readstat_set_file_character_encoding(parser, encoding) }
                // ReadStat reads no row of an SPSS file whose header leaves the count unknown (-1) unless given a limit.
                readstat_set_row_limit(parser, Int(Int32.max))
                let ctx = Unmanaged.passUnretained(parse).toOpaque()
                switch format {
                case .sav: return readstat_parse_sav(parser, "", ctx)
                case .dta: return readstat_parse_dta(parser, "", ctx)
                case .sas7bdat: return readstat_parse_sas7bdat(parser, "", ctx)
                case .xpt: return readstat_parse_xport(parser, "", ctx)
                case .csv, .tsv, .json, .ndjson: return READSTAT_ERROR_UNSUPPORTED_FILE_FORMAT_VERSION
                }
            }
            guard let encoding = options.encoding else { return run(nil) }
            return encoding.iconvName.withCString { run($0) }
        }
        if error == READSTAT_OK { parse.checkRowCount() }
        if let failure = parse.failure { throw failure }
        guard error == READSTAT_OK else { throw corrupt(error, parse) }
        try source.checkUnchanged()
        return (parse.table(), parse.header)
    }

    /// Refuses an empty file, and a file cut short where its format shows it
    /// but ReadStat would read what is left without complaint: a transport
    /// file is whole 80-byte records, and a Stata file of version 117 or later
    /// ends with `</stata_dta>` (its value labels come last, and ReadStat
    /// takes a file cut among them as one without labels). Returns a Stata
    /// file's release (118 for Stata 14–18), which bounds some of its names.
    private static func checkWhole(_ source: ByteSource, format: DatasetReader.Format) throws(Diagnostic) -> Int? {
        func bytes(at offset: Int, _ count: Int) throws(Diagnostic) -> [UInt8] {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
            defer { buffer.deallocate() }
            var done = 0
            while done < count {
                let got = try source.read(at: offset + done, into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
                if got == 0 { break }
                done += got
            }
            return Array(buffer[..<done])
        }
        let file = source.name
        guard let size = source.sizeHint, size > 0 else {
            throw LoadError.make(.loadEmpty, "'\(file)' is empty", file: file)
        }
        func cut(_ why: String) -> Diagnostic {
            LoadError.make(.loadCorrupt, "'\(file)' is not a readable \(format.title) file: \(why)", file: file,
                           hints: ["the file may have been cut short (an interrupted download or copy): get it again"])
        }
        let magic = try bytes(at: 0, 32)
        guard startsAsItShould(magic, format) else {
            throw LoadError.make(.loadCorrupt, "'\(file)' is not \(format == .sav ? "an SPSS" : "a \(format.title)") file: it does not start as one does",
                                 file: file, hints: ["if it is another format, name it: load \"\(file)\" format " + DatasetReader.Format.names.joined(separator: "|")])
        }
        switch format {
        case .xpt where size % 80 != 0:
            throw cut("its size, \(size) bytes, is not a whole number of 80-byte records")
        case .dta where magic.starts(with: Array("<stata_dta>".utf8)):
            let end = Array("</stata_dta>".utf8)
            guard size >= end.count, try bytes(at: size - end.count, end.count) == end else {
                throw cut("it does not end with </stata_dta>")
            }
            // <stata_dta><header><release>118</release>: three digits.
            let digits = magic.count >= 31 ? magic[28..<31] : []
            guard digits.count == 3, digits.allSatisfy({ $0 &- 0x30 <= 9 }) else { throw cut("its release is not three digits") }
            return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        case .dta:
            return Int(magic[0])
        default:
            break
        }
        return nil
    }

    /// Whether a file of `format` may start with `magic` (its first 32 bytes).
    private static func startsAsItShould(_ magic: [UInt8], _ format: DatasetReader.Format) -> Bool {
        func starts(_ text: String) -> Bool { magic.starts(with: Array(text.utf8)) }
        switch format {
        case .sav: return starts("$FL2") || starts("$FL3")
        // Stata 13 and later: XML-like tags; before: the release (104–115, as ReadStat reads) and the byte order (1 or 2).
        case .dta: return starts("<stata_dta>") || (magic.count >= 2 && (104...115).contains(magic[0]) && (1...2).contains(magic[1]))
        case .sas7bdat: return magic.count == 32 && magic[..<12].allSatisfy { $0 == 0 } && Array(magic[12...]) == sas7bdatMagic
        case .xpt: return starts("HEADER RECORD*******LIB")
        case .csv, .tsv, .json, .ndjson: return false
        }
    }

    /// Bytes 12–31 of every SAS data set.
    private static let sas7bdatMagic: [UInt8] = [0xC2, 0xEA, 0x81, 0x60, 0xB3, 0x14, 0x11, 0xCF, 0xBD, 0x92,
                                                  0x08, 0x00, 0x09, 0xC7, 0x31, 0x8C, 0x18, 0x1F, 0x10, 0x11]

    /// What ReadStat's error code and message say, as the load's diagnostic.
    private static func corrupt(_ error: readstat_error_t, _ parse: ReadStatParse) -> Diagnostic {
        let file = parse.source.name, format = parse.format
        if parse.endReached, error == READSTAT_ERROR_READ || error == READSTAT_ERROR_PARSE || error == READSTAT_ERROR_ROW_COUNT_MISMATCH {
            let size = parse.source.sizeHint.map { " after \($0) byte\($0 == 1 ? "" : "s")" } ?? ""
            return LoadError.make(.loadCorrupt, "'\(file)' is not a readable \(format.title) file: it ends\(size), before its data does",
                                  file: file, hints: ["the file may have been cut short (an interrupted download or copy): get it again"])
        }
        var reason = parse.errorMessage ?? String(cString: readstat_error_message(error))
        if reason.hasPrefix("ReadStat: ") { reason.removeFirst("ReadStat: ".count) }
        while reason.hasSuffix(":") || reason.hasSuffix(" ") { reason.removeLast() }
        var hints: [String] = []
        switch error {
        case READSTAT_ERROR_UNSUPPORTED_CHARSET, READSTAT_ERROR_CONVERT, READSTAT_ERROR_CONVERT_BAD_STRING,
             READSTAT_ERROR_CONVERT_SHORT_STRING, READSTAT_ERROR_CONVERT_LONG_STRING:
            hints.append("if you know the file's character encoding, name it: load \"\(file)\" encoding \"windows-1252\" (or \"latin1\", \"utf-8\")")
        default:
            hints.append("the file may be damaged, or not \(format == .sav ? "an SPSS" : "a \(format.title)") file; "
                         + "if it is another format, name it: load \"\(file)\" format …")
        }
        return LoadError.make(.loadCorrupt, "'\(file)' is not a readable \(format.title) file: \(reason)", file: file, hints: hints)
    }
}

/// One ReadStat parse: the I/O handlers over the source, the handlers that
/// collect variables, values and labels, and the first error a handler met.
/// ReadStat calls back with this object as both its I/O and its user context.
final class ReadStatParse {
    let source: ByteSource
    let format: DatasetReader.Format
    let options: LoadOptions
    let wanted: Set<String>?
    let context: LoadContext
    /// The first problem found on this side (a read error, Ctrl-C, text that is
    /// not UTF-8): it wins over the abort ReadStat reports for it.
    private(set) var failure: Diagnostic?
    /// The message of ReadStat's error handler, more precise than its error code.
    private(set) var errorMessage: String?
    /// Every variable's column name, in file order.
    private(set) var header: [String] = []
    private var used = Set<String>()
    /// The variables read, in file order.
    private var columns: [SurveyColumn] = []
    /// By ReadStat's variable index: where in ``columns`` it is, or -1 for a variable not wanted.
    private var slots: [Int] = []
    private var labelSets: [String: [ValueLabel]] = [:]
    private var tagLabels: [String: [Character: String]] = [:]
    private var position = 0
    /// Whether a read ran into the end of the file: a file cut short.
    private(set) var endReached = false
    private var values = 0
    private var rows = 0
    /// A Stata file's release. ReadStat 1.1.8 hands over two of a Stata
    /// file's names as it finds them in fixed-width fields, without a NUL when
    /// a name fills its field; their lengths are bounded by those widths.
    var stataRelease: Int?

    init(source: ByteSource, format: DatasetReader.Format, options: LoadOptions, wanted: Set<String>?, context: LoadContext) {
        self.source = source
        self.format = format
        self.options = options
        self.wanted = wanted
        self.context = context
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> ReadStatParse {
        Unmanaged<ReadStatParse>.fromOpaque(pointer!).takeUnretainedValue()
    }

    private static let ok = Int32(READSTAT_HANDLER_OK)
    private static let abort = Int32(READSTAT_HANDLER_ABORT)
    private static let skip = Int32(READSTAT_HANDLER_SKIP_VARIABLE)

    /// Sets every handler on `parser`, with this object as the I/O context.
    func install(on parser: UnsafeMutablePointer<readstat_parser_t>) {
        readstat_set_open_handler(parser) { _, _ in 0 }
        readstat_set_close_handler(parser) { _ in 0 }
        readstat_set_seek_handler(parser) { offset, whence, io in ReadStatParse.from(io).seek(Int(offset), whence) }
        readstat_set_read_handler(parser) { buffer, count, io in ReadStatParse.from(io).read(buffer, count) }
        readstat_set_update_handler(parser) { _, _, _, io in ReadStatParse.from(io).update() }
        readstat_set_io_ctx(parser, Unmanaged.passUnretained(self).toOpaque())
        readstat_set_error_handler(parser) { message, ctx in
            let parse = ReadStatParse.from(ctx)
            if parse.errorMessage == nil, let message {
                parse.errorMessage = String(decoding: UnsafeRawBufferPointer(start: message, count: strlen(message)), as: UTF8.self)
                    .trimmingTrailingNewlines()
            }
        }
        readstat_set_metadata_handler(parser) { metadata, ctx in
            ReadStatParse.from(ctx).metadata(Int(readstat_get_row_count(metadata)))
        }
        readstat_set_variable_handler(parser) { index, variable, labelSet, ctx in
            ReadStatParse.from(ctx).variable(Int(index), variable!, labelSet)
        }
        readstat_set_value_handler(parser) { row, variable, value, ctx in
            ReadStatParse.from(ctx).value(Int(row), variable!, value)
        }
        readstat_set_value_label_handler(parser) { set, value, label, ctx in
            ReadStatParse.from(ctx).valueLabel(set, value, label)
        }
    }

    // MARK: I/O

    private var size: Int? { source.sizeHint }

    private func seek(_ offset: Int, _ whence: readstat_io_flags_t) -> readstat_off_t {
        let target: Int
        switch whence {
        case READSTAT_SEEK_SET: target = offset
        case READSTAT_SEEK_CUR: target = position.addingReportingOverflow(offset).overflow ? -1 : position + offset
        case READSTAT_SEEK_END:
            guard let size else { return -1 }
            target = size.addingReportingOverflow(offset).overflow ? -1 : size + offset
        default: return -1
        }
        guard target >= 0 else { return -1 }
        position = target
        return readstat_off_t(target)
    }

    /// Fills `buffer` with up to `count` bytes: ReadStat takes a short read for
    /// the end of the file, so it reads until the buffer is full or the file ends.
    private func read(_ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        guard failure == nil, let buffer else { return -1 }
        var wanted = count
        if let size { wanted = min(wanted, max(0, size - position)) }
        var done = 0
        do throws(Diagnostic) {
            try context.checkInterrupt()
            while done < wanted {
                let got = try source.read(at: position, into: UnsafeMutableRawBufferPointer(start: buffer + done, count: wanted - done))
                if got == 0 { break }
                done += got
                position += got
            }
        } catch {
            failure = error
            return -1
        }
        if done < count { endReached = true }
        return done
    }

    /// ReadStat's progress call, between blocks of rows: where Ctrl-C stops it.
    private func update() -> readstat_error_t {
        if let interrupt = context.interrupt, interrupt.isSet {
            if failure == nil { failure = LoadContext.cancelled }
            return READSTAT_ERROR_USER_ABORT
        }
        return READSTAT_OK
    }

    // MARK: Variables, values and labels

    /// The row count the header declares (-1: unknown, as in transport files).
    private var declaredRows = -1

    private func metadata(_ rows: Int) -> Int32 {
        guard rows >= -1 else { return fail("its header gives a negative number of rows (\(rows))") }
        declaredRows = rows
        return Self.ok
    }

    /// Fails the parse when fewer rows came than the header declares (ReadStat stops early on some damage).
    func checkRowCount() {
        if failure == nil, declaredRows > 0, rows < declaredRows {
            _ = fail("its header says \(declaredRows) rows, but it holds \(rows)")
        }
    }

    private func variable(_ index: Int, _ variable: UnsafeMutablePointer<readstat_variable_t>, _ labelSet: UnsafePointer<CChar>?) -> Int32 {
        guard index == header.count else { return fail("variable \(index + 1) comes out of order") }
        guard let raw = text(readstat_variable_get_name(variable), what: "the name of variable \(index + 1)") else { return Self.abort }
        let name = uniqueName(raw, position: index)
        header.append(name)
        // The first variable is read even when not wanted: its values count the rows.
        guard index == 0 || wanted?.contains(name) ?? true else {
            slots.append(-1)
            return Self.skip
        }
        guard let label = text(readstat_variable_get_label(variable), what: "the label of variable '\(name)'"),
              let format = text(readstat_variable_get_format(variable), what: "the format of variable '\(name)'") else { return Self.abort }
        let type = readstat_variable_get_type(variable)
        let isText = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING
        var missing: [MissingCode] = []
        for i in 0..<max(0, Int(readstat_variable_get_missing_ranges_count(variable))) {
            let low = readstat_variable_get_missing_range_lo(variable, Int32(i))
            let high = readstat_variable_get_missing_range_hi(variable, Int32(i))
            if isText {
                guard let code = text(readstat_string_value(low), what: "a missing code of '\(name)'") else { return Self.abort }
                missing.append(MissingCode(.value(.text(code))))
            } else {
                let a = readstat_double_value(low), b = readstat_double_value(high)
                guard !a.isNaN, !b.isNaN else { continue }
                missing.append(MissingCode(a == b ? .value(Self.code(a)) : .range(low: min(a, b), high: max(a, b))))
            }
        }
        // The value-label names of Stata's variables: 9, 33 or 129 bytes each by release.
        let set = labelSet.map { Self.string($0, limit: stataRelease.map { $0 < 110 ? 9 : $0 < 118 ? 33 : 129 }) }
        slots.append(columns.count)
        columns.append(SurveyColumn(name: name, label: label.isEmpty ? nil : label, format: format, isText: isText,
                                    integral: [READSTAT_TYPE_INT8, READSTAT_TYPE_INT16, READSTAT_TYPE_INT32].contains(type),
                                    labelSet: set, missing: missing))
        return Self.ok
    }

    private func value(_ row: Int, _ variable: UnsafeMutablePointer<readstat_variable_t>, _ value: readstat_value_t) -> Int32 {
        let index = Int(readstat_variable_get_index(variable))
        guard index >= 0, index < slots.count, case let slot = slots[index], slot >= 0 else { return Self.ok }
        // Values come row by row, each variable in turn: a row past the next one is a damaged file, never a reason to allocate.
        guard row == columns[slot].count else { return fail("the values of row \(row + 1) come out of order") }
        rows = max(rows, row + 1)
        values += 1
        if values & 0xFFFF == 0, let interrupt = context.interrupt, interrupt.isSet {
            failure = LoadContext.cancelled
            return Self.abort
        }
        if readstat_value_is_system_missing(value) != 0 {
            columns[slot].appendNull()
        } else if readstat_value_is_tagged_missing(value) != 0 {
            columns[slot].appendTagged(Character(Unicode.Scalar(UInt8(bitPattern: readstat_value_tag(value)))))
        } else if readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING {
            guard let pointer = readstat_string_value(value) else { columns[slot].appendNull(); return Self.ok }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
            if ByteChecks.firstProblem(in: bytes) != nil {
                return fail(invalidText: "the value of '\(columns[slot].name)' in row \(row + 1)")
            }
            columns[slot].append(bytes, keep: options.keepMissing)
        } else {
            columns[slot].append(Self.number(value), keep: options.keepMissing)
        }
        return Self.ok
    }

    private func valueLabel(_ set: UnsafePointer<CChar>?, _ value: readstat_value_t, _ label: UnsafePointer<CChar>?) -> Int32 {
        guard let set else { return Self.ok }
        // The name of a Stata table of value labels: 12, 33 or 129 bytes by release.
        let name = Self.string(set, limit: stataRelease.map { $0 < 105 ? 12 : $0 < 118 ? 33 : 129 })
        guard let text = text(label, what: "a value label of the set '\(name)'") else { return Self.abort }
        if readstat_value_is_tagged_missing(value) != 0 {
            tagLabels[name, default: [:]][Character(Unicode.Scalar(UInt8(bitPattern: readstat_value_tag(value))))] = text
        } else if readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING {
            guard let code = self.text(readstat_string_value(value), what: "a labelled code of the set '\(name)'") else { return Self.abort }
            labelSets[name, default: []].append(ValueLabel(code: .text(code), label: text))
        } else if readstat_value_is_system_missing(value) == 0 {
            let number = Self.number(value)
            guard !number.isNaN else { return Self.ok }
            labelSets[name, default: []].append(ValueLabel(code: Self.code(number), label: text))
        }
        return Self.ok
    }

    /// The table of every wanted column, each as long as the longest.
    func table() -> Table {
        var built: [Column] = []
        for var column in columns where wanted?.contains(column.name) ?? true {
            while column.count < rows { column.appendNull() }
            let labels = column.labelSet.flatMap { labelSets[$0] } ?? []
            var finished = column.finish(labels: labels, file: format, fileName: source.name, keptMissing: options.keepMissing,
                                         warn: context.warn)
            if let set = column.labelSet, let tags = tagLabels[set], var info = finished.labels {
                for i in info.missing.indices { if case .tag(let t) = info.missing[i].kind { info.missing[i].label = tags[t] } }
                finished.labels = info
            }
            built.append(finished)
        }
        return Table(unchecked: built, rowCount: rows)
    }

    // MARK: Helpers

    /// A value's number: Stata's 4-byte floats as the shortest decimal they print as (0.1, not 0.10000000149).
    private static func number(_ value: readstat_value_t) -> Double {
        if readstat_value_type(value) == READSTAT_TYPE_FLOAT {
            let f = readstat_float_value(value)
            return Double(f.description) ?? Double(f)
        }
        return readstat_double_value(value)
    }

    /// A numeric code as a value: an integer when whole.
    private static func code(_ x: Double) -> Value {
        x == x.rounded() && x.magnitude < 9.0e15 ? .integer(Int64(x)) : .number(x)
    }

    /// The text at `pointer`, up to its NUL or `limit` bytes (invalid UTF-8 replaced: a name, matched, never shown raw).
    private static func string(_ pointer: UnsafePointer<CChar>, limit: Int?) -> String {
        let count = limit.map { strnlen(pointer, $0) } ?? strlen(pointer)
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// A C string from the file as text, failing the parse when it is not UTF-8; "" for NULL.
    private func text(_ pointer: UnsafePointer<CChar>?, what: @autoclosure () -> String) -> String? {
        guard let pointer else { return "" }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
        guard ByteChecks.firstProblem(in: bytes) == nil else {
            _ = fail(invalidText: what())
            return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `name` made usable and distinct from the names before it: an empty
    /// name becomes `column_N`, a repeated one gets `_2`, `_3`, … (as a CSV header's).
    private func uniqueName(_ name: String, position: Int) -> String {
        let base = name.isEmpty ? "column_\(position + 1)" : name
        var candidate = base
        var k = 2
        while used.contains(candidate) {
            candidate = "\(base)_\(k)"
            k += 1
        }
        used.insert(candidate)
        return candidate
    }

    private func fail(_ reason: String) -> Int32 {
        if failure == nil {
            failure = LoadError.make(.loadCorrupt, "'\(source.name)' is not a readable \(format.title) file: \(reason)", file: source.name,
                                     hints: ["the file may be damaged or cut short"])
        }
        return Self.abort
    }

    private func fail(invalidText what: String) -> Int32 {
        if failure == nil {
            failure = LoadError.make(
                .loadInvalidUtf8, "'\(source.name)' holds text that is not UTF-8 (\(what))", file: source.name,
                hints: ["name the file's character encoding: load \"\(source.name)\" encoding \"windows-1252\" (or \"latin1\")"])
        }
        return Self.abort
    }
}

private extension String {
    func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}
