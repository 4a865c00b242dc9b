/// Prints syntax trees back as canonical source text.
///
/// The printed text parses back to the same tree (ranges aside): names that
/// are not plain identifiers are back-quoted, strings are escaped, and
/// parentheses appear exactly where precedence needs them.
///
/// ```swift
/// let (script, _) = Parser.parse(SourceFile(name: "q", text: "from s|where not(a==1)  and b"))
/// _ = script.description   // "from s | where not a == 1 and b"
/// ```
extension Script: CustomStringConvertible {
    /// One statement per line.
    var description: String {
        statements.map(\.description).joined(separator: "\n")
    }
}

extension Statement: CustomStringConvertible {
    var description: String {
        switch kind {
        case .load(let load):
            return load.sourceText
        case .design(let d):
            var text = "design " + SourcePrinter.dataset(d.dataset) + " weight " + SourcePrinter.name(d.weight.text)
            if let s = d.strata { text += " strata " + SourcePrinter.name(s.text) }
            if !d.clusters.isEmpty { text += " cluster " + SourcePrinter.names(d.clusters) }
            if !d.fpcs.isEmpty { text += " fpc " + SourcePrinter.names(d.fpcs) }
            if let r = d.replicates {
                text += " replicates " + SourcePrinter.name(r.first.text) + " .. " + SourcePrinter.name(r.last.text)
                text += " method " + SourcePrinter.name(r.method.text)
                if let rho = r.rho { text += " " + SourcePrinter.number(rho, integral: false) }
            }
            return text
        case .let(let name, let pipeline):
            return "let \(SourcePrinter.name(name.text)) = \(pipeline)"
        case .describe(let name):
            return "describe " + SourcePrinter.dataset(name)
        case .datasets:
            return "datasets"
        case .set(let option, let value):
            return "set \(SourcePrinter.name(option.text)) \(value)"
        case .pipeline(let pipeline):
            return pipeline.description
        case .attach(let a):
            return "attach \(SourcePrinter.name(a.kind.text)) \(SourcePrinter.quoted(ConnectionString.redacted(a.conninfo))) as \(SourcePrinter.name(a.name.text))"
        case .detach(let name):
            return "detach " + SourcePrinter.name(name.text)
        case .explain(let pipeline):
            return "explain " + pipeline.description
        case .loadInto(let path, _, let attachment, let table):
            return "load \(SourcePrinter.quoted(path)) into \(SourcePrinter.name(attachment.text)) as \(SourcePrinter.name(table.text))"
        }
    }
}

extension Pipeline: CustomStringConvertible {
    /// `from x | where … | select …` on one line.
    var description: String {
        (["from " + SourcePrinter.dataset(source)] + verbs.map(\.description)).joined(separator: " | ")
    }
}

extension Verb: CustomStringConvertible {
    var description: String { syntax.sourceText }
}

extension Expr: CustomStringConvertible {
    var description: String { SourcePrinter.expression(self) }
}

/// The pieces of canonical printing.
enum SourcePrinter {
    /// Binding strengths, in the parser's terms: `not` takes an operand of
    /// comparison strength or more; unary minus binds tighter than `*`.
    private static let notLevel = 3
    private static let comparisonLevel = 4
    private static let negateLevel = 8
    private static let primaryLevel = 9

    static func assignment(_ a: Assignment) -> String {
        "\(name(a.name.text)) = \(a.value)"
    }

    /// Names separated by commas, each written as it must be.
    static func names(_ list: [Name]) -> String {
        list.map { name($0.text) }.joined(separator: ", ")
    }

