/// Where the expressions of one parse live: every node in one array, the
/// members of lists (a call's arguments, an `in` list, the branches of a `case`)
/// in a second, the rules of `recode`s in a third. A parsed operator or call is
/// an index, not a heap object of its own, and an argument list is a span, not
/// an array: freeing a 10 MB script's expressions frees three arrays instead of
/// hundreds of thousands of boxes, which dominated the parser's profile
/// (BENCHMARKS.md, "What dominates").
///
/// Readers never see the arena: an ``Expr`` is a handle (the arena and an index)
/// whose ``Expr/kind`` is the familiar ``ExprKind``, children included.
///
/// An arena only grows, and only on the thread that made it: the ``Parser`` that
/// owns it, or ``Expr/init(_:_:)`` building a fresh one. Its expressions reach
/// other threads only after that, and are then only read: hence `@unchecked Sendable`.
final class ExprArena: @unchecked Sendable {
    /// Index of a node. 32 bits suffice: a script is shorter than 4 GiB (``Parser/sourceLimit``)
    /// and each node but a parenthesised copy takes at least one byte of it.
    typealias ID = UInt32

    /// `count` consecutive members of ``members`` (or, for a `recode`, of ``rules``) from `start`.
    struct Span: Sendable {
        var start: UInt32
        var count: UInt32
        static let empty = Span(start: 0, count: 0)
    }

    /// A `recode` rule: its values (a span of ``members``) and its target.
    struct Rule: Sendable {
        var sources: Span
        var target: ID
    }

    /// ``ExprKind`` with children as indices of this arena.
    enum NodeKind: Sendable {
        case integer(Int64)
        case number(Double)
        case percent(Double)
        case points(Double)
        case string(String)
        case boolean(Bool)
        case null
        case column(Name)
        case unary(UnaryOperator, ID)
        case binary(BinaryOperator, ID, ID)
        case call(Name, Span)
        case inList(ID, Span, negated: Bool)
        case isNull(ID, negated: Bool)
        case descending(ID)
        /// Members: condition and result of each branch in turn.
        case caseWhen(Span, otherwise: ID?)
        /// A span of ``rules``.
        case recode(ID, Span, otherwise: ID?)
    }

    struct Node: Sendable {
        var kind: NodeKind
        var range: SourceRange
    }

    /// The arena's arrays. Behind a pointer rather than in `var`s of the class: Swift checks
    /// every access to a class's `var` for overlap at run time (`swift_beginAccess`, 3% of
    /// parsing), and the arena's rule (one thread appends, before sharing) already excludes it.
    private struct Storage {
        var nodes: ContiguousArray<Node> = []
        var members: ContiguousArray<ID> = []
        var rules: ContiguousArray<Rule> = []
        /// Members of the lists being parsed, the innermost last (see ``beginList()``).
        var pending: ContiguousArray<ID> = []
    }

