import Testing
import ToplineTestSupport
@testable import Topline

/// "loaded t: 1 row × 2 columns": one builder (`Dataset.loadedMessage`,
/// `Dataset.size`) for every place that names a dataset's size, with
/// singular and plural right.
@Suite struct LoadedMessageTests {
    struct SizeCase: CustomTestStringConvertible, Sendable {
        var csv: String
        var message: String
        var testDescription: String { message }
    }

    static let sizes: [SizeCase] = [
        SizeCase(csv: "a,b\n1,2\n", message: "loaded t: 1 row × 2 columns"),
        SizeCase(csv: "a\n1\n2\n", message: "loaded t: 2 rows × 1 column"),
        SizeCase(csv: "a\n1\n", message: "loaded t: 1 row × 1 column"),
        SizeCase(csv: "a,b,c\n", message: "loaded t: 0 rows × 3 columns"),
    ]

    @Test(arguments: sizes)
    func loadNamesTheSize(_ c: SizeCase) throws {
        let dir = TemporaryDirectory(prefix: "loaded-message")
        defer { dir.remove() }
        dir.write("t.csv", c.csv)
        let session = Session(workingDirectory: dir.path)
        let outcome = session.run("load \"t.csv\" as t", fileName: "q.tq")
        let messages = outcome.events.compactMap { if case .message(let m) = $0 { m } else { nil } }
        #expect(messages == [c.message])
        let dataset = try #require(session.datasetInfo(named: "t"))
        #expect(dataset.loadedMessage == c.message)
        #expect("loaded t: " + dataset.size == c.message)
    }

    @Test func weightedDatasetsSaySo() throws {
        let session = Session()
        session.register(try Table(columns: [
            Column(name: "w", type: .number, values: [.number(1.5)]),
            Column(name: "x", type: .integer, values: [.integer(1)]),
        ]), as: "s", weight: "w")
        #expect(session.datasetInfo(named: "s")?.loadedMessage == "loaded s: 1 row × 2 columns, weighted by w")
    }
}
