import CLibPQ
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One connection to a PostgreSQL server, through libpq: the only type that calls it.
///
/// Every query is parameterised (`PQsendQueryParams`: values travel apart from the SQL
/// text, so no value is ever parsed as SQL) and asks for text results. It is sent
/// asynchronously and waited for in slices of 100 ms, so that a set ``InterruptFlag``
/// (Ctrl-C) cancels it on the server with `PQcancel`. The password is libpq's business:
/// `PGPASSWORD` or `~/.pgpass`; nothing here reads or keeps one.
///
/// ```swift
/// let connection = try PostgresConnection(conninfo: "host=/tmp/pg dbname=postgres")
/// let result = try connection.query("SELECT $1::int8 + 1", parameters: ["41"])
/// _ = result.rows[0][0]   // "42"
/// ```
final class PostgresConnection {
    private let connection: OpaquePointer
    /// libpq's time limit for connecting, unless the conninfo states its own `connect_timeout`.
    static let connectTimeoutSeconds = 10

    /// Connects with a libpq connection string (`host=… dbname=…`) or URI (`postgresql://…`).
    init(conninfo: String) throws(PostgresError) {
        #if TOPLINE_FUZZ
        // A fuzzer's made-up connection string must never reach a network.
        if !conninfo.isEmpty { throw PostgresError(message: "connections are off in the fuzz build", sqlState: nil, position: nil, connectionFailed: true) }
        #endif
        // connect_timeout first: what the conninfo (expanded from dbname) says overrides it.
        let keywords = ["connect_timeout", "fallback_application_name", "dbname"]
        let values = [String(PostgresConnection.connectTimeoutSeconds), "topline", conninfo]
        let pointer: OpaquePointer? = withCStrings(keywords) { k in
            withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let pointer else { throw PostgresError(message: "out of memory while connecting", sqlState: nil, position: nil) }
        guard PQstatus(pointer) == CONNECTION_OK else {
            let message = PostgresConnection.text(PQerrorMessage(pointer))
            PQfinish(pointer)
            throw PostgresError(message: message, sqlState: nil, position: nil, connectionFailed: true)
        }
        connection = pointer
        // Timestamps with time zone arrive as UTC, the zone Topline's timestamps are in.
        _ = try query("SET TIME ZONE 'UTC'", parameters: [])
    }

    deinit { PQfinish(connection) }

    /// How many rows the server has sent on this connection: what a test of "no respondent
    /// rows cross the wire" counts.
    private(set) var rowsReceived = 0

    /// The process id of the server process serving this connection (`pg_backend_pid()`), which a
    /// test of a lost connection terminates without touching other connections.
    var serverProcess: Int32 { PQbackendPID(connection) }

    /// Whether the connection still stands (false after the server went away).
    var isOpen: Bool { PQstatus(connection) == CONNECTION_OK }

    /// Runs one SQL statement with `$1…` bound to `parameters` (nil is SQL null) and
    /// returns its rows as text. Setting `interrupt` cancels it on the server.
    /// `timeLimit` (seconds) cancels it as Ctrl-C does once that time has passed (completion's catalog look-ups).
    func query(_ sql: String, parameters: [String?], interrupt: InterruptFlag? = nil,
               timeLimit: Double? = nil) throws(PostgresError) -> PostgresResult {
        var rows: [[String?]] = []
        let columns = try stream(sql, parameters: parameters, interrupt: interrupt, timeLimit: timeLimit) { row in
            rows.append((0..<row.count).map { row[$0] })
        }
        return PostgresResult(columns: columns, rows: rows)
    }

    /// Runs `sql` and hands each row to `row` as it arrives (libpq's single-row mode), so that a large
    /// result is never held whole — by libpq or here — and Ctrl-C (or `timeLimit`) cancels the query
    /// between rows as while it waits. Returns each column's name and type OID.
    func stream(_ sql: String, parameters: [String?], interrupt: InterruptFlag? = nil, timeLimit: Double? = nil,
                row: (PostgresRow) -> Void) throws(PostgresError) -> [(name: String, type: UInt32)] {
        if !isOpen {
            // The server went away since the last query: try once to connect again.
            PQreset(connection)
            guard isOpen else { throw lost() }
        }
        // C strings end at a NUL byte: a value holding one would arrive cut short. (PostgreSQL's
        // text cannot hold one, so no row could match it anyway.)
        if parameters.contains(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(message: "a value with a NUL byte cannot be sent to PostgreSQL", sqlState: nil, position: nil)
        }
        // Nor may the statement: a NUL in it would be a mark of a source map left in (``SQLPlan/stripped()``).
        if sql.utf8.contains(0) {
            throw PostgresError(message: "the SQL holds a NUL byte (a name with one cannot be sent to PostgreSQL)", sqlState: nil, position: nil)
        }
        let sent: Int32 = withOptionalCStrings(parameters) { values in
            PQsendQueryParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        guard sent == 1 else { throw lost() }
        _ = PQsetSingleRowMode(connection)
        let deadline = timeLimit.map { ContinuousClock.now + .milliseconds(Int($0 * 1000)) }
        var cancelled = false
        var columns: [(name: String, type: UInt32)]?
        var failure: PostgresError?
        var finished = false, dropped = false
        // Every result must be read before the next query, errors included.
        while true {
            cancelled = wait(interrupt, until: deadline, cancelled: cancelled)
            guard let result = PQgetResult(connection) else { break }
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                guard failure == nil, !cancelled else { dropped = true; continue }
                if columns == nil { columns = PostgresRow.columns(of: result) }
                row(PostgresRow(result: result))
                rowsReceived += 1
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                if columns == nil { columns = PostgresRow.columns(of: result) }
                finished = true
            default:
                if failure == nil { failure = PostgresError(result, cancelled: cancelled) }
            }
        }
        if let failure { throw failure }
        if dropped {
            // Cancelled while its last rows came in: what arrived is not the result.
            var error = PostgresError(message: "canceling statement due to user request", sqlState: "57014", position: nil)
            error.cancelled = true
            throw error
        }
        guard finished, let columns else { throw lost() }
        return columns
    }

    /// What ``copyIn(_:interrupt:next:)`` sends next.
    enum CopyChunk {
        case data([UInt8])
        case end
        /// Stop: the server discards what it was sent, with this message.
        case abort(String)
    }

    /// Runs `COPY … FROM STDIN`, sending what `next` gives until the end, and returns the
    /// rows copied. Ctrl-C (or an abort) ends it with nothing copied.
    func copyIn(_ sql: String, interrupt: InterruptFlag?, next: () -> CopyChunk) throws(PostgresError) -> Int {
        guard let start = PQexec(connection, sql) else { throw lost() }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            defer { PQclear(start) }
            throw PostgresError(start, cancelled: false)
        }
        PQclear(start)
        var failure: String?
        sending: while true {
            if interrupt?.isSet == true { failure = "cancelled (Ctrl-C)"; break }
            switch next() {
            case .data(let bytes):
                let sent = bytes.withUnsafeBufferPointer { b in
                    b.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
                }
                if sent != 1 { break sending }
            case .end: break sending
            case .abort(let message): failure = message; break sending
            }
        }
        _ = PQputCopyEnd(connection, failure)
        var outcome: Result<Int, PostgresError>?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            guard outcome == nil else { continue }
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                outcome = .success(Int(PostgresConnection.text(PQcmdTuples(result))) ?? 0)
            } else {
                var error = PostgresError(result, cancelled: false)
                if interrupt?.isSet == true { error.cancelled = true }
                outcome = .failure(error)
            }
        }
        switch outcome {
        case .success(let rows)?: return rows
        case .failure(let e)?: throw e
        case nil: throw lost()
        }
    }

    /// Waits until the query's next result is in, cancelling it once if `interrupt` is set (or the
    /// deadline passes) and it was not `cancelled` before. Returns whether it has asked the server to cancel.
    private func wait(_ interrupt: InterruptFlag?, until deadline: ContinuousClock.Instant?, cancelled: Bool = false) -> Bool {
        var cancelled = cancelled
        let socket = PQsocket(connection)
        while true {
            if !cancelled, interrupt?.isSet == true || deadline.map({ ContinuousClock.now >= $0 }) == true {
                cancelled = true
                if let cancel = PQgetCancel(connection) {
                    var buffer = [CChar](repeating: 0, count: 256)
                    _ = PQcancel(cancel, &buffer, Int32(buffer.count))
                    PQfreeCancel(cancel)
                }
            }
            // A row already read is parsed without reading more: reading compacts libpq's buffer, which
            // for every row of a result that came in faster than it is taken would cost its whole size.
            if PQisBusy(connection) == 0 { return cancelled }
            guard PQconsumeInput(connection) == 1 else { return cancelled }
            if PQisBusy(connection) == 0 { return cancelled }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 100)
        }
    }

    private func lost() -> PostgresError {
        let message = PostgresConnection.text(PQerrorMessage(connection))
        return PostgresError(message: message.isEmpty ? "the connection to the server was lost" : message,
                             sqlState: nil, position: nil, connectionFailed: true)
    }

    /// libpq's text, its lines joined into one (a message is one line in a diagnostic).
    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        let s = String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
        return s.split(whereSeparator: { $0 == "\n" || $0 == "\t" || $0 == "\r" }).map { $0.trimmingBlanks() }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// The rows of a query, as the server's text for each value (nil: null).
