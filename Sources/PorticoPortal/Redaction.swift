import Foundation
import PorticoStore

/// The one place that decides what of a client is visible. It returns a copy of the client's
/// model with every private item (and everything inside one) removed and every internal field
/// cleared; progress, which counts hidden tickets too, is computed first and kept as numbers.
struct Redaction {
    /// Done fraction (0...1) per project id and per "project/milestone" id, private tickets included.
    var progress: [String: Double] = [:]
    var client: Client
    /// The guides this client sees: shared ones, replaced by a client guide of the same id.
    var guides: [Guide]
    /// Team members with their internal fields (email, cost) cleared.
    var team: [TeamMember]
    /// Files that belong to private items or are private attachments: never published.
    var privateFiles: Set<String> = []
    /// Bundle folders of private items: nothing inside them is ever published.
    var privateFolders: [String] = []

    init(client source: Client, store: Store) {
        var client = source
        client.notes = nil
        self.client = client
        guides = []
        team = store.team.map { member in
            var member = member
            member.email = nil
            member.hourlyCost = nil
            return member
        }

        var byID: [String: Guide] = [:]
        for guide in store.sharedGuides { byID[guide.id] = guide }
        for guide in source.guides { byID[guide.id] = guide }
        guides = byID.values.filter { !$0.isPrivate }.sorted { ($0.order ?? Int.max, $0.title, $0.id) < ($1.order ?? Int.max, $1.title, $1.id) }
        client.guides = []

        var projects: [Project] = []
        for var project in source.projects {
            let all = project.tickets
            progress[project.id] = Self.doneFraction(all) { _ in true }
            for milestone in project.milestones {
                progress[project.id + "/" + milestone.id] = Self.doneFraction(all) { $0.milestone == milestone.id }
            }
            if project.isPrivate {
                hide(project.tickets, project.discussions)
                privateFolders.append(project.directory)
                continue
            }
            project.milestones = project.milestones.filter { !$0.isPrivate }
            let visibleMilestones = Set(project.milestones.map(\.id))
            hide(project.tickets.filter(\.isPrivate), project.discussions.filter(\.isPrivate))
            var tickets: [Ticket] = []
            for var ticket in project.tickets where !ticket.isPrivate {
                // A ticket of a private milestone stays visible, without naming the milestone.
                if let milestone = ticket.milestone, !visibleMilestones.contains(milestone) { ticket.milestone = nil }
                ticket.time = ticket.time.filter(\.billable)
                (ticket.attachments, ticket.comments) = redact(ticket.attachments, ticket.comments)
                tickets.append(ticket)
            }
            project.tickets = tickets
            var discussions: [Discussion] = []
            for var discussion in project.discussions where !discussion.isPrivate {
                (discussion.attachments, discussion.comments) = redact(discussion.attachments, discussion.comments)
                discussions.append(discussion)
            }
            project.discussions = discussions
            projects.append(project)
        }
        client.projects = projects
        client.invoices = source.invoices.filter { !$0.isPrivate && $0.status != .draft }
        self.client = client
    }

    /// The share of the tickets `counts` takes that are done (no filtered array made).
    private static func doneFraction(_ tickets: [Ticket], counting counts: (Ticket) -> Bool) -> Double {
        var done = 0, total = 0
        for index in tickets.indices where counts(tickets[index]) {
            total += 1
            if tickets[index].status == .done { done += 1 }
        }
        return total == 0 ? 0 : Double(done) / Double(total)
    }

    /// Marks everything of private tickets and discussions (their folders, their files) as private.
    private mutating func hide(_ tickets: [Ticket], _ discussions: [Discussion]) {
        for ticket in tickets {
            privateFiles.formUnion(ticket.attachments.map(\.path))
            for comment in ticket.comments { privateFiles.formUnion(comment.attachments.map(\.path)) }
            if let folder = ticket.bundleDirectory { privateFolders.append(folder) }
        }
        for discussion in discussions {
            privateFiles.formUnion(discussion.attachments.map(\.path))
            for comment in discussion.comments { privateFiles.formUnion(comment.attachments.map(\.path)) }
            if let folder = discussion.bundleDirectory { privateFolders.append(folder) }
        }
    }

    /// Drops internal comments and private attachments, remembering their files as private.
    private mutating func redact(_ attachments: [Attachment], _ comments: [Comment]) -> ([Attachment], [Comment]) {
        for attachment in attachments where attachment.isPrivate { privateFiles.insert(attachment.path) }
        var visibleComments: [Comment] = []
        for var comment in comments {
            if comment.isPrivate {
                privateFiles.formUnion(comment.attachments.map(\.path))
                continue
            }
            for attachment in comment.attachments where attachment.isPrivate { privateFiles.insert(attachment.path) }
            comment.attachments = comment.attachments.filter { !$0.isPrivate }
            visibleComments.append(comment)
        }
        return (attachments.filter { !$0.isPrivate }, visibleComments)
    }
}
