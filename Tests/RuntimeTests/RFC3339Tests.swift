import APIRuntime
import Foundation
import Testing

@Suite struct RFC3339Tests {
    /// Whole microseconds since 1970, the precision the format promises.
    private func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1e6).rounded())
    }

    @Test(
        arguments: [
            ("1970-01-01T00:00:00Z", 0),
            ("2026-12-01T17:00:00Z", 1_796_144_400_000_000),
            ("2026-11-24T18:23:00.123Z", 1_795_544_580_123_000),
            ("2026-11-24t18:23:00.123z", 1_795_544_580_123_000),
            ("2026-11-24 18:23:00.123Z", 1_795_544_580_123_000),
            ("2026-11-24T23:53:00.123+05:30", 1_795_544_580_123_000),
            ("2026-11-24T13:23:00.123-05:00", 1_795_544_580_123_000),
            ("2026-11-25T00:23:00.123+06:00", 1_795_544_580_123_000),
            ("2026-11-24T18:23:00.123+00:00", 1_795_544_580_123_000),
            ("2026-11-24T18:23:00.123-00:00", 1_795_544_580_123_000),
            ("2026-11-24T18:23:00.1+00:00", 1_795_544_580_100_000),
            ("2026-11-24T18:23:00.000001Z", 1_795_544_580_000_001),
            ("2026-11-24T18:23:00.123456789Z", 1_795_544_580_123_457),
            ("2026-11-24T18:23:00.0000004Z", 1_795_544_580_000_000),
            ("2026-11-24T18:23:00.0000005Z", 1_795_544_580_000_001),
            ("2026-11-24T18:23:59.9999995Z", 1_795_544_640_000_000),
            ("2024-02-29T12:00:00Z", 1_709_208_000_000_000),
            ("2000-02-29T00:00:00Z", 951_782_400_000_000),
            ("1969-12-31T23:59:59.999999Z", -1),
            ("1969-07-20T20:17:40Z", -14_182_940_000_000),
            ("1900-01-01T00:00:00Z", -2_208_988_800_000_000),
            ("0001-01-01T00:00:00Z", -62_135_596_800_000_000),
            ("9999-12-31T23:59:59Z", 253_402_300_799_000_000),
            ("2016-12-31T23:59:60Z", 1_483_228_799_999_999),
            ("2016-12-31T23:59:60.5Z", 1_483_228_799_999_999),
            ("2017-01-01T00:59:60+01:00", 1_483_228_799_999_999),
        ] as [(String, Int64)])
    func parsesValidTimestamps(text: String, expected: Int64) throws {
        let date = try #require(RFC3339.parse(text))
        #expect(microseconds(date) == expected)
    }

    @Test func parsedDateEqualsTheSameInstantBuiltFromSeconds() {
        #expect(RFC3339.parse("2026-11-24T18:23:00.123Z") == Date(timeIntervalSince1970: 1_795_544_580.123))
    }

    @Test(arguments: [
        "",
        "2026-11-24",
        "2026-11-24T18:23:00",
        "2026-11-24T18:23Z",
        "2026-11-24T18:23:00.Z",
        "2026-11-24T18:23:00.1234567890Z",
        "2026-11-24T18:23:00,5Z",
        "26-11-24T18:23:00Z",
        "02026-11-24T18:23:00Z",
        "2026-1-24T18:23:00Z",
        "2026-11-4T18:23:00Z",
        "2026-11-24T8:23:00Z",
        "2026-11-24X18:23:00Z",
        "2026/11/24T18:23:00Z",
        "0000-01-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-01-32T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2026-11-24T24:00:00Z",
        "2026-11-24T18:60:00Z",
        "2026-11-24T18:23:61Z",
        "2026-11-24T18:23:60Z",
        "2016-12-31T23:59:60+01:00",
        "2026-11-24T18:23:00+24:00",
        "2026-11-24T18:23:00+05:60",
        "2026-11-24T18:23:00+0530",
        "2026-11-24T18:23:00+05",
        "2026-11-24T18:23:00 Z",
        "2026-11-24T18:23:00Z ",
        " 2026-11-24T18:23:00Z",
        "2026-11-24T18:23:00Zjunk",
        "2026-11-24T18:23:00.123+05:30:00",
        "-2026-11-24T18:23:00Z",
        "２０２６-11-24T18:23:00Z",
        "0001-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-00:01",
    ])
    func rejectsMalformedOrOutOfRangeTimestamps(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test(
        arguments: [
            (0, "1970-01-01T00:00:00Z"),
            (1_796_144_400_000_000, "2026-12-01T17:00:00Z"),
            (1_795_544_580_123_000, "2026-11-24T18:23:00.123Z"),
            (1_795_544_580_100_000, "2026-11-24T18:23:00.1Z"),
            (1_795_544_580_000_001, "2026-11-24T18:23:00.000001Z"),
            (1_795_544_580_123_456, "2026-11-24T18:23:00.123456Z"),
            (1_709_208_000_000_000, "2024-02-29T12:00:00Z"),
            (-1, "1969-12-31T23:59:59.999999Z"),
            (-1_000_000, "1969-12-31T23:59:59Z"),
            (-14_182_939_750_000, "1969-07-20T20:17:40.25Z"),
            (-2_208_988_800_000_000, "1900-01-01T00:00:00Z"),
            (-62_135_596_800_000_000, "0001-01-01T00:00:00Z"),
            (253_402_300_799_000_000, "9999-12-31T23:59:59Z"),
        ] as [(Int64, String)])
    func formatsInUTCWithTrimmedFraction(microseconds: Int64, expected: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: Double(microseconds) / 1e6)) == expected)
    }

    @Test(arguments: [
        (0.000_000_4, "1970-01-01T00:00:00Z"),
        (0.000_000_6, "1970-01-01T00:00:00.000001Z"),
        (1.999_999_6, "1970-01-01T00:00:02Z"),
        (-0.000_000_6, "1969-12-31T23:59:59.999999Z"),
    ])
    func formatRoundsToMicroseconds(seconds: Double, expected: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: seconds)) == expected)
    }

    // Seconds rather than dates as arguments: describing a non-finite Date for the test report traps.
    @Test(
        arguments: [
            (1e15, "9999-12-31T23:59:59.999999Z"),
            (.infinity, "9999-12-31T23:59:59.999999Z"),
            (-1e15, "0001-01-01T00:00:00Z"),
            (-.infinity, "0001-01-01T00:00:00Z"),
            (.nan, "1970-01-01T00:00:00Z"),
        ] as [(Double, String)])
    func formatClampsDatesOutsideTheSupportedYears(secondsSince1970: Double, expected: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: secondsSince1970)) == expected)
    }

    @Test func formatsDistantFuture() {
        #expect(RFC3339.format(.distantFuture) == "4001-01-01T00:00:00Z")
    }

    @Test func normalisesOffsetsToZ() throws {
        let date = try #require(RFC3339.parse("2026-11-24T23:53:00.123+05:30"))
        #expect(RFC3339.format(date) == "2026-11-24T18:23:00.123Z")
    }

    @Test func roundTripsEveryMicrosecondPatternFrom1900To2100() throws {
        // A fixed linear congruential sequence: reproducible, yet it covers fractions of every length.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let start: Int64 = -2_208_988_800_000_000
        let span: UInt64 = 6_311_433_600_000_000
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let expected = start + Int64(state % span)
            let text = RFC3339.format(Date(timeIntervalSince1970: Double(expected) / 1e6))
            let parsed = try #require(RFC3339.parse(text))
            #expect(microseconds(parsed) == expected, "\(text)")
            #expect(RFC3339.format(parsed) == text)
        }
    }
}
