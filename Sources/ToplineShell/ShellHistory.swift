import Topline

/// The shell's history: what `.history` lists, what Up recalls, and the file
/// that carries it across runs. Consecutive duplicates are dropped; a
/// multi-line statement is one entry.
public final class ShellHistory {
    public private(set) var entries: [String]
    private let file: HistoryFile?
    private let capacity: Int
    /// The first write error, reported once (the shell keeps working without the file).
    public private(set) var writeError: HistoryError?
    /// How many records of the history file were corrupt and skipped (reported once at start).
    public let corruptRecords: Int
    /// Why the history file could not be read (not a regular file, over its
    /// size limit…); the file is then neither read nor written, and history
    /// is kept for the session only.
    public let loadError: HistoryError?
    /// Said once at start when the file was over its size limit and was cut
    /// to its newest entries that fit.
    public let loadNotice: String?
    /// Set when an entry was too large for the history file and kept for the
    /// session only; the shell says so once, and later entries are saved.
    public private(set) var oversizedEntry: String?

    public init(file: HistoryFile?, capacity: Int = 2000) {
        self.capacity = file?.capacity ?? capacity
        let loaded = file?.loadCheckingRecords() ?? HistoryLoad()
        self.entries = loaded.entries
        self.corruptRecords = loaded.corrupt
        self.loadError = loaded.error
        self.loadNotice = loaded.notice
        // A file that could not be read is not written either: appending to a
        // FIFO, a device or an oversized file would do no good.
        self.file = loaded.error == nil ? file : nil
    }

    /// Records `entry`; false when it repeats the previous entry (or is blank).
    @discardableResult
    public func add(_ entry: String) -> Bool {
        guard !entry.allSatisfy(\.isWhitespace), entry != entries.last else { return false }
        entries.append(entry)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        if let file, writeError == nil {
            guard file.admits(entry) else {
                if oversizedEntry == nil {
                    let size = entry.utf8.count
                    oversizedEntry = "an entry of \(ByteSize.describe(size)) is not saved in history '\(file.path)': "
                        + file.sizeLimit.refusal(size: size) + "; " + file.sizeLimit.howToRaise(size: size)
                        + " (it is kept for this session)"
                }
                return true
            }
            do throws(HistoryError) { try file.append(entry) } catch { writeError = error }
        }
        return true
    }

    /// The last `count` entries (all when nil), numbered from 1 for the oldest kept entry.
    public func listing(last count: Int?) -> String {
        let start = max(0, entries.count - (count ?? entries.count))
        let width = String(entries.count).count
        var text = ""
        for i in start..<entries.count {
            let number = String(i + 1)
            let pad = String(repeating: " ", count: width - number.count)
            // Entries are typed or pasted text (and completed data values): each line escaped.
            let body = entries[i].split(separator: "\n", omittingEmptySubsequences: false)
                .map { SafeText.escape(String($0)) }
                .joined(separator: "\n" + String(repeating: " ", count: width + 2))
            text += pad + number + "  " + body + "\n"
        }
        return text
    }
}
