import Topline

/// `parse MB RUNS`: lexer+parser throughput on a generated script of about MB
/// megabytes of varied statements (loads, lets, pipelines with every verb kind
/// the benchmark queries use, comments). Prints {"bytes", "seconds", "mb_per_s"}.
enum ParseCommand {
    static func run(megabytes: Int, runs: Int) throws(BenchError) {
        let file = SourceFile(name: "generated.tq", bytes: script(bytes: megabytes * 1_000_000))
        var times: [Double] = []
        for run in 0...runs {
            var statements = 0
            let t = try seconds { () throws(BenchError) in
                let check = Session.syntaxCheck(file)
                if let d = check.diagnostics.first { throw BenchError(DiagnosticRenderer.render(d, source: file)) }
                statements = check.statements
            }
            if run == 0 { standardError("parse: \(file.bytes.count) bytes, \(statements) statements") } else { times.append(t) }
        }
        let t = median(times)
        print(json([("bytes", Double(file.bytes.count)), ("seconds", t), ("mb_per_s", Double(file.bytes.count) / t / 1e6)]))
    }

    /// Statements that vary with `i`, so no two are identical.
    static func script(bytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes + 1024)
        var i = 0
        while out.count < bytes {
            out += Array("""
                # block \(i): survey microdata, wave \(2012 + 2 * (i % 3))
                load "data/survey_\(i).csv" as survey_\(i) weight weight
                let ceos_\(i) = from survey_\(i) | where role == "CEO" and wave >= \(2000 + i % 20) or region ~ "europe"
                from ceos_\(i)
                | derive drop = (f2f_share_now - f2f_share_future) / 2.5, label = upper(industry), gap = 57% - 16%
                | summarize n = count(), wpct = share(social_media_now == "yes"), avg_f2f = avg(f2f_share_now) by region, role
                | where n >= \(30 + i % 50) and wpct > \(i % 90)%
                | sort wpct desc, region
                | take \(1 + i % 10)
                from `survey \(i)` | select industry, `share now` = pct(f2f_share_now), x = round(weight * 1.5e2, 2)

                """.utf8)
            i += 1
        }
        return out
    }
}
