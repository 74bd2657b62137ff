import Foundation
import PorticoStore

/// `calendar.ics`: milestone and ticket due dates as all-day events and the regular check-in
/// as a weekly event in the client's time zone, for calendar apps to subscribe to. UIDs are the
/// item's place in the portal. DTSTAMP is the build's day (its first moment in the client's
/// zone, from `--now`), not its minute: incremental builds reuse a portal for the rest of the
/// day, and must stay byte-identical to a clean build.
extension ClientPortalBuilder {
    static let calendarPath = "calendar.ics"

    func buildCalendar() {
        guard !isEncrypted else { return }
        let stamp = ICalendar.utc(today.start(in: timeZone))
        let agency = parent.store.settings.agency
        var calendar = ICalendar()
        calendar.line("BEGIN:VCALENDAR")
        calendar.line("VERSION:2.0")
        calendar.line("PRODID:-//Portico//Client portal//EN")
        calendar.line("CALSCALE:GREGORIAN")
        calendar.line("METHOD:PUBLISH")
        let name = localizer.text("calendar_name", ["client": client.name])
        calendar.text("NAME", name)
        calendar.text("X-WR-CALNAME", name)
        calendar.text("X-WR-CALDESC", localizer.text("calendar_description", ["agency": agency.name]))
        calendar.line("X-WR-TIMEZONE:" + timeZone.identifier)
        calendar.line("REFRESH-INTERVAL;VALUE=DURATION:PT12H")
        calendar.line("X-PUBLISHED-TTL:PT12H")

        var checkInEvent: [String]?
        if let text = client.communication?.checkIn, let schedule = CheckInSchedule(text),
           let next = schedule.next(after: parent.now, in: timeZone), let view = checkIn() {
            let days = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
            var event = ICalendar()
            event.line("BEGIN:VEVENT")
            event.line("UID:" + uid("check-in"))
            event.line("DTSTAMP:" + stamp)
            event.line("DTSTART;TZID=\(timeZone.identifier):" + ICalendar.stamp(next, in: timeZone))
            event.line("RRULE:FREQ=WEEKLY;BYDAY=" + days[schedule.weekday - 1])
            event.text("SUMMARY", localizer.text("calendar_checkin", ["agency": agency.name]))
            event.text("DESCRIPTION", ([view.schedule, view.agencyTime].compactMap { $0 }).joined(separator: "\n"))
            if let portalURL { event.line("URL:" + ICalendar.escapeURI(portalURL + Self.guidesPath)) }
            event.line("END:VEVENT")
            calendar.lines.append(contentsOf: ICalendar.timeZone(timeZone, around: next))
            checkInEvent = event.lines
        }

        var dated: [(day: CalendarDay, uid: String, lines: [String])] = []
        for project in client.projects {
            for milestone in orderedMilestones(project) {
                let fraction = redaction.progress[project.id + "/" + milestone.id] ?? 0
                let tickets = project.tickets.filter { $0.milestone == milestone.id }
                let state = milestoneState(milestone, fraction: fraction, tickets: tickets)
                let key = "projects/\(project.id)/milestones/\(milestone.id)"
                let summary = localizer.text(fraction >= 1 ? "calendar_milestone_reached" : "calendar_milestone", ["title": milestone.title])
                let description = [project.title, "\(state.label) · \(progress(fraction).label)"].joined(separator: "\n")
                let day = milestone.due.day(in: timeZone)
                dated.append((day, uid(key), allDay(key, day: day, summary: summary, description: description,
                                                    category: localizer.text("milestone"), link: projectPath(project) + "#m-" + milestone.id,
                                                    stamp: stamp)))
            }
            for ticket in project.tickets {
                guard let due = ticket.due else { continue }
                let key = "projects/\(project.id)/tickets/\(ticket.id)"
                let summary = localizer.text(ticket.status == .done ? "calendar_ticket_done" : "calendar_ticket", ["title": ticket.title])
                let description = [project.title, statusBadge(ticket.status).label].joined(separator: "\n")
                let day = due.day(in: timeZone)
                dated.append((day, uid(key), allDay(key, day: day, summary: summary, description: description,
                                                    category: localizer.text("calendar_task"), link: ticketPath(project, ticket), stamp: stamp)))
            }
        }
        if let checkInEvent { calendar.lines.append(contentsOf: checkInEvent) }
        for event in dated.sorted(by: { ($0.day, $0.uid) < ($1.day, $1.uid) }) { calendar.lines.append(contentsOf: event.lines) }
        calendar.line("END:VCALENDAR")
        documents.append((Self.calendarPath, calendar.bytes))
    }

    /// A globally unique, stable UID: the item's place in the portal at the portal's host.
    func uid(_ key: String) -> String {
        "\(client.id)/\(key)@\(tagAuthority)"
    }

    private func allDay(_ key: String, day: CalendarDay, summary: String, description: String, category: String,
                        link: String, stamp: String) -> [String] {
        var event = ICalendar()
        event.line("BEGIN:VEVENT")
        event.line("UID:" + uid(key))
        event.line("DTSTAMP:" + stamp)
        event.line("DTSTART;VALUE=DATE:" + day.compact)
        event.line("DTEND;VALUE=DATE:" + day.adding(days: 1).compact)
        event.text("SUMMARY", summary)
        event.text("DESCRIPTION", description)
        event.text("CATEGORIES", category)
        event.line("TRANSP:TRANSPARENT")
        if let portalURL { event.line("URL:" + ICalendar.escapeURI(portalURL + link)) }
        event.line("END:VEVENT")
        return event.lines
    }
}

extension CalendarDay {
    /// `20261201`, iCalendar's DATE.
    var compact: String { String(format: "%04d%02d%02d", year, month, day) }
}

extension ICalendar {
    /// A URI value: not TEXT-escaped, so characters that would break the line are encoded.
    static func escapeURI(_ uri: String) -> String {
        uri.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn:
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")) ?? uri
    }
}
