import Foundation
import PorticoStore

/// `portal.expires`: after that day (in the client's time zone) the portal is no longer built.
enum PortalExpiry {
    static func reason(_ client: Client, now: Date) -> String? {
        guard let expires = client.portal.expires else { return nil }
        let zone = TimeZone(identifier: client.timezone) ?? TimeZone(identifier: "UTC")!
        let today = CalendarDay(now, in: zone)
        let last = expires.day(in: zone)
        return today > last ? "portal expired on \(last)" : nil
    }
}
