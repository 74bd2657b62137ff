import Foundation
import PorticoStore

/// Everything about "now" that a client's pages depend on: the day in the client's time zone
/// and the next check-in. Two builds with the same inputs and the same clock key give the same
/// pages, which is what lets a scheduled rebuild skip an unchanged portal entirely.
public enum PortalClock {
    public static func key(timeZone identifier: String, checkIn: String?, now: Date) -> String {
        // Clients mostly share a few zones and schedules, and a zone's calendar is costly to set
        // up (a fingerprint asks for every client's key, also when nothing changed).
        let question = Question(zone: identifier, checkIn: checkIn, now: now)
        if let known = answers.withLock({ $0[question] }) { return known }
        let key = workOut(timeZone: identifier, checkIn: checkIn, now: now)
        answers.withLock { $0[question] = key }
        return key
    }

    private struct Question: Hashable {
        var zone: String
        var checkIn: String?
        var now: Date
    }

    private static let answers = LockedDictionary<Question, String>()

    private static func workOut(timeZone identifier: String, checkIn: String?, now: Date) -> String {
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
        var key = CalendarDay(now, in: zone).description
        if let checkIn, let schedule = CheckInSchedule(checkIn), let next = schedule.next(after: now, in: zone) {
            key += "|" + String(Int(next.timeIntervalSince1970))
        }
        return key
    }
}

/// A dictionary behind a lock, for answers shared by threads.
private final class LockedDictionary<Key: Hashable, Value>: @unchecked Sendable {
    private var values: [Key: Value] = [:]
    private let lock = NSLock()

    func withLock<Result>(_ body: (inout [Key: Value]) -> Result) -> Result {
        lock.withLock { body(&values) }
    }
}
