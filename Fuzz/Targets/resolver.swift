// Parse, then resolve every statement against the example datasets without
// running it: name and type errors must come back as diagnostics.
func fuzzResolver(_ bytes: [UInt8]) {
    let file = SourceFile(name: "fuzz.tq", bytes: bytes)
    let session = FuzzDatasets.session()
    let (script, _) = Parser.parse(file)
    for statement in script.statements {
        let resolver = Resolver(fileName: file.name, source: file, catalog: session.catalog, settings: session.settings)
        switch statement.kind {
        case .pipeline(let pipeline), .let(_, let pipeline):
            _ = try? resolver.resolve(pipeline)
        case .describe(let name):
            _ = try? resolver.dataset(name)
        default:
            break
        }
    }
}
