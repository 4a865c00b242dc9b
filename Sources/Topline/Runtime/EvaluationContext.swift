import Synchronization

/// A flag another thread sets to stop a running query (Ctrl-C in the shell).
///
/// ```swift
/// let session = Session()
/// let interrupt = InterruptFlag()
/// // From any thread, `interrupt.set()` cancels the statement that is running.
/// let outcome = session.run(#"load "Examples/data/ceo_study_metrics.csv" as studies"#, fileName: "q.tq",
///                           options: RunOptions(interrupt: interrupt))
/// _ = outcome.succeeded   // true (nothing interrupted it)
/// ```
public final class InterruptFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func set() { flag.store(true, ordering: .relaxed) }
    public func clear() { flag.store(false, ordering: .relaxed) }
    public var isSet: Bool { flag.load(ordering: .relaxed) }
}

/// What one statement's evaluation shares: its file name for diagnostics, the
/// warnings it produced, the interrupt flag, the settings and where to report progress.
final class EvaluationContext {
    let fileName: String
    let interrupt: InterruptFlag?
    let settings: SessionSettings
    /// Where long work reports how far it has got (``RunOptions/progress``).
    let progress: (@Sendable (WorkProgress) -> Void)?
    private(set) var warnings: [Diagnostic] = []
    private var warned = Set<String>()

    init(fileName: String, interrupt: InterruptFlag?, settings: SessionSettings,
         progress: (@Sendable (WorkProgress) -> Void)? = nil) {
        self.fileName = fileName
        self.interrupt = interrupt
        self.settings = settings
        self.progress = progress
    }

    func error(_ id: DiagnosticID, _ message: String, at range: SourceRange?, hints: [String] = []) -> Diagnostic {
        Diagnostic(.error, id: id, message, file: range == nil ? nil : fileName, range: range, hints: hints)
    }

    /// Records a warning once per kind and place.
    func warnOnce(_ id: DiagnosticID, _ message: String, at range: SourceRange) {
        guard warned.insert("\(id)@\(range.start)").inserted else { return }
        warnings.append(Diagnostic(.warning, id: id, message, file: fileName, range: range))
    }

    /// Records a warning built by the caller (with hints), once per kind and place.
    func warnOnce(_ diagnostic: Diagnostic) {
        guard warned.insert("\(diagnostic.id)@\(diagnostic.range?.start ?? -1)").inserted else { return }
        warnings.append(diagnostic)
    }

    /// Throws if the user asked to stop. Called every few thousand rows.
    func checkInterrupt() throws(Diagnostic) {
        if let interrupt, interrupt.isSet {
            throw Diagnostic(.error, id: .runCancelled, "query cancelled")
        }
    }
}
