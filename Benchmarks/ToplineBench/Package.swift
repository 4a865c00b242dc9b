// swift-tools-version:6.0
// The benchmark executable, a package of its own so that the main package (and
// everyone's test builds) never compile it. Built in release mode by scripts/bench:
//   swift build -c release --package-path Benchmarks/ToplineBench --scratch-path .build-bench
import PackageDescription

let package = Package(
    name: "ToplineBench",
    dependencies: [.package(name: "Topline", path: "../..")],
    targets: [
        .executableTarget(
            name: "topline-bench",
            dependencies: [.product(name: "Topline", package: "Topline")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
