import Glibc
import Topline

/// topline-bench: in-process measurements that a new `topline` process per run cannot give.
///
///   topline-bench run SCRIPT.tq                 result of the last statement as CSV
///   topline-bench warm RUNS SCRIPT.tq…          load once, time each script's query RUNS times
///   topline-bench parse [MEGABYTES] [RUNS]      lexer+parser throughput on a generated script
///   topline-bench complete DATA.csv [RUNS]      completion latency on a loaded dataset
///
/// Times are medians in seconds, printed as one JSON object. Relative `load` paths
/// resolve against the working directory, as in `topline`.
let arguments = Array(CommandLine.arguments.dropFirst())
do throws(BenchError) {
    switch arguments.first {
    case "run" where arguments.count == 2:
        try RunCommand.run(script: arguments[1])
    case "warm" where arguments.count >= 3:
        try WarmCommand.run(runs: try positive(arguments[1]), scripts: Array(arguments.dropFirst(2)))
    case "parse":
        try ParseCommand.run(megabytes: try arguments.count > 1 ? positive(arguments[1]) : 10,
                             runs: try arguments.count > 2 ? positive(arguments[2]) : 5)
    case "complete" where arguments.count >= 2:
        try CompleteCommand.run(data: arguments[1], runs: try arguments.count > 2 ? positive(arguments[2]) : 20)
    default:
        throw BenchError("""
            usage: topline-bench run SCRIPT.tq | warm RUNS SCRIPT.tq… | parse [MB] [RUNS] | complete DATA.csv [RUNS]
            """)
    }
} catch {
    standardError("topline-bench: \(error.message)")
    exit(2)
}

func positive(_ text: String) throws(BenchError) -> Int {
    guard let n = Int(text), n > 0 else { throw BenchError("expected a positive integer, got '\(text)'") }
    return n
}
