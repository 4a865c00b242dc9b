import Topline

/// `complete DATA.csv RUNS`: completion latency on a loaded dataset named
/// `microdata`. The first call of a value completion builds the session's
/// distinct-value cache, so it is reported apart from the median of RUNS later calls.
enum CompleteCommand {
    static let cases: [(name: String, text: String)] = [
        ("text_value", #"from microdata | where region == ""#),
        ("integer_value", "from microdata | where wave == "),
        ("column", "from microdata | where reg"),
        ("verb", "from microdata | where wave == 2016 | su"),
    ]

    static func run(data: String, runs: Int) throws(BenchError) {
        let session = Session()
        var rows = 0
        let load = try seconds { () throws(BenchError) in
            do throws(Diagnostic) { try session.load(path: data, as: "microdata") } catch { throw BenchError(error.message) }
            rows = session.dataset(named: "microdata")?.rowCount ?? 0
        }
        var result: [(String, Double)] = [("rows", Double(rows)), ("load", load)]
        for (name, text) in cases {
            var times: [Double] = []
            var candidates = 0
            for _ in 0...runs {
                times.append(try seconds {
                    candidates = session.completions(in: text, cursor: text.utf8.count).candidates.count
                })
            }
            guard candidates > 0 else { throw BenchError("no completions for '\(text)'") }
            result.append((name + "_first", times[0]))
            result.append((name, median(Array(times.dropFirst()))))
        }
        print(json(result))
    }
}
