import Foundation
import Testing
@testable import PorticoPortal

/// The hand-written RFC 3339 dates are what `ISO8601DateFormatter` writes: for random instants
/// (with fractions of a second, before 1970 and far ahead) in zones with daylight saving,
/// half-hour and quarter-hour offsets, negative offsets and none; but for offsets in seconds,
/// which RFC 3339 cannot write (see `RFC3339`).
@Suite struct RFC3339Tests {
    @Test func datesAreWrittenAsTheFoundationFormatterWritesThem() throws {
        let zones = ["UTC", "Europe/London", "Europe/Ljubljana", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kolkata",
                     "Asia/Kathmandu", "America/St_Johns", "America/Los_Angeles", "Pacific/Chatham", "Pacific/Kiritimati"]
        var random = SplitMix(seed: 3339)
        var checked = 0
        let utc = ISO8601DateFormatter()
        for name in zones {
            let zone = try #require(TimeZone(identifier: name))
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = zone
            formatter.formatOptions = [.withInternetDateTime]
            var instants: [Double] = [0, -0.5, 0.999, 1_782_000_000, 1_782_000_000.75, -86_400 * 365.25 * 60, 253_402_300_799]
            for _ in 0..<400 { instants.append(Double(random.int(in: -2_000_000_000...4_000_000_000)) + Double(random.int(in: 0...999)) / 1000) }
            for instant in instants {
                let date = Date(timeIntervalSince1970: instant)
                // An offset in seconds (local mean time) is written in UTC: RFC 3339 has no seconds there.
                let expected = zone.secondsFromGMT(for: date) % 60 == 0 ? formatter.string(from: date) : utc.string(from: date)
                #expect(RFC3339.string(date, in: zone) == expected, "\(name) \(instant)")
                checked += 1
            }
        }
        #expect(checked > 4000)
    }
}
