import Foundation
import Topline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The private PostgreSQL server of the tests (`scripts/pg-test-server`): the one
/// `scripts/test` started (its socket folder in `TOPLINE_TEST_PGHOST`), or, when the
/// tests run on their own (`swift test`), one started here for this process and
/// stopped when it exits. A test that needs it fails when no server can be had; it
/// never skips.
public enum PostgresTestServer {
    /// The server's socket folder, or why there is none.
    public static let host: Result<String, ServerError> = {
        if let given = ProcessInfo.processInfo.environment["TOPLINE_TEST_PGHOST"], !given.isEmpty { return .success(given) }
        let started = Result { try script(["start"]).trimmingCharacters(in: .whitespacesAndNewlines) }
            .mapError { $0 as? ServerError ?? ServerError(message: "\($0)") }
        if case .success(let dir) = started {
            startedHere = dir
            atexit { if let dir = PostgresTestServer.startedHere { _ = try? PostgresTestServer.script(["stop", dir]) } }
        }
        return started
    }()

    nonisolated(unsafe) private static var startedHere: String?

    /// A libpq connection string for the server's database.
    public static func conninfo() throws -> String {
        "host=\(try host.get()) user=topline dbname=postgres"
    }

    /// Runs SQL with psql (test setup only: Topline itself never sends SQL it did not build).
    @discardableResult
    public static func psql(_ sql: String) throws -> String {
        try run("/usr/bin/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", try conninfo(), "-c", sql])
    }

    /// Tables the fixtures are loaded into, once per process.
    public static let fixtures: Result<Void, ServerError> = {
        Result {
            try loadCSV(packagePath("Examples/data/survey.csv"), as: "survey")
            try loadCSV(packagePath("Examples/data/microdata-10k.csv"), as: "microdata")
            // R's `api` data (survey package): a stratified, a one-stage and a two-stage cluster sample,
            // apiclus1 with jackknife replicate weights; and an ACS-style sample with 80 replicate weights.
            for name in ["apistrat", "apiclus1", "apiclus2", "apiclus1_jk1", "sdr80"] {
                try loadCSV(packagePath("Tests/ToplineTests/Fixtures/survey/\(name).csv"), as: name)
            }
        }.mapError { $0 as? ServerError ?? ServerError(message: "\($0)") }
    }()

    /// Creates table `name` from the CSV file at `path` with Topline's own `load … into`: the
    /// columns it infers (integer as bigint, number as double precision, percent as marked
    /// fractions, …), the rows copied in.
    public static func loadCSV(_ path: String, as name: String) throws {
        try psql("DROP TABLE IF EXISTS \(quoted(name))")
        let session = Session()
        let outcome = session.run("""
            attach postgres "\(try conninfo())" as fixtures
            load \(quotedString(path)) into fixtures as \(quotedName(name))
            """, fileName: "fixtures.tq")
        guard outcome.succeeded else { throw ServerError(message: "cannot load \(path) into \(name): \(outcome.diagnostics)") }
    }

    /// A Topline string literal.
    static func quotedString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A Topline name, in backquotes.
    static func quotedName(_ name: String) -> String { "`" + name.replacingOccurrences(of: "`", with: "``") + "`" }

    public static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public struct ServerError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static func script(_ arguments: [String]) throws -> String {
        try run(packagePath("scripts/pg-test-server"), arguments)
    }

    /// Runs a program and returns its standard output. posix_spawn and waitpid, with the output
    /// in files: Foundation's `Process` could wait forever for the end of a child started from
    /// this lazy static's initializer (seen with Swift Testing on Linux).
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let dir = TemporaryDirectory(prefix: "topline-pg-run")
        defer { dir.remove() }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir.file("out"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, dir.file("err"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ServerError(message: "cannot run \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: dir.file("out"), encoding: .utf8)) ?? ""
        guard status == 0 else {
            let errors = (try? String(contentsOfFile: dir.file("err"), encoding: .utf8)) ?? ""
            throw ServerError(message: "\(executable) \(arguments.joined(separator: " ")): status \(status): " + errors)
        }
        return output
    }
}
