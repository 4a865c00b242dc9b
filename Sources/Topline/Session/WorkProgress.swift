/// How far a long statement has got: reported while it runs (through
/// ``RunOptions/progress``) so that a front end can show it; the library itself
/// shows nothing.
///
/// Today one statement reports it: `load "file.csv" into pg as TABLE`, after
/// each megabyte it sends to the server.
///
/// ```swift
/// let options = RunOptions(progress: { progress in
///     // progress.activity == .copying(file: "big.csv", table: "pg.big")
///     _ = progress.fraction   // 0.25 when a quarter of the file has been sent
/// })
/// _ = options.progress != nil   // true
/// ```
public struct WorkProgress: Sendable, Equatable {
    /// What is being done. The names in it are as the user wrote them, untrusted text.
    public enum Activity: Sendable, Equatable {
        /// A file copied into a table of an attached database (`pg.big`).
        case copying(file: String, table: String)
    }

    public var activity: Activity
    /// Bytes done so far.
    public var done: Int
    /// Bytes in all (the file's size when the work started).
    public var total: Int

    public init(activity: Activity, done: Int, total: Int) {
        self.activity = activity
        self.done = done
        self.total = total
    }

    /// `done / total`, between 0 and 1 (1 for empty work).
    public var fraction: Double {
        total > 0 ? min(1, max(0, Double(done) / Double(total))) : 1
    }
}
