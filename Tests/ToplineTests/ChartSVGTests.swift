import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ToplineTestSupport
@testable import Topline

/// SVG charts: well-formed XML, accessible title and description, values
/// as text, and a real rasteriser can draw them.
@Suite struct ChartSVGTests {
    /// What XMLParser saw: the root's attributes and the text of each element name.
    final class Reader: NSObject, XMLParserDelegate {
        var rootAttributes: [String: String] = [:]
        var texts: [String: [String]] = [:]
        var elementCounts: [String: Int] = [:]
        private var stack: [String] = []
        private var current = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if stack.isEmpty { rootAttributes = attributes }
            stack.append(name)
            elementCounts[name, default: 0] += 1
            current = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            if ["title", "desc", "text"].contains(name) { texts[name, default: []].append(current) }
            current = ""
        }
    }

    static func parse(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) -> Reader {
        let parser = XMLParser(data: Data(svg.utf8))
        let reader = Reader()
        parser.delegate = reader
        let ok = parser.parse()
        #expect(ok, "not well-formed XML: \(String(describing: parser.parserError))", sourceLocation: sourceLocation)
        return reader
    }

    static func samples() throws -> [(String, Chart)] {
        [("bar", try ChartSamples.chart(ChartSamples.barQuery)),
         ("dumbbell", try ChartSamples.chart(ChartSamples.dumbbellQuery)),
         ("line", try ChartSamples.pwcTrend())]
    }

    @Test func documentsAreWellFormedAndAccessible() throws {
        for (kind, chart) in try Self.samples() {
            let svg = SVGChartRenderer.render(chart)
            let reader = Self.parse(svg)
            #expect(reader.rootAttributes["xmlns"] == "http://www.w3.org/2000/svg", "\(kind)")
            #expect(reader.rootAttributes["role"] == "img")
            #expect(reader.rootAttributes["aria-labelledby"] == "chart-title chart-desc")
            #expect(reader.rootAttributes["viewBox"]?.hasPrefix("0 0 720 ") == true)
            #expect(reader.texts["title"] == [ChartText.title(chart)])
            #expect(reader.texts["desc"]?.count == 1)
            #expect(!svg.contains("<path"), "text must be text, not outlines")
        }
    }

    @Test func barChartNamesEveryValue() throws {
        let reader = Self.parse(SVGChartRenderer.render(try ChartSamples.chart(ChartSamples.barQuery)))
        let texts = reader.texts["text"] ?? []
        #expect(texts.contains("Global"))
        #expect(texts.contains("Public sector"))
        #expect(texts.contains("16.0% ±1.7"))
        #expect(texts.contains("25.0% (n/a)"))
        #expect(texts.contains("0%") && texts.contains("100%"))
        #expect(texts.contains("├─┤ 95% confidence interval (Wilson)"))
        let desc = reader.texts["desc"]?.first ?? ""
        #expect(desc.contains("Global: 16.0% ±1.7 (n=1709)"))
        #expect(desc.contains("ASEAN: 25.0% (n/a)"))
        #expect(reader.elementCounts["rect"] == 4, "background and three bars")
    }

    @Test func dumbbellShowsTheShift() throws {
        let reader = Self.parse(SVGChartRenderer.render(try ChartSamples.chart(ChartSamples.dumbbellQuery)))
        let texts = reader.texts["text"] ?? []
        #expect(texts.contains("+41.0 pp"))
        #expect(texts.contains("-13.0 pp"))
        #expect(texts.contains("pct(now)") && texts.contains("pct(`3-5 years`)"))
        let desc = reader.texts["desc"]?.first ?? ""
        #expect(desc.contains("Social media used to interact/engage with customers: 16.0% → 57.0% (+41.0 pp)"))
        #expect(reader.elementCounts["circle"] == 3, "two FROM ends and the legend")
        #expect(reader.elementCounts["polygon"] == 3, "two TO ends and the legend")
    }

    @Test func lineShowsEveryWave() throws {
        let reader = Self.parse(SVGChartRenderer.render(try ChartSamples.pwcTrend()))
        let texts = reader.texts["text"] ?? []
        for label in ["15.0%", "18.0%", "44.0%", "37.0%", "(27.0%)", "(29.0%)", "57.0%", "2012", "2018"] {
            #expect(texts.contains(label), "\(label)")
        }
        #expect(reader.elementCounts["circle"] == 7)
        #expect(texts.contains("hollow points: base not published, no interval"))
    }

    @Test func textIsEscaped() throws {
        let chart = try ChartSamples.bar([("R&D <\"core\">", .percent(0.4)), ("bell\u{7}", .percent(0.2))], type: .percent)
        let svg = SVGChartRenderer.render(chart)
        #expect(svg.contains("R&amp;D &lt;&quot;core&quot;&gt;"))
        let reader = Self.parse(svg)
        #expect(reader.texts["text"]?.contains("R&D <\"core\">") == true)
    }

    /// Draws each chart with `rsvg-convert` (Debian package librsvg2-bin).
    @Test func rendersToPNG() throws {
        let candidates = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert", "/opt/homebrew/bin/rsvg-convert"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            Issue.record("rsvg-convert not found: install Debian package librsvg2-bin (scripts/install-deps --test does)")
            return
        }
        let dir = TemporaryDirectory(prefix: "topline-svg")
        defer { dir.remove() }
        for (kind, chart) in try Self.samples() {
            let svgURL = dir.url.appendingPathComponent("\(kind).svg"), pngURL = dir.url.appendingPathComponent("\(kind).png")
            try SVGChartRenderer.render(chart).write(to: svgURL, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = ["-o", pngURL.path, svgURL.path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "rsvg-convert failed on \(kind)")
            let png = try Data(contentsOf: pngURL)
            #expect(png.count > 1000, "\(kind).png is \(png.count) bytes")
            #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(kind).png is a PNG")
        }
    }
}
