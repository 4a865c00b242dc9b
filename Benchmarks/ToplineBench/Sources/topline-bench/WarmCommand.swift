import Topline

/// `warm RUNS SCRIPT…`: the warm cells of the benchmark. Lines starting with `load`
/// run once (each distinct one), timed as "load"; the rest of each script (its
/// query) then runs once as a warm-up and RUNS times timed. Query time includes
/// parsing and resolving the query, as a CLI's `.timer` does, but no output.
enum WarmCommand {
    static func run(runs: Int, scripts: [String]) throws(BenchError) {
        let session = Session()
        var loaded = Set<String>()
        var loadTime = 0.0
        var queries: [(name: String, text: String)] = []
        for path in scripts {
            let lines = try readText(path).split(separator: "\n", omittingEmptySubsequences: false)
            let isLoad = { (line: Substring) in line.drop { $0 == " " }.hasPrefix("load ") }
            for line in lines where isLoad(line) && loaded.insert(String(line)).inserted {
                loadTime += try seconds { () throws(BenchError) in try runChecked(session, String(line), name: path) }
            }
            queries.append((stem(path), lines.filter { !isLoad($0) }.joined(separator: "\n")))
        }
        var result: [(String, Double)] = [("load", loadTime)]
        for (name, text) in queries {
            var times: [Double] = []
            for run in 0...runs {
                let t = try seconds { () throws(BenchError) in try runChecked(session, text, name: name) }
                if run > 0 { times.append(t) }
            }
            result.append((name, median(times)))
        }
        print(json(result))
    }
}
