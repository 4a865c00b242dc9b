import Synchronization
import Topline

/// Where `--output FILE` sends a run's results: a temporary file beside FILE
/// (an ``AtomicFileWriter``) that replaces FILE only when the run is over,
/// so FILE is either the whole new output or as it was. Text results are
/// streamed into it as they come, never held whole; a workbook's tables are
/// gathered (``WorkbookSheets``) and written at the end. Killed by Ctrl-C, the
/// command removes the temporary file first (``TemporaryFileOnSignal``).
final class ResultFile: Sendable {
    /// The file as the user named it.
    let name: String
    let format: FileFormat
    /// The tables gathered for a workbook; nil for the text formats.
    let sheets: WorkbookSheets?
    private struct State {
        var writer: AtomicFileWriter
        /// The first failed write: the file is then abandoned and nothing more is written.
        var failure: FileWriteError?
    }
    private let state: Mutex<State>

    /// Creates the temporary file for `path` at once, so that a missing
    /// folder or a read-only one is reported before anything runs.
    init(path: String, name: String, format: FileFormat) throws(FileWriteError) {
        self.name = name
        self.format = format
        sheets = format == .workbook ? WorkbookSheets() : nil
        let writer = try AtomicFileWriter(path: path, name: name)
        state = Mutex(State(writer: writer))
        TemporaryFileOnSignal.watch(writer.temporary)
    }

    /// Text written here goes into the file (an output that is not a terminal).
    var output: TextOutput {
        TextOutput(isTerminal: false) { [self] text in
            state.withLock { state in
                guard state.failure == nil else { return }
                do throws(FileWriteError) { try state.writer.write(text) } catch { state.failure = error }
            }
        }
    }

    /// Puts the file in place — for a workbook, writes it first — and says
    /// how that went; a write that failed earlier is reported here.
    func commit(interrupt: InterruptFlag?) -> FileExport.Outcome {
        defer { TemporaryFileOnSignal.forget() }
        return state.withLock { state in
            if let failure = state.failure { return .failed(failure) }
            if let sheets { return FileExport.write(sheets.sheets, to: state.writer, interrupt: interrupt) }
            do throws(FileWriteError) {
                try state.writer.commit()
                return .written
            } catch {
                return .failed(error)
            }
        }
    }

    /// Removes the temporary file: FILE stays as it was.
    func abandon() {
        state.withLock { $0.writer.abandon() }
        TemporaryFileOnSignal.forget()
    }
}
