import Foundation

/// An iCalendar object (RFC 5545) as bytes: content lines ended by CRLF and folded at 75
/// octets (never inside a UTF-8 sequence), TEXT values escaped, and time zones described by
/// VTIMEZONE components worked out from the system's time zone rules.
struct ICalendar {
    var lines: [String] = []

    mutating func line(_ text: String) { lines.append(text) }

    /// A property whose value is TEXT: backslash, semicolon, comma and line breaks escaped.
    mutating func text(_ name: String, _ value: String) {
        lines.append(name + ":" + Self.escape(value))
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        for line in lines { out += Self.fold(line) }
        return out
    }

    /// RFC 5545 3.3.11: `\` `;` `,` escaped, line breaks as `\n`, other control characters dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One content line folded into lines of at most 75 octets (continuations start with a
    /// space, which counts), each ended by CRLF.
    static func fold(_ line: String) -> [UInt8] {
        var out: [UInt8] = []
        var width = 0
        for scalar in line.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            if width + encoded.count > 75 {
                out += [0x0D, 0x0A, 0x20]
                width = 1
            }
            out += encoded
            width += encoded.count
        }
        return out + [0x0D, 0x0A]
    }

    /// `20261122T120000Z`.
    static func utc(_ date: Date) -> String {
        stamp(date, in: TimeZone(identifier: "UTC")!) + "Z"
    }

    /// Local date-time in `zone`, `20261123T090000`.
    static func stamp(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `+1100`, `-0430`.
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let text = String(format: "%@%02d%02d", sign, magnitude / 3600, magnitude % 3600 / 60)
        return magnitude % 60 == 0 ? text : text + String(format: "%02d", magnitude % 60)
    }

    // MARK: Time zones

    /// A VTIMEZONE for `zone` valid from the year before `reference` on: one yearly rule per
    /// observance when the zone's transitions follow one (checked against the next years), else
    /// the transitions themselves for twelve years.
    static func timeZone(_ zone: TimeZone, around reference: Date) -> [String] {
        var out = ["BEGIN:VTIMEZONE", "TZID:" + zone.identifier, "X-LIC-LOCATION:" + zone.identifier]
        let year = localYear(reference, zone)
        let first = transitions(zone, year: year - 1)
        if first.isEmpty {
            let offset = Self.offset(zone.secondsFromGMT(for: reference))
            out += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:" + offset, "TZOFFSETTO:" + offset]
            out += name(zone, reference).map { ["TZNAME:" + $0] } ?? []
            out += ["END:STANDARD"]
        } else {
            let later = (year...(year + 3)).map { transitions(zone, year: $0) }
            for transition in first {
                let rule = yearlyRule(transition)
                let ruleHolds = later.allSatisfy { year in
                    year.contains { $0.isDaylight == transition.isDaylight && yearlyRule($0) == rule && $0.from == transition.from && $0.to == transition.to }
                }
                let component = transition.isDaylight ? "DAYLIGHT" : "STANDARD"
                out += ["BEGIN:" + component, "DTSTART:" + transition.localStart]
                if ruleHolds {
                    out.append("RRULE:" + rule)
                } else {
                    let dates = (year...(year + 11)).flatMap { transitions(zone, year: $0) }
                        .filter { $0.isDaylight == transition.isDaylight && $0.from == transition.from && $0.to == transition.to }
                        .map(\.localStart)
                    if !dates.isEmpty { out.append("RDATE:" + dates.joined(separator: ",")) }
                }
                out += ["TZOFFSETFROM:" + offset(transition.from), "TZOFFSETTO:" + offset(transition.to)]
                out += name(zone, transition.instant).map { ["TZNAME:" + $0] } ?? []
                out.append("END:" + component)
            }
        }
        out.append("END:VTIMEZONE")
        return out
    }

    private struct Transition {
        var instant: Date
        var from: Int
        var to: Int
        var isDaylight: Bool
        /// Wall-clock time of the change in the offset in force before it.
        var local: DateComponents
        var localStart: String
    }

    private static func localYear(_ date: Date, _ zone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.component(.year, from: date)
    }

    private static func transitions(_ zone: TimeZone, year: Int) -> [Transition] {
        var utcCalendar = Calendar(identifier: .gregorian)
        utcCalendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = utcCalendar.date(from: DateComponents(year: year, month: 1, day: 1)),
              let end = utcCalendar.date(from: DateComponents(year: year + 1, month: 1, day: 1)) else { return [] }
        var result: [Transition] = []
        var cursor = start.addingTimeInterval(-86_400)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end, result.count < 8 {
            cursor = next
            guard next >= start else { continue }
            let from = zone.secondsFromGMT(for: next.addingTimeInterval(-1))
            let to = zone.secondsFromGMT(for: next)
            guard from != to else { continue }
            let wall = next.addingTimeInterval(Double(from))
            let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: wall)
            result.append(Transition(instant: next, from: from, to: to, isDaylight: zone.isDaylightSavingTime(for: next),
                                     local: parts, localStart: stamp(wall, in: utcCalendar.timeZone)))
        }
        return result
    }

    /// `FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU` for a change on the last Sunday of October, `…=1SU`
    /// for the first, and so on.
    private static func yearlyRule(_ transition: Transition) -> String {
        let days = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
        let local = transition.local
        let month = local.month ?? 1, day = local.day ?? 1, year = local.year ?? 1970
        let length = daysIn(month: month, year: year)
        let ordinal = day + 7 > length ? -1 : (day - 1) / 7 + 1
        return "FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(ordinal)\(days[(local.weekday ?? 1) - 1])"
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The zone's abbreviation when it is a real one (`AEDT`, `CET`), not a bare `GMT+11`.
    private static func name(_ zone: TimeZone, _ date: Date) -> String? {
        guard let abbreviation = zone.abbreviation(for: date), !abbreviation.hasPrefix("GMT+"), !abbreviation.hasPrefix("GMT-"),
              !abbreviation.hasPrefix("UTC+"), !abbreviation.hasPrefix("UTC-"),
              abbreviation.allSatisfy({ $0.isLetter }) else { return nil }
        return abbreviation
    }
}
