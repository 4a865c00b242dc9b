import Topline
import ToplineExcel

/// What `.export` and `--output` write: a result table rendered a piece at a
/// time (never held whole), a chart's text, or a workbook of result tables,
/// into an ``AtomicFileWriter``, with Ctrl-C
/// polled between pieces as for a result written to the terminal. An export
/// that fails or is cancelled leaves the old file as it was and no temporary
/// file behind.
enum FileExport {
    enum Outcome: Equatable {
        case written
        /// Ctrl-C: the file is as it was.
        case cancelled
        /// The file is as it was; why writing failed.
        case failed(FileWriteError)
    }

    /// Writes `table` as `format` (every row) through `writer`, then commits it.
    static func write(_ table: Table, as format: OutputFormat, to writer: AtomicFileWriter,
                      interrupt: InterruptFlag?) -> Outcome {
        var failure: FileWriteError?
        do throws(Diagnostic) {
            try TableFormatter.write(table, as: format, interrupt: interrupt) { piece in
                do throws(FileWriteError) {
                    try writer.write(piece)
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        } catch {
            // The renderers throw only for Ctrl-C.
            writer.abandon()
            return .cancelled
        }
        if let failure { return .failed(failure) }
        return commit(writer)
    }

    /// Writes `text` through `writer` in pieces of 1 MiB, then commits it.
    static func write(_ text: String, to writer: AtomicFileWriter, interrupt: InterruptFlag?) -> Outcome {
        var text = text
        let stopped: Outcome? = text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                if let interrupt, interrupt.isSet {
                    writer.abandon()
                    return .cancelled
                }
                let end = min(bytes.count, start + (1 << 20))
                do throws(FileWriteError) {
                    try writer.write(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<end])))
                } catch {
                    return .failed(error)
                }
                start = end
            }
            return nil
        }
        return stopped ?? commit(writer)
    }

    /// Writes `sheets` as an Excel workbook into `writer`'s temporary file
    /// (libxlsxwriter writes by path), then commits it. A libxlsxwriter error
    /// is the write's failure, naming the file as the user did.
    static func write(_ sheets: [ExcelWorkbook.Sheet], to writer: AtomicFileWriter, interrupt: InterruptFlag?) -> Outcome {
        do throws(ExcelWriteError) {
            try ExcelWorkbook.write(sheets, to: writer.temporaryPath, interrupt: interrupt)
        } catch {
            writer.abandon()
            if error == .cancelled { return .cancelled }
            return .failed(FileWriteError(path: writer.name, reason: error.description))
        }
        return commit(writer)
    }

    private static func commit(_ writer: AtomicFileWriter) -> Outcome {
        do throws(FileWriteError) {
            try writer.commit()
            return .written
        } catch {
            return .failed(error)
        }
    }
}
