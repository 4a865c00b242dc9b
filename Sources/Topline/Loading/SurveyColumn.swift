/// One variable of an SPSS, Stata or SAS file while ReadStat hands over its
/// values, and the ``Column`` it becomes.
///
/// A numeric variable becomes:
/// - a date or datetime when its display format says so (``SurveyDates``);
/// - its labels, as text in the order of their codes (``Column/levels``), when
///   every value it holds has a value label;
/// - otherwise its numbers: integers when every value is whole (and within
///   ±2^53, where doubles are exact), else numbers; its labels describe the codes.
///
/// A string variable becomes text, or its labels by the same rule (SPSS labels
/// string codes too); an empty text is null. Declared missing codes (SPSS user-missing values and
/// ranges) are null unless `load … keep missing`; each code counts its rows.
/// Stata's and SAS's tagged missing values (`.a`) are always null, counted by tag.
struct SurveyColumn {
    let name: String
    let label: String?
    let format: String
    let isText: Bool
    /// Stata's integer storage types: whole numbers by definition.
    let integral: Bool
    /// The name of its set of value labels, if any.
    let labelSet: String?
    private(set) var missing: [MissingCode]
    private var tagged: [Character: Int] = [:]
    /// Numbers, NaN for null.
    private var numbers: [Double] = []
    private var codes: [Int32] = []
    private var interner = ByteInterner()
    private(set) var count = 0

    init(name: String, label: String?, format: String, isText: Bool, integral: Bool, labelSet: String?, missing: [MissingCode]) {
        self.name = name
        self.label = label
        self.format = format
        self.isText = isText
        self.integral = integral
        self.labelSet = labelSet
        self.missing = missing
    }

    mutating func appendNull() {
        if isText { codes.append(-1) } else { numbers.append(.nan) }
        count += 1
    }

    /// A tagged missing value (`.a`): null, counted by its tag.
    mutating func appendTagged(_ tag: Character) {
        tagged[tag, default: 0] += 1
        appendNull()
    }

    /// A number; one of the declared missing codes is null unless `keep`.
    mutating func append(_ number: Double, keep: Bool) {
        if !missing.isEmpty, let i = missing.firstIndex(where: { $0.covers(number: number) }) {
            missing[i].rows += 1
            if !keep { return appendNull() }
        }
        if isText { codes.append(-1) } else { numbers.append(number) }
        count += 1
    }

    /// A text value (valid UTF-8); a declared missing code is null unless `keep`,
    /// and so is an empty text (a blank answer), as an empty CSV cell is.
    mutating func append(_ text: UnsafeBufferPointer<UInt8>, keep: Bool) {
        if !missing.isEmpty, let i = missing.firstIndex(where: { $0.covers(text: text) }) {
            missing[i].rows += 1
            if !keep { return appendNull() }
        }
        if text.isEmpty { return appendNull() }
        if isText { codes.append(interner.intern(text)) } else { numbers.append(.nan) }
        count += 1
    }

    // MARK: Finishing

    /// The column, given its value labels (`labels`, unordered; empty when it has
    /// none) and the file's format. `warn` receives a warning for values that
    /// are no dates in the years 1–9999 (they become null).
    func finish(labels: [ValueLabel], file: DatasetReader.Format, fileName: String, keptMissing: Bool,
                warn: (Diagnostic) -> Void) -> Column {
        var plain = labels.filter { $0.code.type != .null }
        plain.sort { Operators.order($0.code, $1.code).map { $0 < 0 } ?? false }
        var seen = Set<Value>()
        plain = plain.filter { seen.insert($0.code).inserted }
        var declared = missing
        for i in declared.indices {
            if case .value(let code) = declared[i].kind { declared[i].label = plain.first { Operators.order($0.code, code) == 0 }?.label }
        }
        declared += tagged.keys.sorted().map { MissingCode(.tag($0), rows: tagged[$0]!) }
        var info = ColumnLabels(label: label, values: plain, holdsLabels: false, missing: declared, keptMissing: keptMissing)

        if !isText, let kind = SurveyDates.kind(format: format, in: file) {
            return dates(kind, file: file, fileName: fileName, info: info, warn: warn)
        }
        if !plain.isEmpty, let column = labelled(plain, info: &info) { return column }
        var column = isText ? textColumn() : numberColumn()
        column.labels = info.label == nil && info.values.isEmpty && info.missing.isEmpty ? nil : info
        return column
    }

