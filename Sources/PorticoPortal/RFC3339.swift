import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dates as RFC 3339 text in a time zone (`2026-11-19T08:42:00+11:00`, `Z` for a zero offset):
/// what `ISO8601DateFormatter` with `.withInternetDateTime` writes, without it. On Linux that
/// formatter made a new ICU formatter for every date it wrote, a hundredth of a large build in
/// the feeds alone. Whole seconds, rounded down, as the formatter does. One difference: an offset
/// that is not whole minutes (local mean time, before about 1920) cannot be written in RFC 3339,
/// and the formatter wrote it with seconds (`+05:41:16`), which feed readers reject; such a date
/// is written in UTC instead.
enum RFC3339 {
    static func string(_ date: Date, in timeZone: TimeZone) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var offset = timeZone.secondsFromGMT(for: date)
        if offset % 60 != 0 { offset = 0 }
        var local = time_t(seconds + offset)
        var parts = tm()
        guard gmtime_r(&local, &parts) != nil else {
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = timeZone
            return formatter.string(from: date)
        }
        var text = ""
        text.reserveCapacity(25)
        func digits(_ value: Int, _ count: Int) {
            let number = String(value)
            text += String(repeating: "0", count: max(0, count - number.count)) + number
        }
        digits(Int(parts.tm_year) + 1900, 4)
        text += "-"
        digits(Int(parts.tm_mon) + 1, 2)
        text += "-"
        digits(Int(parts.tm_mday), 2)
        text += "T"
        digits(Int(parts.tm_hour), 2)
        text += ":"
        digits(Int(parts.tm_min), 2)
        text += ":"
        digits(Int(parts.tm_sec), 2)
        guard offset != 0 else { return text + "Z" }
        text += offset < 0 ? "-" : "+"
        digits(abs(offset) / 3600, 2)
        text += ":"
        digits(abs(offset) % 3600 / 60, 2)
        return text
    }
}