struct PostgresResult: Sendable {
    /// Each column's name and type OID (`pg_type.oid`).
    var columns: [(name: String, type: UInt32)]
    /// Row by row, one text (or nil) per column.
    var rows: [[String?]]

    init(columns: [(name: String, type: UInt32)], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// One row as it arrives (``PostgresConnection/stream(_:parameters:interrupt:timeLimit:row:)``): the
/// server's text of each value, read from libpq's result, valid only while the callback runs.
struct PostgresRow {
    fileprivate let result: OpaquePointer

    var count: Int { Int(PQnfields(result)) }

    /// The text of field `f` (nil: null).
    subscript(f: Int) -> String? {
        if PQgetisnull(result, 0, Int32(f)) == 1 { return nil }
        let length = Int(PQgetlength(result, 0, Int32(f)))
        guard let value = PQgetvalue(result, 0, Int32(f)) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: value, count: length), as: UTF8.self)
    }

    fileprivate static func columns(of result: OpaquePointer) -> [(name: String, type: UInt32)] {
        (0..<Int(PQnfields(result))).map { f in
            (PostgresConnection.text(PQfname(result, Int32(f))), UInt32(PQftype(result, Int32(f))))
        }
    }
}

/// What went wrong talking to the server: its message, SQLSTATE and, when the
/// server gives one, the 1-based character position in the SQL.
struct PostgresError: Error, Sendable {
    var message: String
    var detail: String?
    var hint: String?
    /// Where the server was (`COPY survey, line 1042`).
    var context: String?
    var sqlState: String?
    var position: Int?
    /// No connection could be made, or it was lost.
    var connectionFailed = false
    /// The query was cancelled at our request (Ctrl-C).
    var cancelled = false

