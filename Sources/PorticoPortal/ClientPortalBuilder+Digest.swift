import Foundation
import PorticoStore

/// What changed in one client's portal since a date, as an email: made from the same redacted
/// model and events as the portal and its feed, so it can only say what the portal shows.
public struct PortalDigest: Sendable {
    public var clientID: String
    /// Contacts of the client with a usable email address.
    public var recipients: [MIMEMessage.Address]
    /// Contacts left out, with why.
    public var skippedRecipients: [String]
    /// How many events the digest reports (0: nothing new, nothing to send).
    public var changes: Int
    public var message: MIMEMessage
}

extension PortalBuilder {
    /// The digest of `client`'s portal for what happened after `since` (a day means its start in
    /// the client's time zone) up to the builder's now. `linkFragment` is appended to links of
    /// key-in-link portals; `from` is the agency's address.
    public func digest(_ client: Client, since: StoreDate, from: MIMEMessage.Address, linkFragment: String? = nil) -> PortalDigest {
        ClientPortalBuilder(parent: self, client: client).digest(since: since, from: from, linkFragment: linkFragment)
    }
}

extension ClientPortalBuilder {
    private struct DigestItem {
        var heading: String
        var detail: String
        var excerpt: String
        var link: String?
    }

    func digest(since: StoreDate, from: MIMEMessage.Address, linkFragment: String?) -> PortalDigest {
        let start = since.instant(in: timeZone)
        let changes = events().filter { $0.instant >= start }
        let sinceText = since.hasTime ? localizer.dateTime(start) : localizer.shortDay(start)
        let agency = parent.store.settings.agency

        func link(_ target: String) -> String? {
            guard let portalURL else { return nil }
            guard let linkFragment, !linkFragment.isEmpty else { return portalURL + target }
            // The unlock script reads the key from `#k=` or `&k=` in the fragment.
            let key = String(linkFragment.drop { $0 == "#" })
            return portalURL + target + (target.contains("#") ? "&" : "#") + key
        }

        var needs: [DigestItem] = []
        var changed: [DigestItem] = []
        if isEncrypted {
            // A protected portal's content stays behind its password or key: the mail says how much
            // changed, never what.
        } else {
            // What waits on the client first, then what is ready for review; soonest due first.
            let waiting = client.projects.flatMap { project in
                project.tickets.filter { $0.status == .waitingOnClient || $0.status == .review }.map { (project, $0) }
            }.sorted { lhs, rhs in
                let far = CalendarDay(year: 9999, month: 1, day: 1)
                return (lhs.1.status == .waitingOnClient ? 0 : 1, lhs.1.due?.day(in: timeZone) ?? far, lhs.1.title)
                    < (rhs.1.status == .waitingOnClient ? 0 : 1, rhs.1.due?.day(in: timeZone) ?? far, rhs.1.title)
            }
            for (project, ticket) in waiting {
                var detail = [statusBadge(ticket.status).label, project.title]
                if let due = dateText(ticket.due, overdueUnlessDone: false) {
                    detail.append(localizer.text("digest_due", ["date": due.text]) + (due.overdue ? " (" + localizer.text("overdue_note") + ")" : ""))
                }
                needs.append(DigestItem(heading: ticket.title, detail: detail.joined(separator: " · "), excerpt: "",
                                        link: link(ticketPath(project, ticket))))
            }
            for event in changes {
                let when = event.date.hasTime ? localizer.dateTime(event.instant) : localizer.day(event.instant)
                changed.append(DigestItem(heading: localizer.text("feed_entry_title", ["what": event.what, "title": event.title]),
                                          detail: when, excerpt: event.summary, link: link(event.target)))
            }
        }

        let greeting = localizer.text("digest_greeting")
        let intro = isEncrypted
            ? localizer.plural("digest_intro_protected", count: changes.count).replacingOccurrences(of: "{date}", with: sinceText)
                .replacingOccurrences(of: "{client}", with: client.name)
            : localizer.text("digest_intro", ["client": client.name, "date": sinceText])
        let portalLink = link("")
        let checkIn = checkIn()
        let footer = localizer.text("digest_footer", ["client": client.name, "agency": agency.name])

        // Plain text.
        var text = greeting + "\n\n" + intro + "\n"
        func textSection(_ title: String, _ items: [DigestItem]) {
            guard !items.isEmpty else { return }
            text += "\n" + title.uppercased() + "\n\n"
            for item in items {
                text += "* " + item.heading + "\n  " + item.detail + "\n"
                if !item.excerpt.isEmpty { text += "  " + item.excerpt + "\n" }
                if let link = item.link { text += "  " + link + "\n" }
                text += "\n"
            }
        }
        textSection(localizer.text("needs_input"), needs)
        textSection(localizer.text("digest_changes"), changed)
        if let next = checkIn?.next { text += "\n" + next + (checkIn?.agencyTime.map { " (\($0))" } ?? "") + "\n" }
        if let portalLink {
            text += "\n" + localizer.text("digest_open_portal") + ": " + portalLink + "\n"
        } else {
            text += "\n" + localizer.text("digest_open_portal_no_link") + "\n"
        }
        text += "\n-- \n" + agency.name + "\n" + from.email + "\n" + footer + "\n"

        // HTML: simple, inline-styled (mail programs ignore style sheets), every text escaped.
        func h(_ value: String) -> String { AtomFeed.escape(value) }
        var html = "<!doctype html>\n<html lang=\"\(h(client.locale))\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(h(localizer.text("digest_subject", ["client": client.name, "date": sinceText])))</title>\n</head>\n"
        html += "<body style=\"margin:0;padding:24px;background:#f4f6f7;color:#18222b;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5\">\n"
        html += "<div style=\"max-width:600px;margin:0 auto;background:#ffffff;border:1px solid #dde3e7;border-radius:12px;padding:24px\">\n"
        html += "<p style=\"margin:0 0 4px;color:#56636e;font-size:13px;text-transform:uppercase;letter-spacing:.06em\">\(h(agency.name))</p>\n"
        html += "<h1 style=\"margin:0 0 16px;font-size:22px\">\(h(client.name))</h1>\n"
        html += "<p>\(h(greeting))</p>\n<p>\(h(intro))</p>\n"
        func htmlSection(_ title: String, _ items: [DigestItem]) {
            guard !items.isEmpty else { return }
            html += "<h2 style=\"font-size:17px;margin:24px 0 8px\">\(h(title))</h2>\n<ul style=\"padding-left:20px;margin:0\">\n"
            for item in items {
                let heading = item.link.map { "<a href=\"\(h($0))\" style=\"color:#17656f;font-weight:600\">\(h(item.heading))</a>" }
                    ?? "<strong>\(h(item.heading))</strong>"
                html += "<li style=\"margin:0 0 12px\">\(heading)<br><span style=\"color:#56636e;font-size:14px\">\(h(item.detail))</span>"
                if !item.excerpt.isEmpty { html += "<br><span style=\"font-size:14px\">\(h(item.excerpt))</span>" }
                html += "</li>\n"
            }
            html += "</ul>\n"
        }
        htmlSection(localizer.text("needs_input"), needs)
        htmlSection(localizer.text("digest_changes"), changed)
        if let next = checkIn?.next {
            html += "<p style=\"margin-top:24px\">\(h(next))" + (checkIn?.agencyTime.map { "<br><span style=\"color:#56636e;font-size:14px\">\(h($0))</span>" } ?? "") + "</p>\n"
        }
        if let portalLink {
            html += "<p style=\"margin:24px 0\"><a href=\"\(h(portalLink))\" style=\"display:inline-block;background:#17656f;color:#ffffff;text-decoration:none;font-weight:600;padding:10px 18px;border-radius:8px\">\(h(localizer.text("digest_open_portal")))</a></p>\n"
        } else {
            html += "<p>\(h(localizer.text("digest_open_portal_no_link")))</p>\n"
        }
        html += "<hr style=\"border:0;border-top:1px solid #dde3e7;margin:24px 0 12px\">\n"
        html += "<p style=\"color:#56636e;font-size:13px;margin:0\">\(h(agency.name)) · <a href=\"mailto:\(h(from.email))\" style=\"color:#56636e\">\(h(from.email))</a><br>\(h(footer))</p>\n"
        html += "</div>\n</body>\n</html>\n"

        var recipients: [MIMEMessage.Address] = []
        var skipped: [String] = []
        for contact in client.contacts {
            guard let email = contact.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty else {
                skipped.append("\(contact.name): no email address")
                continue
            }
            guard MIMEMessage.isUsable(email) else {
                skipped.append("\(contact.name): '\(email)' is not an address a message can be sent to")
                continue
            }
            recipients.append(MIMEMessage.Address(name: contact.name, email: email))
        }
        let stamp = ICalendar.utc(parent.now)
        let message = MIMEMessage(from: from, to: recipients,
                                  subject: localizer.text("digest_subject", ["client": client.name, "date": sinceText]),
                                  date: parent.now, messageID: "digest.\(client.id).\(stamp)@\(tagAuthority)",
                                  language: client.locale, text: text, html: html)
        return PortalDigest(clientID: client.id, recipients: recipients, skippedRecipients: skipped,
                            changes: changes.count, message: message)
    }
}
