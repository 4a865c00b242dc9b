/// Dates and timestamps: the proleptic Gregorian calendar, ISO 8601 text, and the integers
/// they are stored as.
///
/// A date is the number of days since 1970-01-01 (negative before it); a timestamp is the number
/// of microseconds since 1970-01-01 00:00:00 UTC, as DuckDB and PostgreSQL store them. Written by
/// hand rather than with Foundation's `Calendar`: that goes through time zones and locales, and
/// costs microseconds per value where a load of a million dates needs nanoseconds; the civil-date
/// arithmetic below (Howard Hinnant's `days_from_civil`) is exact over the whole supported range.
///
/// ```swift
/// _ = CalendarDate.days(year: 2012, month: 1, day: 31)   // 15370
/// _ = CalendarDate.text(ofDay: 15370)                      // "2012-01-31"
/// ```
enum CalendarDate {
    /// Years 1 to 9999: the range ISO text with four-digit years can write.
    static let years: ClosedRange<Int64> = 1...9999
    /// The day numbers of 0001-01-01 and 9999-12-31.
    static let dayRange: ClosedRange<Int64> = -719_162...2_932_896
    static let microsecondsPerDay: Int64 = 86_400_000_000
    static let microsecondsPerSecond: Int64 = 1_000_000

    /// Days since 1970-01-01 of a valid civil date.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (the inverse of ``days(year:month:day:)``).
    static func civil(_ dayNumber: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The day a timestamp falls on (floor division: before 1970 too).
    static func day(ofMicroseconds t: Int64) -> Int64 {
        t >= 0 ? t / microsecondsPerDay : -((-t - 1) / microsecondsPerDay) - 1
    }

    // MARK: - Text

    /// `YYYY-MM-DD`.
    static func text(ofDay dayNumber: Int64) -> String {
        let (y, m, d) = civil(dayNumber)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// `YYYY-MM-DD HH:MM:SS`, with the fraction of a second when there is one (`.5`, `.000123`).
    static func text(ofMicroseconds t: Int64) -> String {
        let dayNumber = day(ofMicroseconds: t)
        var rest = t - dayNumber * microsecondsPerDay
        let hours = rest / 3_600_000_000; rest -= hours * 3_600_000_000
        let minutes = rest / 60_000_000; rest -= minutes * 60_000_000
        let seconds = rest / microsecondsPerSecond
        let micros = rest - seconds * microsecondsPerSecond
        var s = text(ofDay: dayNumber) + " " + pad(hours, 2) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2)
        if micros > 0 {
            var fraction = pad(micros, 6)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            s += "." + fraction
        }
        return s
    }

    private static func pad(_ n: Int64, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// What ISO text parses to: a date alone, or a date with a time of day.
    enum Parsed: Equatable {
        case date(Int64)
        case timestamp(Int64)
    }

    /// Reads ISO 8601 text: `2012-01-31`, `2012-01-31 13:45`, `2012-01-31T13:45:07.25`,
    /// `…Z` or `…+02:00` (converted to UTC; a time without a zone is taken as written).
    /// Nil for anything else, including impossible dates (`2012-02-30`) and years outside 1–9999.
    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Parsed? where Bytes.Index == Int {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.digits(4), reader.take(UInt8(ascii: "-")),
              let month = reader.digits(2), reader.take(UInt8(ascii: "-")),
              let day = reader.digits(2),
              year >= 1, (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        let dayNumber = days(year: year, month: month, day: day)
        if reader.atEnd { return .date(dayNumber) }
        guard reader.take(UInt8(ascii: "T")) || reader.take(UInt8(ascii: " ")),
              let hour = reader.digits(2), reader.take(UInt8(ascii: ":")), let minute = reader.digits(2),
              hour < 24, minute < 60
        else { return nil }
        var micros = (hour * 60 + minute) * 60_000_000
        if reader.take(UInt8(ascii: ":")) {
            guard let second = reader.digits(2), second < 60 else { return nil }
            micros += second * microsecondsPerSecond
            if reader.take(UInt8(ascii: ".")) {
                guard let (fraction, count) = reader.fraction(), count <= 6 else { return nil }
                var scaled = fraction
                for _ in count..<6 { scaled *= 10 }
                micros += scaled
            }
        }
        if reader.take(UInt8(ascii: "Z")) {
        } else if let sign = reader.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            _ = reader.take(sign)
            guard let h = reader.digits(2), reader.take(UInt8(ascii: ":")), let m = reader.digits(2), h < 24, m < 60 else { return nil }
            let offset = (h * 60 + m) * 60_000_000
            micros += sign == UInt8(ascii: "+") ? -offset : offset
        }
        guard reader.atEnd else { return nil }
        return .timestamp(dayNumber * microsecondsPerDay + micros)
    }

    static func parse(_ text: String) -> Parsed? {
        let bytes = Array(text.utf8)
        return parse(bytes)
    }

    /// A cursor over ASCII digits and punctuation.
    private struct DigitReader<Bytes: Collection<UInt8>> where Bytes.Index == Int {
        let bytes: Bytes
        var index: Int

        init(bytes: Bytes) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        var atEnd: Bool { index == bytes.endIndex }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        /// Exactly `count` digits as a number.
        mutating func digits(_ count: Int) -> Int64? {
            var n: Int64 = 0
            for _ in 0..<count {
                guard let b = peek, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int64(b - UInt8(ascii: "0"))
                index += 1
            }
            return n
        }

        /// One or more digits, and how many there were (at most 9 read into the number).
        mutating func fraction() -> (Int64, Int)? {
            var n: Int64 = 0, count = 0
            while let b = peek, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                if count < 9 { n = n * 10 + Int64(b - UInt8(ascii: "0")) }
                count += 1
                index += 1
            }
            return count == 0 ? nil : (n, count)
        }
    }
}
