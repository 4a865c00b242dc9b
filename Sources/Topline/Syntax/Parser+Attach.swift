/// The statements of attached databases — `attach`, `detach`, `explain` — and the
/// dotted names of their tables. None of their words is reserved: `attach`, `detach`
/// and `explain` start a statement only at its start, `postgres` only after `attach`.
extension Parser {
    /// The words that start these statements, for completion and the unknown-statement hint.
    static let attachStatementWords = ["attach", "detach", "explain"]

    /// attach = "attach" , "postgres" , string , "as" , name ;
    mutating func parseAttach() -> Statement? {
        let start = current.range
        advance()
        guard atWord(.postgres) else {
            error(.parseExpected, "expected the kind of database after 'attach', found \(current.kind)", at: current.range,
                  hints: ["write: attach postgres \"host=… dbname=…\" as pg"])
            return nil
        }
        let kind = Name("postgres", current.range)
        advance()
        guard case .string(let conninfo) = current.kind else {
            error(.parseExpected, "expected a connection string in quotes after 'attach postgres'", at: current.range,
                  hints: ["write: attach postgres \"host=db.example.org dbname=survey\" as pg",
                          "or a URI: attach postgres \"postgresql://analyst@db.example.org/survey\" as pg"])
            return nil
        }
        let conninfoRange = current.range
        advance()
        guard expectKeyword(.as, "expected 'as NAME' after the connection string") else { return nil }
        guard let name = expectName("a name for the database after 'as'", .newName) else { return nil }
        let clauses = AttachClauses(kind: kind, conninfo: conninfo, conninfoRange: conninfoRange, name: name)
        return Statement(kind: .attach(clauses), range: start.union(name.range))
    }

    /// detach = "detach" , name ;
    mutating func parseDetach() -> Statement? {
        let start = current.range
        advance()
        guard let name = expectName("the name of an attached database after 'detach'", .attachment) else { return nil }
        return Statement(kind: .detach(name), range: start.union(name.range))
    }

    /// load_into = "load" , string , "into" , name , "as" , name ;   (the parser stands on "into")
    mutating func parseLoadInto(path: String, pathRange: SourceRange, start: SourceRange) -> Statement? {
        advance()
        guard let attachment = expectName("the name of an attached database after 'into'", .attachment) else { return nil }
        guard expectKeyword(.as, "expected 'as TABLE' after 'into \(attachment.text)'") else { return nil }
        guard let table = expectName("a name for the new table after 'as'", .newName) else { return nil }
        return Statement(kind: .loadInto(path: path, pathRange: pathRange, attachment: attachment, table: table),
                         range: start.union(table.range))
    }

    /// explain = "explain" , pipeline ;
    mutating func parseExplain() -> Statement? {
        let start = current.range
        advance()
        note(.keyword(.from))
        guard case .keyword(.from) = current.kind else {
            error(.parseExpected, "expected a pipeline starting with 'from' after 'explain'", at: current.range,
                  hints: ["write: explain from pg.survey | where … | summarize …"])
            return nil
        }
        guard let pipeline = parsePipeline() else { return nil }
        return Statement(kind: .explain(pipeline), range: start.union(pipeline.range))
    }

    /// dataset_name = name , [ "." , name , [ "." , name ] ] ;
    /// A dataset, or a table of an attached database: `pg.survey`, `pg.public.survey`.
    mutating func expectDatasetName(_ what: @autoclosure () -> String) -> Name? {
        guard var name = expectName(what(), .dataset) else { return nil }
        guard case .symbol(.dot) = current.kind else { return name }
        var parts = [name.text]
        var range = name.range
        while case .symbol(.dot) = current.kind, parts.count < 3 {
            advance()
            guard let part = expectName("a table name after '\(parts.joined(separator: "."))'", .attachedTable(parts[0])) else { return nil }
            parts.append(part.text)
            range = range.union(part.range)
        }
        name = Name(parts.joined(separator: "."), range)
        name.remote = RemoteName(attachment: parts[0], schema: parts.count == 3 ? parts[1] : nil, table: parts[parts.count - 1])
        return name
    }
}
