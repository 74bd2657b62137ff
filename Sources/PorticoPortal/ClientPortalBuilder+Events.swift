import Foundation
import PorticoStore

/// Something that happened in a portal, as the feed and the digest tell it. Built from the
/// redacted model only: a private item, an internal comment or a hidden ticket never makes one.
struct PortalEvent {
    enum Kind: String, CaseIterable {
        case comment, discussion, created, completed, milestone, invoice, paid
    }

    var kind: Kind
    var instant: Date
    var date: StoreDate
    /// Stable and unique within the portal (`projects/web/tickets/copy/created`): the tail of the
    /// feed entry's tag URI and the calendar's UIDs.
    var key: String
    /// The item it is about: a ticket, thread, milestone or invoice title.
    var title: String
    /// What happened, in the client's language ("New task", "Maja Novak commented").
    var what: String
    /// Plain-text excerpt of the comment or item, possibly empty.
    var summary: String
    /// Who did it, when a person did.
    var author: String?
    /// Portal-relative page path with its fragment (`projects/web/tickets/copy.html#c-…`).
    var target: String
}

extension ClientPortalBuilder {
    /// Every event of the visible portal up to the build's day, newest first (ties by kind and
    /// key, so the order never depends on the file system).
    func events() -> [PortalEvent] {
        var events: [PortalEvent] = []
        func add(_ kind: PortalEvent.Kind, _ date: StoreDate, key: String, title: String, what: String,
                 summary: String = "", author: String? = nil, target: String) {
            // Up to the end of the build's day: the portal depends on the day, not the minute.
            guard date.day(in: timeZone) <= today else { return }
            let instant = date.instant(in: timeZone)
            events.append(PortalEvent(kind: kind, instant: instant, date: date, key: key, title: title, what: what,
                                      summary: summary, author: author, target: target))
        }
        for project in client.projects {
            for ticket in project.tickets {
                let page = ticketPath(project, ticket)
                let key = "projects/\(project.id)/tickets/\(ticket.id)"
                if let created = ticket.created {
                    add(.created, created, key: key + "/created", title: ticket.title, what: localizer.text("activity_created"),
                        summary: excerpt(ticket.body.markdown), target: page)
                }
                if ticket.status == .done, let completed = ticket.completed {
                    add(.completed, completed, key: key + "/completed", title: ticket.title,
                        what: localizer.text("activity_completed"), target: page)
                }
                for comment in ticket.comments {
                    let name = author(comment.author).name
                    add(.comment, comment.date, key: key + "/comments/\(comment.id)", title: ticket.title,
                        what: localizer.text("activity_comment", ["author": name]), summary: excerpt(comment.body.markdown),
                        author: name, target: page + "#c-" + comment.id)
                }
            }
            for discussion in project.discussions {
                let page = discussionPath(project, discussion)
                let key = "projects/\(project.id)/discussions/\(discussion.id)"
                let opener = author(discussion.author).name
                add(.discussion, discussion.date, key: key, title: discussion.title, what: localizer.text("activity_discussion"),
                    summary: excerpt(discussion.body.markdown), author: opener, target: page)
                for comment in discussion.comments {
                    let name = author(comment.author).name
                    add(.comment, comment.date, key: key + "/comments/\(comment.id)", title: discussion.title,
                        what: localizer.text("activity_comment", ["author": name]), summary: excerpt(comment.body.markdown),
                        author: name, target: page + "#c-" + comment.id)
                }
            }
            for milestone in project.milestones where (redaction.progress[project.id + "/" + milestone.id] ?? 0) >= 1 {
                // Reached when its last visible ticket was completed (a hidden ticket's date is never used).
                let reached = project.tickets.filter { $0.milestone == milestone.id && $0.status == .done }.compactMap(\.completed)
                    .max { $0.instant(in: timeZone) < $1.instant(in: timeZone) }
                if let reached {
                    add(.milestone, reached, key: "projects/\(project.id)/milestones/\(milestone.id)/reached", title: milestone.title,
                        what: localizer.text("activity_milestone"), target: projectPath(project) + "#m-" + milestone.id)
                }
            }
        }
        for invoice in client.invoices {
            let key = "invoices/\(invoice.number)"
            let amount = localizer.money(invoiceTotals(invoice).total, currency: currency(of: invoice))
            let title = localizer.text("title_invoice", ["number": invoice.number])
            add(.invoice, invoice.issued, key: key + "/issued", title: title, what: localizer.text("activity_invoice"),
                summary: amount, target: invoicePath(invoice))
            if invoice.status == .paid, let paid = invoice.paid {
                add(.paid, paid, key: key + "/paid", title: title, what: localizer.text("activity_paid"), summary: amount,
                    target: invoicePath(invoice))
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: PortalEvent.Kind.allCases.enumerated().map { ($1, $0) })
        return events.sorted { lhs, rhs in
            if lhs.instant != rhs.instant { return lhs.instant > rhs.instant }
            if lhs.kind != rhs.kind { return rank[lhs.kind]! < rank[rhs.kind]! }
            return lhs.key < rhs.key
        }
    }

    func excerpt(_ markdown: String, limit: Int = 280) -> String {
        PlainText.excerpt(plainText(markdown), limit: limit)
    }
}
