import Foundation
import Testing
import ToplineTestSupport
@testable import Topline

/// Every diagnostic id is defined once, in ``DiagnosticID``; DIAGNOSTICS.md
/// documents each; and no source file spells an id as a string.
@Suite struct DiagnosticCatalogTests {
    static let root = packageRoot

    @Test func everyIdIsDocumented() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("DIAGNOSTICS.md"), encoding: .utf8)
        for id in DiagnosticID.allCases {
            #expect(doc.contains("| `\(id.rawValue)` | \(id.meaning) |"), "DIAGNOSTICS.md lacks \(id.rawValue): regenerate it with scripts/diagnostics-doc")
        }
    }

    @Test func idsAreUniqueAndWellFormed() {
        let raw = DiagnosticID.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        for id in DiagnosticID.allCases {
            #expect(id.rawValue.wholeMatch(of: /[a-z]+\.[a-z0-9-]+/) != nil, "\(id.rawValue)")
            #expect(!id.meaning.isEmpty)
        }
    }

    /// An id written as a string literal anywhere in Sources/ (outside the catalog) is a second definition.
    @Test func noSourceSpellsAnIdAsAString() throws {
        let domains = Set(DiagnosticID.allCases.map { String($0.domain) }).joined(separator: "|")
        let pattern = try Regex("\"(\(domains))\\.[a-z0-9-]+\"")
        let sources = Self.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && $0.lastPathComponent != "DiagnosticID.swift" }
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                Issue.record("\(file.lastPathComponent) spells \(text[match.range]) as a string: use a DiagnosticID case")
            }
        }
    }
}
