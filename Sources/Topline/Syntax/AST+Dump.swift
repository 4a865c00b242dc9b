/// An indented outline of a syntax tree with each node's source range as
/// `@line:column-line:column`, for tests and debugging.
///
/// ```swift
/// let file = SourceFile(name: "q", text: "from s | take 3")
/// print(Parser.parse(file).script.dump(file))
/// // Script
/// //   Pipeline from s @1:1-1:16
/// //     Take @1:10-1:16
/// //       Integer 3 @1:15-1:16
/// ```
extension Script {
    func dump(_ source: SourceFile) -> String {
        var d = TreeDump(source: source)
        d.line("Script", nil)
        d.nested { d in for s in statements { d.statement(s) } }
        return d.text
    }
}

extension Expr {
    func dump(_ source: SourceFile) -> String {
        var d = TreeDump(source: source)
        d.expr(self)
        return d.text
    }
}

struct TreeDump {
    let source: SourceFile
    var text = ""
    var depth = 0

    mutating func line(_ label: String, _ range: SourceRange?) {
        if !text.isEmpty { text += "\n" }
        text += String(repeating: "  ", count: depth) + label
        if let range {
            let (l1, c1) = source.location(of: range.start), (l2, c2) = source.location(of: range.end)
            text += " @\(l1):\(c1)-\(l2):\(c2)"
        }
    }

    mutating func nested(_ body: (inout TreeDump) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    mutating func name(_ label: String, _ n: Name) {
        line("\(label) \(SourcePrinter.name(n.text))", n.range)
    }

    mutating func statement(_ s: Statement) {
        switch s.kind {
        case .load(let load):
            line("Load \(SourcePrinter.quoted(load.path))", s.range)
            nested { d in
                if let as_ = load.name { d.name("As", as_) }
                if let weight = load.weight { d.name("Weight", weight) }
                if let format = load.options.format { d.line("Format \(format.rawValue)", load.ranges[.format]) }
                if let delimiter = load.options.delimiter {
                    d.line("Delimiter \(SourcePrinter.quoted(String(UnicodeScalar(delimiter))))", load.ranges[.delimiter])
                }
                if let encoding = load.options.encoding { d.line("Encoding \(encoding.rawValue)", load.ranges[.encoding]) }
                if load.options.keepMissing { d.line("KeepMissing", load.ranges[.keepMissing]) }
            }
        case .design(let d):
            line("Design \(SourcePrinter.dataset(d.dataset))", s.range)
            nested { x in
                x.name("Weight", d.weight)
                if let s = d.strata { x.name("Strata", s) }
                for c in d.clusters { x.name("Cluster", c) }
                for f in d.fpcs { x.name("Fpc", f) }
                if let r = d.replicates {
                    x.name("ReplicatesFrom", r.first)
                    x.name("ReplicatesTo", r.last)
                    x.name("Method", r.method)
                    if let rho = r.rho, let range = r.rhoRange { x.line("Rho \(SourcePrinter.number(rho, integral: false))", range) }
                }
            }
        case .let(let n, let p):
            line("Let \(SourcePrinter.name(n.text))", s.range)
            nested { $0.pipeline(p) }
        case .describe(let n): line("Describe \(SourcePrinter.dataset(n))", s.range)
        case .datasets: line("Datasets", s.range)
        case .set(let option, let value):
            line("Set \(SourcePrinter.name(option.text))", s.range)
            nested { $0.expr(value) }
        case .pipeline(let p): pipeline(p)
        case .attach(let a):
            line("Attach \(SourcePrinter.name(a.kind.text)) \(SourcePrinter.quoted(ConnectionString.redacted(a.conninfo)))", s.range)
            nested { $0.name("As", a.name) }
        case .detach(let n): line("Detach \(SourcePrinter.name(n.text))", s.range)
        case .explain(let p):
            line("Explain", s.range)
            nested { $0.pipeline(p) }
        case .loadInto(let path, _, let attachment, let table):
            line("Load \(SourcePrinter.quoted(path))", s.range)
            nested { d in
                d.name("Into", attachment)
                d.name("As", table)
            }
        }
    }

    mutating func pipeline(_ p: Pipeline) {
        line("Pipeline from \(SourcePrinter.dataset(p.source))", p.range)
        nested { d in for v in p.verbs { d.verb(v) } }
    }

    mutating func verb(_ v: Verb) {
        line(v.syntax.dumpLabel, v.range)
        nested { v.syntax.dump(&$0) }
    }

    mutating func assignment(_ a: Assignment) {
        name("Assign", a.name)
        nested { $0.expr(a.value) }
    }

    mutating func expr(_ e: Expr) {
        var children: [Expr] = []
        let label: String
        switch e.kind {
        case .null:
            label = "Null"
        case .integer, .number, .percent, .points, .string, .boolean, .column:
            label = "\(Self.literalKind(e.kind)) \(e)"
        case .unary(let op, let x):
            label = "Unary \(op.rawValue)"; children = [x]
        case .binary(let op, let l, let r):
            label = "Binary \(op.rawValue)"; children = [l, r]
        case .call(let n, let args):
            label = "Call \(SourcePrinter.name(n.text))"; children = Array(args)
        case .inList(let x, let items, let negated):
            label = negated ? "NotIn" : "In"; children = [x] + items
        case .isNull(let x, let negated):
            label = negated ? "IsNotNull" : "IsNull"; children = [x]
        case .descending(let x):
            label = "Descending"; children = [x]
        case .caseWhen(let branches, let otherwise):
            line("Case", e.range)
            nested { d in
                for b in branches {
                    d.line("When", b.condition.range.union(b.result.range))
                    d.nested { $0.expr(b.condition); $0.expr(b.result) }
                }
                if let otherwise {
                    d.line("Else", otherwise.range)
                    d.nested { $0.expr(otherwise) }
                }
            }
            return
        case .recode(let x, let rules, let otherwise):
            line("Recode", e.range)
            nested { d in
                d.expr(x)
                for rule in rules {
                    d.line("Rule", rule.sources[0].range.union(rule.target.range))
                    d.nested { n in
                        for s in rule.sources { n.expr(s) }
                        n.line("To", rule.target.range)
                        n.nested { $0.expr(rule.target) }
                    }
                }
                if let otherwise {
                    d.line("Else", otherwise.range)
                    d.nested { $0.expr(otherwise) }
                }
            }
            return
        }
        line(label, e.range)
        nested { d in for c in children { d.expr(c) } }
    }

    private static func literalKind(_ k: ExprKind) -> String {
        switch k {
        case .integer: return "Integer"
        case .number: return "Number"
        case .percent: return "Percent"
        case .points: return "Points"
        case .string: return "String"
        case .boolean: return "Boolean"
        default: return "Column"
        }
    }
}