    init(message: String, sqlState: String?, position: Int?, connectionFailed: Bool = false) {
        self.message = message
        self.sqlState = sqlState
        self.position = position
        self.connectionFailed = connectionFailed
    }

    fileprivate init(_ result: OpaquePointer, cancelled: Bool) {
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { PostgresConnection.text($0) }
        }
        message = field(UInt8(ascii: "M")) ?? PostgresConnection.text(PQresultErrorMessage(result))
        detail = field(UInt8(ascii: "D"))
        hint = field(UInt8(ascii: "H"))
        context = field(UInt8(ascii: "W"))
        sqlState = field(UInt8(ascii: "C"))
        position = field(UInt8(ascii: "P")).flatMap { Int($0) }
        // 57014: query_canceled.
        self.cancelled = cancelled && sqlState == "57014"
        // No SQLSTATE: libpq's own failure; 08…: connection exceptions; 57P01–57P03: the server is shutting down.
        connectionFailed = sqlState == nil || sqlState!.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState!)
    }
}

private extension Substring {
    func trimmingBlanks() -> Substring {
        var s = drop(while: { $0 == " " })
        while s.last == " " { s = s.dropLast() }
        return s
    }
}

/// `body` with `strings` as a C array of C strings (NUL-terminated), valid only inside it.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withOptionalCStrings(strings.map { Optional($0) }) { pointer in
        // A NULL terminates libpq's keyword arrays.
        var terminated = Array(UnsafeBufferPointer(start: pointer, count: strings.count))
        terminated.append(nil)
        return terminated.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// `body` with `strings` as C strings, nil staying a NULL pointer (SQL null).
private func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { s in s.map { strdup($0)! } }
    defer { for c in copies { free(c) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
