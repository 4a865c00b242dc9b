import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// `Table` through JSON and back: names, types and every value kept.
@Suite struct TableCodableTests {
    @Test func roundTripKeepsTypesAndEstimates() throws {
        let session = Session(workingDirectory: packageRoot.path)
        let outcome = session.run("""
            load "Tests/ToplineTests/Fixtures/data/survey.csv" as survey weight weight
            from survey | summarize n = count(), now = share(social_media_now == "yes"), f2f = avg(f2f_now),
                                    top = max(f2f_now) by region
              | derive pctf = pct(f2f), gap = pct(f2f) - 50%, lift = pct(f2f) / 50%, big = n > 10 | sort region
            """, fileName: "rt.tq")
        #expect(outcome.succeeded)
        let table = try #require(outcome.tables.first)
        let data = try JSONEncoder().encode(table)
        let again = try JSONDecoder().decode(Table.self, from: data)
        #expect(again.columnNames == table.columnNames)
        #expect(again.columns.map(\.type) == table.columns.map(\.type))
        for r in 0..<table.rowCount { #expect(again.row(r) == table.row(r)) }
        #expect(table.columns.map(\.type).contains(.estimate))
    }

    @Test func mismatchedLengthsAreAnError() {
        let json = #"{"row_count":2,"columns":[{"name":"a","type":"integer","values":[1]}]}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Table.self, from: Data(json.utf8)) }
    }
}
