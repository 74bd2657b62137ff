import Foundation
import PorticoStore

/// Everything about "now" that a client's pages depend on: the day in the client's time zone
/// and the next check-in. Two builds with the same inputs and the same clock key give the same
/// pages, which is what lets a scheduled rebuild skip an unchanged portal entirely.
public enum PortalClock {
    public static func key(timeZone identifier: String, checkIn: String?, now: Date) -> String {
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
        var key = CalendarDay(now, in: zone).description
        if let checkIn, let schedule = CheckInSchedule(checkIn), let next = schedule.next(after: now, in: zone) {
            key += "|" + String(Int(next.timeIntervalSince1970))
        }
        return key
    }
}
