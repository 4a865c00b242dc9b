/// The date and datetime formats of SPSS, Stata and SAS, and how each
/// package counts time: a numeric variable with such a display format holds
/// days or seconds since its package's epoch, and loads as a date (days since
/// 1970) or a timestamp (microseconds since 1970, UTC: ``CalendarDate``).
///
/// | package | dates | datetimes |
/// | --- | --- | --- |
/// | SPSS | `DATE`, `ADATE`, `EDATE`, `SDATE`, `JDATE`, `QYR`, `MOYR`, `WKYR`: seconds since 1582-10-14 | `DATETIME`, `YMDHMS`: the same |
/// | Stata | `%td` (and the old `%d`): days since 1960-01-01 | `%tc`, `%tC`: milliseconds since 1960-01-01 |
/// | SAS | `DATE`, `DDMMYY`, `MMDDYY`, `YYMMDD`, `E8601DA`, `WORDDATE`, …: days since 1960-01-01 | `DATETIME`, `E8601DT`, `DATEAMPM`, …: seconds since 1960-01-01 |
///
/// Durations (`TIME`, `DTIME`, `%tw`, `%tm`, …) stay numbers.
enum SurveyDates {
    enum Kind: Equatable { case date, datetime }

    /// The kind of time a variable of `format` in a file of `family` holds, if any.
    static func kind(format: String, in file: DatasetReader.Format) -> Kind? {
        switch file {
        case .sav:
            let name = stem(format.uppercased())
            if spssDates.contains(name) { return .date }
            if spssDatetimes.contains(name) { return .datetime }
        case .dta:
            var f = Substring(format)
            guard f.first == "%" else { return nil }
            f = f.dropFirst().drop { $0 == "-" }
            if f.hasPrefix("td") || f.hasPrefix("d") { return .date }
            if f.hasPrefix("tc") || f.hasPrefix("tC") { return .datetime }
        case .sas7bdat, .xpt:
            let name = stem(format.uppercased())
            if sasDates.contains(name) { return .date }
            if sasDatetimes.contains(name) { return .datetime }
        case .csv, .tsv, .json, .ndjson:
            break
        }
        return nil
    }

    /// A stored value as microseconds since 1970-01-01 00:00:00, or nil
    /// outside the years 1–9999 (or for NaN): a `kind` value of a `file`.
    static func microseconds(_ value: Double, kind: Kind, in file: DatasetReader.Format) -> Int64? {
        let seconds: Double
        switch (file, kind) {
        case (.sav, _): seconds = value - spssEpochSeconds
        case (.dta, .date): seconds = (value - stataEpochDays) * 86_400
        case (.dta, .datetime): seconds = value / 1000 - stataEpochDays * 86_400
        case (_, .date): seconds = (value - stataEpochDays) * 86_400
        case (_, .datetime): seconds = value - stataEpochDays * 86_400
        }
        let micro = (seconds * 1_000_000).rounded()
        let perDay = Double(CalendarDate.microsecondsPerDay)
        guard micro.isFinite, micro >= Double(CalendarDate.dayRange.lowerBound) * perDay,
              micro < Double(CalendarDate.dayRange.upperBound + 1) * perDay else { return nil }
        return Int64(micro)
    }

    /// Days from 1582-10-14, the Gregorian calendar's first day and SPSS's
    /// epoch, to 1970-01-01, in seconds.
    static let spssEpochSeconds = 141_428.0 * 86_400
    /// Days from 1960-01-01, Stata's and SAS's epoch, to 1970-01-01.
    static let stataEpochDays = 3_653.0

    /// A format's name without its width and decimals: `DATE11` → `DATE`, `E8601DA10.` → `E8601DA`.
    private static func stem(_ format: String) -> String {
        String(format.reversed().drop { $0.isNumber || $0 == "." }.reversed())
    }

    private static let spssDates: Set<String> = ["DATE", "ADATE", "EDATE", "SDATE", "JDATE", "QYR", "MOYR", "WKYR"]
    private static let spssDatetimes: Set<String> = ["DATETIME", "YMDHMS"]
    private static let sasDates: Set<String> = [
        "DATE", "DAY", "DDMMYY", "DDMMYYB", "DDMMYYC", "DDMMYYD", "DDMMYYN", "DDMMYYP", "DDMMYYS",
        "MMDDYY", "MMDDYYB", "MMDDYYC", "MMDDYYD", "MMDDYYN", "MMDDYYP", "MMDDYYS",
        "YYMMDD", "YYMMDDB", "YYMMDDC", "YYMMDDD", "YYMMDDN", "YYMMDDP", "YYMMDDS",
        "MMYY", "YYMM", "MONYY", "YYMON", "YYQ", "YEAR", "MONTH", "QTR", "WEEKDATE", "WEEKDATX", "WORDDATE", "WORDDATX",
        "JULIAN", "JULDAY", "DOWNAME", "MONNAME", "NENGO", "MINGUO", "E8601DA", "B8601DA", "NLDATE", "EURDFDD",
    ]
    private static let sasDatetimes: Set<String> = [
        "DATETIME", "DATEAMPM", "DTDATE", "DTMONYY", "DTYEAR", "MDYAMPM", "E8601DT", "B8601DT", "E8601DZ", "B8601DZ", "NLDATM",
    ]
}