    private let storage: UnsafeMutablePointer<Storage>

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage())
    }

    /// Room for `nodes` nodes before the array grows (the parser's guess from the script's
    /// length; growing a large arena copies it).
    func reserve(nodes: Int) {
        storage.pointee.nodes.reserveCapacity(nodes)
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// A new node.
    func add(_ kind: NodeKind, _ range: SourceRange) -> ID {
        storage.pointee.nodes.append(Node(kind: kind, range: range))
        return ID(storage.pointee.nodes.count - 1)
    }

    /// The expression of a new node.
    func append(_ kind: NodeKind, _ range: SourceRange) -> Expr { expr(add(kind, range)) }

    /// Node `id` with another range (a parenthesised expression's): a copy, sharing its children.
    func reranged(_ id: ID, _ range: SourceRange) -> ID { add(node(id), range) }

    /// `e`'s index here; an expression of another arena is copied in first.
    func id(of e: Expr) -> ID {
        e.arena === self ? e.id : make(e.kind, e.range).id
    }

    /// An expression of this kind here; children from other arenas are copied in.
    func make(_ kind: ExprKind, _ range: SourceRange) -> Expr {
        let node: NodeKind
        switch kind {
        case .integer(let i): node = .integer(i)
        case .number(let d): node = .number(d)
        case .percent(let d): node = .percent(d)
        case .points(let d): node = .points(d)
        case .string(let s): node = .string(s)
        case .boolean(let b): node = .boolean(b)
        case .null: node = .null
        case .column(let n): node = .column(n)
        case .unary(let op, let x): node = .unary(op, id(of: x))
        case .binary(let op, let l, let r): node = .binary(op, id(of: l), id(of: r))
        case .call(let n, let args): node = .call(n, span(of: args))
        case .inList(let x, let items, let negated): node = .inList(id(of: x), span(of: items), negated: negated)
        case .isNull(let x, let negated): node = .isNull(id(of: x), negated: negated)
        case .descending(let x): node = .descending(id(of: x))
        case .caseWhen(let branches, let otherwise):
            let copied = branches.arena === self ? branches.span : members(branches.flatMap { [id(of: $0.condition), id(of: $0.result)] })
            node = .caseWhen(copied, otherwise: otherwise.map(id(of:)))
        case .recode(let x, let recodeRules, let otherwise):
            let copied = recodeRules.arena === self ? recodeRules.span
                : rules(recodeRules.map { Rule(sources: span(of: $0.sources), target: id(of: $0.target)) })
            node = .recode(id(of: x), copied, otherwise: otherwise.map(id(of:)))
        }
        return append(node, range)
    }

    /// `list`'s span here; a list of another arena is copied in.
    func span(of list: ExprList) -> Span {
        list.arena === self ? list.span : members(list.map(id(of:)))
    }

    /// Where a list's members start: push each with ``push(_:)``, then close it with ``endList(_:)``.
    /// Lists nest (the arguments of a call inside an argument list).
    func beginList() -> Int { storage.pointee.pending.count }

    func push(_ id: ID) { storage.pointee.pending.append(id) }

    /// The span of the members pushed since `mark`, which are then no longer pending.
    func endList(_ mark: Int) -> Span {
        let span = members(storage.pointee.pending[mark...])
        storage.pointee.pending.removeSubrange(mark...)
        return span
    }

    func members(_ ids: some Collection<ID>) -> Span {
        let start = UInt32(storage.pointee.members.count)
        storage.pointee.members.append(contentsOf: ids)
        return Span(start: start, count: UInt32(ids.count))
    }

    func rules(_ list: [Rule]) -> Span {
        let start = UInt32(storage.pointee.rules.count)
        storage.pointee.rules.append(contentsOf: list)
        return Span(start: start, count: UInt32(list.count))
    }

    /// Node `id` as stored.
    func node(_ id: ID) -> NodeKind { storage.pointee.nodes[Int(id)].kind }

    /// The column node `id` names, if it is one.
    func column(_ id: ID) -> Name? {
        if case .column(let n) = node(id) { return n } else { return nil }
    }

    /// The node `id` as readers see it.
    func kind(of id: ID) -> ExprKind {
        switch node(id) {
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .percent(let d): return .percent(d)
        case .points(let d): return .points(d)
        case .string(let s): return .string(s)
        case .boolean(let b): return .boolean(b)
        case .null: return .null
        case .column(let n): return .column(n)
        case .unary(let op, let x): return .unary(op, expr(x))
        case .binary(let op, let l, let r): return .binary(op, expr(l), expr(r))
        case .call(let n, let args): return .call(n, ExprList(arena: self, span: args))
        case .inList(let x, let items, let negated): return .inList(expr(x), ExprList(arena: self, span: items), negated: negated)
        case .isNull(let x, let negated): return .isNull(expr(x), negated: negated)
        case .descending(let x): return .descending(expr(x))
        case .caseWhen(let branches, let otherwise):
            return .caseWhen(CaseBranches(arena: self, span: branches), otherwise: otherwise.map(expr))
        case .recode(let x, let recodeRules, let otherwise):
            return .recode(expr(x), RecodeRules(arena: self, span: recodeRules), otherwise: otherwise.map(expr))
        }
    }

    func range(of id: ID) -> SourceRange { storage.pointee.nodes[Int(id)].range }

    func expr(_ id: ID) -> Expr { Expr(arena: self, id: id) }

    func member(_ span: Span, _ i: Int) -> Expr { expr(storage.pointee.members[Int(span.start) + i]) }

    func rule(_ span: Span, _ i: Int) -> Rule { storage.pointee.rules[Int(span.start) + i] }
}

/// The arguments of a call or the values of an `in` list, in order.
///
/// ```swift
/// let r = SourceRange(0, 1)
/// let list: ExprList = [Expr(.integer(1), r), Expr(.integer(2), r)]
/// _ = list.count   // 2
/// ```
struct ExprList: RandomAccessCollection, Sendable {
    let arena: ExprArena
    let span: ExprArena.Span

    var startIndex: Int { 0 }
    var endIndex: Int { Int(span.count) }
    subscript(i: Int) -> Expr { arena.member(span, i) }
}

/// The `when … then …` branches of a `case`, in order.
struct CaseBranches: RandomAccessCollection, Sendable {
    let arena: ExprArena
    /// Condition and result of each branch in turn.
    let span: ExprArena.Span

    var startIndex: Int { 0 }
    var endIndex: Int { Int(span.count) / 2 }
    subscript(i: Int) -> CaseBranch { CaseBranch(condition: arena.member(span, 2 * i), result: arena.member(span, 2 * i + 1)) }
}

/// The rules of a `recode`, in order.
struct RecodeRules: RandomAccessCollection, Sendable {
    let arena: ExprArena
    /// A span of the arena's rules.
    let span: ExprArena.Span

    var startIndex: Int { 0 }
    var endIndex: Int { Int(span.count) }
    subscript(i: Int) -> RecodeRule {
        let rule = arena.rule(span, i)
        return RecodeRule(sources: ExprList(arena: arena, span: rule.sources), target: arena.expr(rule.target))
    }
}

// Lists of their own, for trees built outside the parser (in extensions, which keep each
// type's memberwise initializer).

extension ExprList: ExpressibleByArrayLiteral {
    init(_ exprs: some Sequence<Expr>) {
        let arena = ExprArena()
        self.init(arena: arena, span: arena.members(exprs.map(arena.id(of:))))
    }

    init(arrayLiteral exprs: Expr...) { self.init(exprs) }
}

extension CaseBranches {
    init(_ branches: [CaseBranch]) {
        let arena = ExprArena()
        self.init(arena: arena, span: arena.members(branches.flatMap { [arena.id(of: $0.condition), arena.id(of: $0.result)] }))
    }
}

extension RecodeRules {
    init(_ list: [RecodeRule]) {
        let arena = ExprArena()
        let copied = list.map { ExprArena.Rule(sources: arena.span(of: $0.sources), target: arena.id(of: $0.target)) }
        self.init(arena: arena, span: arena.rules(copied))
    }
}
