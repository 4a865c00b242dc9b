import Foundation

/// The fuzz targets, by the name `scripts/fuzz` passes in `TOPLINE_FUZZ_TARGET`.
/// One binary holds them all so the library is compiled once, not once per target.
let fuzzTargets: [String: @Sendable ([UInt8]) -> Void] = [
    "parser": fuzzParser,
    "resolver": fuzzResolver,
    "csv": fuzzCSV,
    "json": fuzzJSON,
    "readstat": fuzzReadStat,
    "completion": fuzzCompletion,
    "run": fuzzRun,
]

let selectedTarget: @Sendable ([UInt8]) -> Void = {
    let name = ProcessInfo.processInfo.environment["TOPLINE_FUZZ_TARGET"] ?? ""
    guard let target = fuzzTargets[name] else {
        fatalError("set TOPLINE_FUZZ_TARGET to one of: \(fuzzTargets.keys.sorted().joined(separator: ", "))")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = count == 0 ? [] : Array(UnsafeRawBufferPointer(start: data, count: count))
    selectedTarget(bytes)
    return 0
}
