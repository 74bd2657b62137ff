import Foundation

/// A weekly check-in written as free text ("Mondays 09:00", "ob torkih 8.30"), understood well
/// enough to compute the next occurrence; text that cannot be read is shown as written.
struct CheckInSchedule {
    /// 1 = Sunday ... 7 = Saturday (Foundation's numbering).
    var weekday: Int
    var hour: Int
    var minute: Int

    private static let weekdayPrefixes: [(String, Int)] = [
        ("mon", 2), ("tue", 3), ("wed", 4), ("thu", 5), ("fri", 6), ("sat", 7), ("sun", 1),
        ("pon", 2), ("tor", 3), ("sre", 4), ("čet", 5), ("cet", 5), ("pet", 6), ("sob", 7), ("ned", 1),
    ]

    init?(_ text: String) {
        let lowered = text.lowercased()
        let words = lowered.split { !$0.isLetter }
        guard let weekday = words.lazy.compactMap({ word in
            Self.weekdayPrefixes.first { word.hasPrefix($0.0) }?.1
        }).first else { return nil }
        guard let match = lowered.firstMatch(of: /(\d{1,2})[:.](\d{2})\s*(am|pm)?/) else { return nil }
        var hour = Int(match.1) ?? 0
        let minute = Int(match.2) ?? 0
        if match.3 == "pm", hour < 12 { hour += 12 }
        if match.3 == "am", hour == 12 { hour = 0 }
        guard hour < 24, minute < 60 else { return nil }
        self.weekday = weekday
        self.hour = hour
        self.minute = minute
    }

    /// The next check-in strictly after `now`, in `timeZone`.
    func next(after now: Date, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.nextDate(after: now, matching: DateComponents(hour: hour, minute: minute, weekday: weekday),
                                 matchingPolicy: .nextTime)
    }
}
