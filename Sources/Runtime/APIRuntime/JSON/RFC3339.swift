#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// RFC 3339 `date-time` values, parsed and formatted by hand because `DateFormatter` and `Calendar` are slow and
/// locale-dependent.
public enum RFC3339 {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, rounding the fraction to microseconds.
    ///
    /// The separator may be `T`, `t` or a space, and `Z` may be lowercase. Years run from 0001 to 9999. A leap
    /// second (`:60`, only at 23:59 UTC) is clamped to 23:59:59.999999 because `Date` cannot represent it.
    /// - Returns: `nil` unless the whole text is a valid date-time.
    public static func parse(_ text: String) -> Date? {
        let microseconds =
            text.utf8.withContiguousStorageIfAvailable { microsecondsSince1970(parsing: $0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { microsecondsSince1970(parsing: $0) }
        guard let microseconds else { return nil }
        return date(microsecondsSince1970: microseconds)
    }

    /// `parse(_:)` for text given as UTF-8 bytes, for decoders that hold bytes and want to skip making a `String`.
    public static func parse(utf8 text: UnsafeBufferPointer<UInt8>) -> Date? {
        microsecondsSince1970(parsing: text).map(date(microsecondsSince1970:))
    }

    /// Formats `date` in UTC as `2026-11-24T18:23:00.123Z`: microsecond precision, trailing zeros of the fraction
    /// removed, no fraction when it is zero. Dates outside years 0001–9999 are clamped to that range.
    public static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(maximumFormattedLength)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the `format(_:)` text of `date` to `bytes`, for encoders that want to skip the `String`.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let total = microsecondsSince1970(of: date)
        let (seconds, microsecond) = floorDivision(total, microsecondsPerSecond)
        let (days, secondOfDay) = floorDivision(seconds, secondsPerDay)
        let (year, month, day) = civilDate(daysSince1970: days)
        appendDigits(year, count: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, count: 2, to: &bytes)
        if microsecond != 0 {
            var fraction = microsecond
            var digitCount: Int64 = 6
            while fraction % 10 == 0 {
                fraction /= 10
                digitCount -= 1
            }
            bytes.append(UInt8(ascii: "."))
            appendDigits(fraction, count: digitCount, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
    }

    private static let maximumFormattedLength = 27
    private static let microsecondsPerSecond: Int64 = 1_000_000
    private static let secondsPerDay: Int64 = 86_400
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z.
    private static let minimumMicroseconds: Int64 = -62_135_596_800_000_000
    private static let maximumMicroseconds: Int64 = 253_402_300_799_999_999

    // One correctly rounded division, so a parsed date equals `Date(timeIntervalSince1970:)` of the same literal.
    private static func date(microsecondsSince1970 microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1e6)
    }

    private static func microsecondsSince1970(of date: Date) -> Int64 {
        let microseconds = (date.timeIntervalSince1970 * 1e6).rounded()
        guard !microseconds.isNaN else { return 0 }
        // Clamp in floating point first: converting an out-of-range Double to Int64 traps.
        guard microseconds > Double(minimumMicroseconds) else { return minimumMicroseconds }
        guard microseconds < Double(maximumMicroseconds) else { return maximumMicroseconds }
        return Int64(microseconds)
    }

    // MARK: Parsing

    private static func microsecondsSince1970(parsing text: UnsafeBufferPointer<UInt8>) -> Int64? {
        var cursor = RFC3339Cursor(text: text)
        guard let year = cursor.digits(4), cursor.consume("-"),
            let month = cursor.digits(2), cursor.consume("-"),
            let day = cursor.digits(2), cursor.consume(where: { $0 == "T" || $0 == "t" || $0 == " " }),
            let hour = cursor.digits(2), cursor.consume(":"),
            let minute = cursor.digits(2), cursor.consume(":"),
            let second = cursor.digits(2)
        else { return nil }
        guard 1...9999 ~= year, 1...12 ~= month, 1...daysInMonth(month, year: year) ~= day,
            0...23 ~= hour, 0...59 ~= minute, 0...60 ~= second
        else { return nil }

        var microsecond: Int64 = 0
        if cursor.consume(".") {
            var nanosecond: Int64 = 0
            var digitCount = 0
            while let digit = cursor.digit() {
                guard digitCount < 9 else { return nil }
                nanosecond = nanosecond * 10 + digit
                digitCount += 1
            }
            guard digitCount > 0 else { return nil }
            for _ in digitCount..<9 { nanosecond *= 10 }
            // Round half up; 999_999_5xx ns becomes a whole second, carried by the addition below.
            microsecond = (nanosecond + 500) / 1000
        }

        var offsetSeconds: Int64 = 0
        if !cursor.consume(where: { $0 == "Z" || $0 == "z" }) {
            let sign: Int64
            if cursor.consume("+") {
                sign = 1
            } else if cursor.consume("-") {
                sign = -1
            } else {
                return nil
            }
            guard let offsetHour = cursor.digits(2), cursor.consume(":"), let offsetMinute = cursor.digits(2),
                0...23 ~= offsetHour, 0...59 ~= offsetMinute
            else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        }
        guard cursor.isAtEnd else { return nil }

        let utcSeconds =
            daysSince1970(year: year, month: month, day: day) * secondsPerDay
            + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        if second == 60 {
            // RFC 3339 §5.7: a leap second is only ever inserted as the last second of a UTC day.
            guard floorDivision(utcSeconds, secondsPerDay).remainder == secondsPerDay - 1 else { return nil }
            microsecond = microsecondsPerSecond - 1
        }
        let total = utcSeconds * microsecondsPerSecond + microsecond
        guard minimumMicroseconds...maximumMicroseconds ~= total else { return nil }
        return total
    }

    private static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil: proleptic Gregorian date to days since 1970-01-01.
    private static func daysSince1970(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    // Howard Hinnant's civil_from_days, the inverse of daysSince1970.
    static func civilDate(daysSince1970 days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func floorDivision(_ dividend: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    static func appendDigits(_ value: Int64, count: Int64, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<max(count, 1) { divisor *= 10 }
        var remaining = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: remaining / divisor % 10))
            remaining %= divisor
            divisor /= 10
        }
    }
}

/// Reads fixed-width fields of an RFC 3339 timestamp, refusing to move past the end.
private struct RFC3339Cursor {
    let text: UnsafeBufferPointer<UInt8>
    var index = 0

    init(text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    var isAtEnd: Bool { index == text.count }

    mutating func digit() -> Int64? {
        guard index < text.count, UInt8(ascii: "0")...UInt8(ascii: "9") ~= text[index] else { return nil }
        defer { index += 1 }
        return Int64(text[index] &- UInt8(ascii: "0"))
    }

    /// Exactly `count` decimal digits.
    mutating func digits(_ count: Int) -> Int64? {
        var value: Int64 = 0
        for _ in 0..<count {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    mutating func consume(_ character: Unicode.Scalar) -> Bool {
        consume(where: { $0 == character })
    }

    mutating func consume(where matches: (Unicode.Scalar) -> Bool) -> Bool {
        guard index < text.count, matches(Unicode.Scalar(text[index])) else { return false }
        index += 1
        return true
    }
}
