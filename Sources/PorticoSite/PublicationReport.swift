import Foundation
import PorticoPortal
import PorticoStore

/// What `portico check` prints for the team: per client, what will be published and what is
/// held back and why. It reads the model directly; it is for the agency's eyes only.
public struct PublicationReport {
    public struct Section: Sendable {
        public var clientID: String
        public var folder: String
        public var published: [String]
        public var hidden: [String]
        public var skippedReason: String?
    }

    public let sections: [Section]
    public let warnings: [String]

    public init(storePath: String, now: Date, environment: [String: String]) throws(BuildFailure) {
        let (store, storeWarnings) = try StoreSession.open(storePath)
        let secret = ShareSecret.read(store.settings, environment: environment)
        warnings = storeWarnings.map(\.description) + (secret.warning.map { [$0] } ?? [])
        let builder = PortalBuilder(store: store, now: now, translations: [:],
                                    assets: PortalAssets(stylesheet: "", script: "", favicon: "", logo: nil), shareSecret: secret.value)
        var sections: [Section] = []
        for client in store.clients {
            let (portal, diagnostics) = builder.build(client)
            let errors = diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty { throw .store(errors) }
            sections.append(Self.section(client, store: store, folder: portal.folder, pages: portal.pages.count,
                                         files: portal.files.count, skipped: PortalExpiry.reason(client, now: now)))
        }
        self.sections = sections
    }

    private static func section(_ client: Client, store: Store, folder: String, pages: Int, files: Int, skipped: String?) -> Section {
        var hidden: [String] = []
        var tickets = 0, visibleTickets = 0, comments = 0, milestones = 0, discussions = 0
        for project in client.projects {
            tickets += project.tickets.count
            if project.isPrivate {
                hidden.append("project \(project.id): private, with its \(project.tickets.count) ticket(s), \(project.milestones.count) milestone(s) and \(project.discussions.count) discussion(s)")
                continue
            }
            for milestone in project.milestones {
                if milestone.isPrivate { hidden.append("milestone \(project.id)/\(milestone.id): private (its progress still counts its tickets)") } else { milestones += 1 }
            }
            for ticket in project.tickets {
                let name = "\(project.id)/\(ticket.id)"
                if ticket.isPrivate {
                    hidden.append("ticket \(name): private, with \(ticket.comments.count) comment(s) and \(ticket.attachments.count) attachment(s)")
                    continue
                }
                visibleTickets += 1
                let internalTime = ticket.time.filter { !$0.billable }.count
                if internalTime > 0 { hidden.append("ticket \(name): \(internalTime) non-billable time entr\(internalTime == 1 ? "y" : "ies")") }
                for attachment in ticket.attachments where attachment.isPrivate {
                    hidden.append("attachment \(name)/\(attachment.file): private")
                }
                describe(ticket.comments, in: name, hidden: &hidden, shown: &comments)
            }
            for discussion in project.discussions {
                let name = "\(project.id)/\(discussion.id)"
                if discussion.isPrivate {
                    hidden.append("discussion \(name): private, with \(discussion.comments.count) comment(s)")
                    continue
                }
                discussions += 1
                describe(discussion.comments, in: name, hidden: &hidden, shown: &comments)
            }
        }
        var guides: [String: Guide] = [:]
        for guide in store.sharedGuides { guides[guide.id] = guide }
        for guide in client.guides {
            if guides[guide.id] != nil { hidden.append("shared guide \(guide.id): replaced by the client's own") }
            guides[guide.id] = guide
        }
        for guide in guides.values.sorted(by: { $0.id < $1.id }) where guide.isPrivate {
            hidden.append("guide \(guide.id): private")
        }
        for invoice in client.invoices where invoice.isPrivate || invoice.status == .draft {
            hidden.append("invoice \(invoice.number): \(invoice.isPrivate ? "private" : "draft")")
        }
        if client.notes != nil { hidden.append("client notes: internal") }
        hidden.append("team emails and hourly costs: internal")
        let visibleProjects = client.projects.filter { !$0.isPrivate }.count
        let visibleInvoices = client.invoices.filter { !$0.isPrivate && $0.status != .draft }.count
        let published = [
            "\(pages) pages, \(files) attached file(s)",
            "\(visibleProjects) of \(client.projects.count) project(s), \(milestones) milestone(s), \(visibleTickets) of \(tickets) ticket(s)",
            "\(discussions) discussion(s), \(comments) comment(s), \(guides.values.filter { !$0.isPrivate }.count) guide(s), \(visibleInvoices) invoice(s)",
        ]
        return Section(clientID: client.id, folder: folder, published: published, hidden: hidden, skippedReason: skipped)
    }

    private static func describe(_ comments: [Comment], in name: String, hidden: inout [String], shown: inout Int) {
        for comment in comments {
            if comment.isPrivate {
                hidden.append("comment \(name)/\(comment.id): internal comment\(comment.attachments.isEmpty ? "" : ", with \(comment.attachments.count) attachment(s)")")
            } else {
                shown += 1
                for attachment in comment.attachments where attachment.isPrivate {
                    hidden.append("attachment \(name)/\(attachment.file) on comment \(comment.id): private")
                }
            }
        }
    }
}
