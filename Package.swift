// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Topline",
    products: [
        .library(name: "Topline", targets: ["Topline"]),
        .executable(name: "topline", targets: ["topline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The embeddable library: syntax, semantics, runtime, statistics, loaders,
        // formatters, diagnostics and completion. It never prints and never exits.
        .target(name: "Topline"),
        // libedit (BSD editline) with fixed-arity wrappers for its variadic calls.
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        // The interactive shell: line readers, history, dot commands, the REPL loop.
        .target(name: "ToplineShell", dependencies: ["Topline", "CLibEdit"]),
        // The `topline` command: argument parsing and exit codes.
        .executableTarget(
            name: "topline",
            dependencies: [
                "Topline", "ToplineShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A tiny program that embeds the library, built and run by a test.
        .executableTarget(name: "embed-example", dependencies: ["Topline"], path: "Examples/Embedding"),
        // Helpers both test targets share (the package root, temporary directories),
        // defined once. Not a product: nothing outside the tests can depend on it.
        .target(name: "ToplineTestSupport", path: "Tests/ToplineTestSupport"),
        // Fixtures are read from the source tree by path (golden files are re-recorded in place).
        .testTarget(name: "ToplineTests", dependencies: ["Topline", "ToplineTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ToplineShellTests", dependencies: ["ToplineShell", "Topline", "ToplineTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