    /// The labels as the values, when every value has one.
    private func labelled(_ labels: [ValueLabel], info: inout ColumnLabels) -> Column? {
        // Each distinct label once, in the order of its first code.
        var dictionary: [String] = []
        var position: [String: Int32] = [:]
        for l in labels where position[l.label] == nil {
            position[l.label] = Int32(dictionary.count)
            dictionary.append(l.label)
        }
        var out: [Int32] = []
        out.reserveCapacity(count)
        if isText {
            var byCode: [String: Int32] = [:]
            for l in labels { if case .text(let t) = l.code, byCode[t] == nil { byCode[t] = position[l.label]! } }
            let map = interner.strings.map { byCode[$0] }
            for c in codes {
                if c < 0 { out.append(-1); continue }
                guard let k = map[Int(c)] else { return nil }
                out.append(k)
            }
        } else {
            var byCode: [Double: Int32] = [:]
            for l in labels { if let d = l.code.numeric, byCode[d] == nil { byCode[d] = position[l.label]! } }
            for d in numbers {
                if d.isNaN { out.append(-1); continue }
                guard let k = byCode[d] else { return nil }
                out.append(k)
            }
        }
        var column = Column(name: name, type: .text, storage: .texts(codes: out, dictionary: dictionary))
        // The scale in code order; codes declared missing are no category unless they were kept.
        let categories = labels.filter { info.keptMissing || !info.isMissing($0.code) }.map { $0.label }
        var listed = Set<String>()
        column.levels = categories.filter { listed.insert($0).inserted }
        info.holdsLabels = true
        column.labels = info
        return column
    }

    private func textColumn() -> Column {
        Column(name: name, type: .text, storage: .texts(codes: codes, dictionary: interner.strings))
    }

    private func numberColumn() -> Column {
        let exact = 9_007_199_254_740_992.0
        let whole = integral || numbers.allSatisfy { $0.isNaN || ($0 == $0.rounded() && $0.magnitude <= exact) }
        guard whole else { return Column(name: name, type: .number, storage: .doubles(numbers)) }
        var isNull: [Bool] = []
        if numbers.contains(where: { $0.isNaN }) { isNull = numbers.map { $0.isNaN } }
        return Column(name: name, type: .integer, storage: .integers(numbers.map { $0.isNaN ? 0 : Int64($0) }, isNull: isNull))
    }

    /// Dates (days since 1970) and timestamps (microseconds since 1970, UTC).
    private func dates(_ kind: SurveyDates.Kind, file: DatasetReader.Format, fileName: String, info: ColumnLabels,
                       warn: (Diagnostic) -> Void) -> Column {
        var ints: [Int64] = []
        ints.reserveCapacity(count)
        var isNull = [Bool](repeating: false, count: count)
        var outside = 0
        for (row, d) in numbers.enumerated() {
            guard !d.isNaN, let micro = SurveyDates.microseconds(d, kind: kind, in: file) else {
                if !d.isNaN { outside += 1 }
                isNull[row] = true
                ints.append(0)
                continue
            }
            ints.append(kind == .date ? CalendarDate.day(ofMicroseconds: micro) : micro)
        }
        if outside > 0 {
            let what = outside == 1 ? "1 value" : "\(outside) values"
            warn(Diagnostic(.warning, id: .loadDateRange,
                            "column '\(name)' (\(kind == .date ? "date" : "datetime") format \(format)) has \(what) outside the years 1–9999, loaded as null",
                            file: fileName))
        }
        var column = Column(name: name, type: kind == .date ? .date : .timestamp,
                            storage: .integers(ints, isNull: isNull.contains(true) ? isNull : []))
        column.labels = info.label == nil && info.missing.isEmpty ? nil : ColumnLabels(label: info.label, missing: info.missing, keptMissing: info.keptMissing)
        return column
    }
}
