import Foundation
import Testing
@testable import PorticoPortal
import PorticoStore

/// The hand-written RFC 3339 dates are what `ISO8601DateFormatter` writes: for random instants
/// (with fractions of a second, before 1970 and far ahead) in zones with daylight saving,
/// half-hour and quarter-hour offsets, negative offsets and none; but for offsets in seconds,
/// which RFC 3339 cannot write (see `RFC3339`).
@Suite struct RFC3339Tests {
    /// A day's first instant in UTC is counted, not asked of a `Calendar`: the same for every day
    /// from 1583 to 2400 (every leap day, month end and century among them).
    @Test func aDayStartsInUTCWhereFoundationsCalendarSaysItDoes() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = calendar.date(from: DateComponents(year: 1583, month: 1, day: 1))!
        let end = calendar.date(from: DateComponents(year: 2400, month: 12, day: 31))!
        var checked = 0
        while day <= end {
            let parts = calendar.dateComponents([.year, .month, .day], from: day)
            let counted = CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!)
            #expect(counted.start(in: TimeZone(identifier: "UTC")!) == day, "\(counted)")
            #expect(counted.start(in: TimeZone(identifier: "GMT")!) == day, "\(counted)")
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            checked += 1
        }
        #expect(checked == 298_769)
        // Out of range (or not a day): the calendar's answer, as always.
        for odd in [CalendarDay(year: 1582, month: 10, day: 4), CalendarDay(year: 2026, month: 4, day: 31), CalendarDay(year: 2026, month: 13, day: 1)] {
            #expect(odd.start(in: TimeZone(identifier: "UTC")!) == calendar.date(from: DateComponents(year: odd.year, month: odd.month, day: odd.day))!)
        }
    }

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
