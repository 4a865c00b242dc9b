import Foundation

/// Helpers shared by both test targets (ToplineTests and ToplineShellTests),
/// defined once here. Everything a test reads lives inside this package:
/// nothing outside the clone is needed.

/// The package root, found from this file's path
/// (`Tests/ToplineTestSupport/PackageRoot.swift`, three levels down).
public let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The absolute path of `relative`, a path inside the package.
public func packagePath(_ relative: String) -> String {
    packageRoot.appendingPathComponent(relative).path
}

/// The bundled study figures (60 rows × 16 columns), the baseline dataset of many tests.
public let studiesCSV = packagePath("Examples/data/ceo_study_metrics.csv")
