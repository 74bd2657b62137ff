import Foundation

/// A calendar day with no time zone attached: `2026-03-20` means that day wherever the client is.
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// The first instant of this day in `timeZone`.
    public func start(in timeZone: TimeZone) -> Date {
        // In UTC, counted: the first use of a `Calendar` loads its data (half a millisecond of every
        // run, where `--now` is parsed). From 1583 on, where Foundation's Gregorian calendar and
        // the count agree (it follows the Julian calendar before October 1582); a test compares them.
        if (1583...9999).contains(year), (1...12).contains(month), (1...31).contains(day),
           timeZone.identifier == "UTC" || timeZone.identifier == "GMT" {
            return Date(timeIntervalSince1970: Double(daysSince1970) * 86_400)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's `days_from_civil`).
    var daysSince1970: Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// The number of days from `self` to `other` (positive when `other` is later).
    public func days(until other: CalendarDay) -> Int {
        let utc = TimeZone(identifier: "UTC")!
        return Int((other.start(in: utc).timeIntervalSince(start(in: utc)) / 86_400).rounded())
    }
}

/// A store date: a day (`2026-03-20`) or an instant with an explicit offset
/// (`2026-03-14T09:30:00+11:00`). A day alone means that day in the client's time zone.
public enum StoreDate: Hashable, Sendable, CustomStringConvertible {
    case day(CalendarDay)
    case instant(Date)

    /// Parses ISO 8601 as the store allows it; nil with a reason when the text is not a date.
    public static func parse(_ text: String) -> Result<StoreDate, DateError> {
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scalars.count >= 10, let year = number(0..<4), scalars[4] == UInt8(ascii: "-"),
              let month = number(5..<7), scalars[7] == UInt8(ascii: "-"), let day = number(8..<10) else {
            return .failure(DateError(text: text, reason: "expected a date like 2026-03-20"))
        }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
            return .failure(DateError(text: text, reason: "there is no such day"))
        }
        let calendarDay = CalendarDay(year: year, month: month, day: day)
        if scalars.count == 10 { return .success(.day(calendarDay)) }
        guard scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: " "),
              let hour = number(11..<13), scalars.count > 13, scalars[13] == UInt8(ascii: ":"),
              let minute = number(14..<16), hour < 24, minute < 60 else {
            return .failure(DateError(text: text, reason: "expected a date-time like 2026-03-14T09:30:00+11:00"))
        }
        var index = 16
        var seconds = 0.0
        if index < scalars.count, scalars[index] == UInt8(ascii: ":") {
            guard let whole = number(index + 1..<index + 3), whole < 61 else {
                return .failure(DateError(text: text, reason: "invalid seconds"))
            }
            seconds = Double(whole)
            index += 3
            if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
                index += 1
                let fractionStart = index
                while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 { index += 1 }
                guard index > fractionStart else { return .failure(DateError(text: text, reason: "invalid fraction of a second")) }
                seconds += Double("0." + String(decoding: scalars[fractionStart..<index], as: UTF8.self)) ?? 0
            }
        }
        guard index < scalars.count else {
            return .failure(DateError(text: text, reason: "a date-time needs an offset, like Z or +11:00"))
        }
        var offsetSeconds = 0
        if scalars[index] == UInt8(ascii: "Z") || scalars[index] == UInt8(ascii: "z") {
            index += 1
        } else if scalars[index] == UInt8(ascii: "+") || scalars[index] == UInt8(ascii: "-") {
            let sign = scalars[index] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = number(index + 1..<index + 3), hours <= 23 else {
                return .failure(DateError(text: text, reason: "invalid offset; write it like +11:00"))
            }
            var minutesIndex = index + 3
            if minutesIndex < scalars.count, scalars[minutesIndex] == UInt8(ascii: ":") { minutesIndex += 1 }
            guard let minutes = number(minutesIndex..<minutesIndex + 2), minutes < 60 else {
                return .failure(DateError(text: text, reason: "invalid offset; write it like +11:00"))
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
            index = minutesIndex + 2
        } else {
            return .failure(DateError(text: text, reason: "a date-time needs an offset, like Z or +11:00"))
        }
        guard index == scalars.count else {
            return .failure(DateError(text: text, reason: "unexpected text after the date"))
        }
        let midnightUTC = calendarDay.start(in: TimeZone(identifier: "UTC")!)
        let instant = midnightUTC.addingTimeInterval(Double(hour * 3600 + minute * 60) + seconds - Double(offsetSeconds))
        return .success(.instant(instant))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The instant this date stands for in `timeZone` (a day means its first moment there).
    public func instant(in timeZone: TimeZone) -> Date {
        switch self {
        case let .day(day): return day.start(in: timeZone)
        case let .instant(date): return date
        }
    }

    /// The calendar day this date falls on in `timeZone`.
    public func day(in timeZone: TimeZone) -> CalendarDay {
        switch self {
        case let .day(day): return day
        case let .instant(date): return CalendarDay(date, in: timeZone)
        }
    }

    public var hasTime: Bool { if case .instant = self { return true } else { return false } }

    public var description: String {
        switch self {
        case let .day(day): return day.description
        case let .instant(date): return ISO8601DateFormatter().string(from: date)
        }
    }
}

public struct DateError: Error, Sendable {
    public var text: String
    public var reason: String
}
