import Foundation
import Testing
import ToplineTestSupport

/// The sources are meant to build on macOS as well as Linux, though only
/// Linux is tested: the C library is imported as Glibc or Darwin, whichever
/// exists, and named as a module only inside a matching `#if`. Linux alone
/// has `st_mtim`, Darwin `st_mtimespec`.
@Suite struct PortabilityTests {
    /// Every Swift file that `swift build` compiles: the library, the shell,
    /// the command and the test-support target.
    static func buildFiles() throws -> [(path: String, lines: [String])] {
        let roots = ["Sources", "Tests/ToplineTestSupport", "Examples/Embedding"]
        var files: [(String, [String])] = []
        for root in roots {
            let url = packageRoot.appendingPathComponent(root)
            guard let walk = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in walk where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                files.append((root + "/" + file.path.dropFirst(url.path.count + 1), text.components(separatedBy: "\n")))
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The innermost `#if`/`#elseif` condition each line is under ("" outside any).
    static func conditions(_ lines: [String]) -> [String] {
        var stack: [String] = []
        return lines.map { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#if ") { stack.append(String(trimmed.dropFirst(4))) }
            else if trimmed.hasPrefix("#elseif "), !stack.isEmpty { stack[stack.count - 1] = String(trimmed.dropFirst(8)) }
            else if trimmed == "#else", !stack.isEmpty { stack[stack.count - 1] = "!" + stack[stack.count - 1] }
            else if trimmed == "#endif", !stack.isEmpty { stack.removeLast() }
            return stack.last ?? ""
        }
    }

    @Test func theCLibraryIsImportedForEitherPlatform() throws {
        let files = try Self.buildFiles()
        #expect(files.count > 50)
        for (path, lines) in files {
            let under = Self.conditions(lines)
            for (i, line) in lines.enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("///") || code.hasPrefix("//") { continue }
                if code == "import Glibc" || code.contains("Glibc.") || code.contains("st_mtim.") {
                    #expect(under[i] == "canImport(Glibc)" || under[i] == "!canImport(Darwin)",
                            "\(path):\(i + 1): Linux-only without #if canImport(Glibc): \(code)")
                }
                if code == "import Darwin" || code.contains("Darwin.") || code.contains("st_mtimespec") {
                    #expect(under[i] == "canImport(Darwin)" || under[i] == "!canImport(Glibc)",
                            "\(path):\(i + 1): Darwin-only without #if canImport(Darwin): \(code)")
                }
            }
            // A file that imports one imports the other.
            let imports = Set(lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0 == "import Glibc" || $0 == "import Darwin" })
            #expect(imports.isEmpty || imports.count == 2, "\(path): imports only \(imports.sorted())")
        }
    }

    /// Synchronization (Atomic, Mutex) needs macOS 15; the package says so.
    @Test func packageNamesTheMacOSItNeeds() throws {
        let manifest = try String(contentsOf: packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains("platforms: [.macOS(.v15)]"))
        #expect(manifest.contains(".brew([\"libedit\"])"))
    }
}
