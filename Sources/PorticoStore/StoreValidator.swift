import Foundation

/// Cross-file checks that loading one file at a time cannot make: references between items
/// (milestones, team members, client contacts) and settings that only make sense together.
public struct StoreValidator {
    let store: Store
    let log: DiagnosticLog

    public init(store: Store, log: DiagnosticLog) {
        self.store = store
        self.log = log
    }

    public func validate() {
        let team = Set(store.team.map(\.id))
        let settings = store.settings
        if settings.baseURL.isEmpty {
            log.warning(SourceLocation(file: displayPath("portico.json")), "'baseURL' is empty: `portico links` cannot print full links")
        } else if !(settings.baseURL.hasPrefix("https://") || settings.baseURL.hasPrefix("http://")) {
            log.error(SourceLocation(file: displayPath("portico.json")), "'baseURL' must start with https:// (found '\(settings.baseURL)')")
        }
        for client in store.clients {
            validate(client, team: team)
        }
    }

    private func displayPath(_ relative: String) -> String { store.displayRoot + "/" + relative }

    private func validate(_ client: Client, team: Set<String>) {
        let contacts = Set(client.contacts.map(\.name))
        if client.portal.linkVersion < 1 {
            log.error(client.location, "'linkVersion' must be 1 or more")
        }
        func checkAuthor(_ author: Author, at location: SourceLocation) {
            switch author {
            case let .team(id) where !team.contains(id):
                log.error(location, "author '\(id)' is not in team.json\(suggestion(id, team))")
            case let .client(name) where !contacts.contains(name):
                log.error(location, "author 'client:\(name)' is not a contact of \(client.name)\(suggestion(name, contacts))")
            default: break
            }
        }
        for project in client.projects {
            let milestones = Set(project.milestones.map(\.id))
            for ticket in project.tickets {
                if let milestone = ticket.milestone, !milestones.contains(milestone) {
                    log.error(ticket.location, "ticket '\(ticket.id)' names milestone '\(milestone)', which project '\(project.id)' does not have\(suggestion(milestone, milestones))")
                }
                for assignee in ticket.assignees where !team.contains(assignee) {
                    log.error(ticket.location, "assignee '\(assignee)' is not in team.json\(suggestion(assignee, team))")
                }
                for entry in ticket.time where !entry.by.isEmpty && !team.contains(entry.by) {
                    log.error(entry.location, "time entry by '\(entry.by)', who is not in team.json\(suggestion(entry.by, team))")
                }
                for comment in ticket.comments { checkAuthor(comment.author, at: comment.location) }
                checkAttachmentsNotShared(ticket.attachments, ticket.comments)
            }
            for discussion in project.discussions {
                checkAuthor(discussion.author, at: discussion.location)
                for comment in discussion.comments { checkAuthor(comment.author, at: comment.location) }
                checkAttachmentsNotShared(discussion.attachments, discussion.comments)
            }
        }
        for invoice in client.invoices where !invoice.currency.isEmpty && invoice.currency != client.currency {
            log.warning(invoice.location, "invoice \(invoice.number) is in \(invoice.currency) while the client's currency is \(client.currency)")
        }
    }

    /// A file both marked private (or attached to an internal comment) and attached publicly is a
    /// contradiction the author must resolve: Portico will not guess which was meant.
    private func checkAttachmentsNotShared(_ attachments: [Attachment], _ comments: [Comment]) {
        var hidden: [String: SourceLocation] = [:]
        var shown: [(Attachment)] = []
        for attachment in attachments {
            if attachment.isPrivate { hidden[attachment.path] = attachment.location } else { shown.append(attachment) }
        }
        for comment in comments {
            for attachment in comment.attachments {
                if comment.isPrivate || attachment.isPrivate { hidden[attachment.path] = attachment.location } else { shown.append(attachment) }
            }
        }
        for attachment in shown {
            if let other = hidden[attachment.path] {
                log.error(attachment.location, "'\(attachment.file)' is attached publicly here but is private at \(other); make it one or the other")
            }
        }
    }

    private func suggestion(_ value: String, _ known: Set<String>) -> String {
        DidYouMean.suggestion(for: value, among: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
    }
}