    static func expression(_ e: Expr) -> String {
        switch e.kind {
        case .integer(let i): return String(i)
        case .number(let d): return number(d, integral: false)
        case .percent(let d): return number(d, integral: true) + "%"
        case .points(let d): return number(d, integral: true) + "pp"
        case .string(let s): return quoted(s)
        case .boolean(let b): return b ? "true" : "false"
        case .null: return "null"
        // A column called like a word of `case` is back-quoted, so it reads back inside one too.
        case .column(let n): return Parser.caseWords.contains(n.text) ? "`\(n.text)`" : name(n.text)
        case .unary(.negate, let x):
            // "- -x", not "--x", reads better and lexes the same.
            let operand = operand(x, atLeast: negateLevel)
            return operand.hasPrefix("-") ? "- " + operand : "-" + operand
        case .unary(.not, let x):
            return "not " + operand(x, atLeast: notLevel)
        case .binary(let op, let l, let r):
            // Comparisons do not chain, so neither side may be one.
            let leftLevel = op.isComparison ? op.precedence + 1 : op.precedence
            return "\(operand(l, atLeast: leftLevel)) \(op.rawValue) \(operand(r, atLeast: op.precedence + 1))"
        case .call(let n, let args):
            return name(n.text) + "(" + args.map(expression).joined(separator: ", ") + ")"
        case .inList(let x, let items, let negated):
            return operand(x, atLeast: comparisonLevel + 1) + (negated ? " not in (" : " in (")
                + items.map(expression).joined(separator: ", ") + ")"
        case .isNull(let x, let negated):
            return operand(x, atLeast: comparisonLevel + 1) + (negated ? " is not null" : " is null")
        case .caseWhen(let branches, let otherwise):
            // Its words delimit it: no part needs parentheses.
            return "case " + branches.map { "when \(expression($0.condition)) then \(expression($0.result)) " }.joined()
                + (otherwise.map { "else \(expression($0)) " } ?? "") + "end"
        case .recode(let x, let rules, let otherwise):
            let parts = [expression(x)] + rules.map { rule in
                let sources = rule.sources.map(expression).joined(separator: ", ")
                // One source goes without parentheses, unless it starts with one (it would read as the list's).
                return (rule.sources.count == 1 && !sources.hasPrefix("(") ? sources : "(" + sources + ")") + " -> " + expression(rule.target)
            } + (otherwise.map { ["else " + expression($0)] } ?? [])
            return "recode(" + parts.joined(separator: ", ") + ")"
        case .descending(let x):
            return expression(x) + " desc"
        }
    }

    /// `e` printed where the parser needs at least binding strength `level`.
    private static func operand(_ e: Expr, atLeast level: Int) -> String {
        bindingLevel(of: e) >= level ? expression(e) : "(" + expression(e) + ")"
    }

    private static func bindingLevel(of e: Expr) -> Int {
        switch e.kind {
        case .binary(let op, _, _): return op.precedence
        case .unary(.not, _): return notLevel
        case .unary(.negate, _): return negateLevel
        case .inList, .isNull: return comparisonLevel
        default: return primaryLevel
        }
    }

    /// Number text that the lexer reads back as the same Double. `integral`
    /// prints whole values without ".0" (for `16%` and `5pp`); a plain number
    /// keeps its ".0" so it stays a number rather than an integer.
    static func number(_ d: Double, integral: Bool) -> String {
        if integral, d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return d.description
    }

    /// A double-quoted string literal with escapes.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// A dataset's name, or an attached table's as `pg.table` with each part quoted as needed.
    static func dataset(_ n: Name) -> String {
        guard let remote = n.remote else { return name(n.text) }
        return ([remote.attachment] + [remote.schema].compactMap { $0 } + [remote.table]).map(name).joined(separator: ".")
    }

    /// A name as written: plain when the lexer reads it back as that
    /// identifier, back-quoted (with inner back-quotes doubled) otherwise.
    static func name(_ text: String) -> String {
        isPlainIdentifier(text) ? text : "`" + text.split(separator: "`", omittingEmptySubsequences: false).joined(separator: "``") + "`"
    }

    private static func isPlainIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, Keyword(rawValue: text) == nil else { return false }
        let isStart = { (b: UInt8) in (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") || b >= 0x80 }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        return isStart(first) && text.utf8.allSatisfy { isStart($0) || isDigit($0) }
    }
}
