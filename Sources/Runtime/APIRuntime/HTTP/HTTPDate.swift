/// The `Date` header's format, IMF-fixdate (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `seconds` since 1970-01-01T00:00:00Z as an IMF-fixdate.
    public static func format(secondsSince1970 seconds: Int64) -> String {
        let (days, secondOfDay) = RFC3339.floorDivision(seconds, 86_400)
        let (year, month, day) = RFC3339.civilDate(daysSince1970: days)
        // 1970-01-01 was a Thursday.
        let weekday = Int(RFC3339.floorDivision(days + 4, 7).remainder)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        bytes += weekdays[weekday].utf8
        bytes += ", ".utf8
        RFC3339.appendDigits(day, count: 2, to: &bytes)
        bytes += " \(months[Int(month) - 1]) ".utf8
        RFC3339.appendDigits(year, count: 4, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        RFC3339.appendDigits(secondOfDay / 3600, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        RFC3339.appendDigits(secondOfDay / 60 % 60, count: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        RFC3339.appendDigits(secondOfDay % 60, count: 2, to: &bytes)
        bytes += " GMT".utf8
        return String(decoding: bytes, as: UTF8.self)
    }
}
