import Topline

/// `run SCRIPT.tq`: the script's last result as CSV (what `topline --format csv` prints).
enum RunCommand {
    static func run(script: String) throws(BenchError) {
        let tables = try runChecked(Session(), try readText(script), name: script)
        guard let last = tables.last else { throw BenchError("'\(script)' produced no table") }
        print(TableFormatter.render(last, as: .csv), terminator: "")
    }
}
