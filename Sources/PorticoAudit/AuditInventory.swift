import Foundation
import PorticoStore

/// What the audit looks for, worked out from the store on its own (not from the redaction the
/// build used, so a mistake there cannot hide itself): for one client, the text and files of
/// its private items, and the text and files of everything it may show.
struct AuditInventory {
    struct Needle {
        var text: String
        var item: String
        /// Names are distinctive even when short; phrases need more length to mean anything.
        var minimumBytes = 12
    }

    struct SecretFile {
        var path: String
        var item: String
    }

    var clientID: String
    /// Text of private items and internal fields.
    var privateText: [Needle] = []
    /// Text of everything the client may see (used to drop needles that are public anyway).
    var publicText: [String] = []
    /// Files that must never be published for this client.
    var privateFiles: [SecretFile] = []
    /// Files the client may see.
    var publicFiles: Set<String> = []
    /// Everything of this client, public or not: no other client may show any of it.
    var allText: [Needle] = []
    var allFiles: [SecretFile] = []

    init(client: Client, store: Store) {
        clientID = client.id
        let name = "client \(client.id)"
        allText.append(Needle(text: client.name, item: name, minimumBytes: 5))
        publicText.append(client.name)
        publicText += client.contacts.map(\.name)
        for contact in client.contacts { allText.append(Needle(text: contact.name, item: "\(name) contact", minimumBytes: 5)) }
        if let notes = client.notes { add(notes, item: "\(name) notes (internal)", visible: false) }
        publicText += [store.settings.agency.name] + store.team.map(\.name) + store.team.compactMap(\.role)
        for member in store.team {
            if let email = member.email { privateText.append(Needle(text: email, item: "team \(member.id) email (internal)", minimumBytes: 5)) }
        }
        if let communication = client.communication {
            publicText += communication.channels + [communication.responseTime, communication.checkIn].compactMap { $0 }
        }
        for step in client.onboarding {
            publicText.append(step.step)
            if let file = step.file, let path = StorePath.resolve(file, in: client.directory) { publicFiles.insert(path) }
        }
        var guides: [String: Guide] = [:]
        for guide in store.sharedGuides { guides[guide.id] = guide }
        for guide in client.guides { guides[guide.id] = guide }
        for guide in guides.values {
            let item = "\(guide.isPrivate ? "private " : "")guide \(guide.id) (\(guide.location.file))"
            add(guide.title, guide.body, item: item, visible: !guide.isPrivate, owned: guide.isClientGuide)
        }
        for guide in store.sharedGuides where guide.isPrivate && guides[guide.id]?.isPrivate == false {
            // A private shared guide replaced by a public client guide of the same id stays private.
            add(guide.title, guide.body, item: "private guide \(guide.id) (\(guide.location.file))", visible: false, owned: false)
        }
        for project in client.projects { inventory(project) }
        for invoice in client.invoices {
            let visible = !invoice.isPrivate && invoice.status != .draft
            let item = "\(visible ? "" : (invoice.isPrivate ? "private " : "draft "))invoice \(invoice.number) (\(invoice.location.file))"
            for line in invoice.lines { add(line.text, item: item, visible: visible) }
        }
        for path in Self.files(under: client.directory) where !publicFiles.contains(path) {
            if !privateFiles.contains(where: { $0.path == path }) {
                privateFiles.append(SecretFile(path: path, item: "unpublished file \(path)"))
            }
        }
        allFiles = Self.files(under: client.directory).map { SecretFile(path: $0, item: "\(name) file \($0)") }
    }

    private mutating func inventory(_ project: Project) {
        let projectItem = "\(project.isPrivate ? "private " : "")project \(project.id) (\(project.location.file))"
        add(project.title, project.summary.map { MarkdownText(markdown: $0, baseDirectory: project.directory, location: project.location) },
            item: projectItem, visible: !project.isPrivate)
        for milestone in project.milestones {
            let visible = !project.isPrivate && !milestone.isPrivate
            add(milestone.title, milestone.body, item: "\(visible ? "" : "private ")milestone \(milestone.id) (\(milestone.location.file))", visible: visible)
        }
        for ticket in project.tickets {
            let visible = !project.isPrivate && !ticket.isPrivate
            let item = "\(visible ? "" : "private ")ticket \(ticket.id) (\(ticket.location.file))"
            add(ticket.title, ticket.body, item: item, visible: visible)
            for entry in ticket.time {
                if let note = entry.note { add(note, item: "\(item) time note", visible: visible && entry.billable) }
            }
            files(ticket.attachments, item: item, visible: visible)
            comments(ticket.comments, item: item, visible: visible)
        }
        for discussion in project.discussions {
            let visible = !project.isPrivate && !discussion.isPrivate
            let item = "\(visible ? "" : "private ")discussion \(discussion.id) (\(discussion.location.file))"
            add(discussion.title, discussion.body, item: item, visible: visible)
            files(discussion.attachments, item: item, visible: visible)
            comments(discussion.comments, item: item, visible: visible)
        }
    }

    private mutating func comments(_ comments: [Comment], item: String, visible: Bool) {
        for comment in comments {
            let shown = visible && !comment.isPrivate
            let commentItem = "\(shown ? "" : "internal ")comment \(comment.id) (\(comment.location.file))"
            add(nil, comment.body, item: commentItem, visible: shown)
            files(comment.attachments, item: commentItem, visible: shown)
        }
    }

    private mutating func files(_ attachments: [Attachment], item: String, visible: Bool) {
        for attachment in attachments {
            let shown = visible && !attachment.isPrivate
            if let title = attachment.title { add(title, item: item, visible: shown) }
            if shown {
                publicFiles.insert(attachment.path)
            } else {
                privateFiles.append(SecretFile(path: attachment.path, item: "\(item) attachment \(attachment.file)"))
            }
        }
    }

    private mutating func add(_ title: String?, _ body: MarkdownText?, item: String, visible: Bool, owned: Bool = true) {
        if let title { add(title, item: item, visible: visible, owned: owned) }
        guard let body else { return }
        for run in Self.runs(body.markdown) { add(run, item: item, visible: visible, owned: owned) }
        if visible {
            // Files a visible text links to are published.
            for match in body.markdown.matches(of: /\]\(([^)\s]+)/) {
                if let path = StorePath.resolve(String(match.1).removingPercentEncoding ?? String(match.1), in: body.baseDirectory, allowParent: true) {
                    publicFiles.insert(path)
                }
            }
        }
    }

    private mutating func add(_ text: String, item: String, visible: Bool, owned: Bool = true) {
        if visible {
            publicText.append(text)
        } else {
            privateText.append(Needle(text: text, item: item))
        }
        if owned { allText.append(Needle(text: text, item: item)) }
    }

    /// Sentences and lines of a body, the pieces that survive rendering intact.
    static func runs(_ markdown: String) -> [String] {
        markdown.split(whereSeparator: \.isNewline)
            .flatMap { $0.split(separator: #/[.!?] /#) }
            .map(String.init)
    }

    static func files(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var paths: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = directory + "/" + relative
            let ext = (relative as NSString).pathExtension
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !(relative as NSString).lastPathComponent.hasPrefix("."), ext != "md", ext != "json" else { continue }
            paths.append(path)
        }
        return paths.sorted()
    }
}
