import Foundation
import PorticoStore
import Yams

public struct TrelloImportOptions: Sendable {
    public var exportPath: String
    public var storePath: String
    public var client: String
    public var project: String
    /// `"List name=status"` (or `=skip`).
    public var listStatus: [String] = []
    /// Cards with this label (compared without case) become private tickets.
    public var privateLabel = "private"
    /// `"trello user=team id"` or `"trello user=client:Contact Name"`; the key may be the Trello
    /// user name, full name or member id.
    public var members: [String] = []
    /// Mark every imported comment `private: true` (internal).
    public var internalComments = false
    /// Leave labels out of ticket bodies.
    public var omitLabels = false
    /// Remove imported tickets whose card is no longer in the export.
    public var prune = false
    public var dryRun = false

    public init(exportPath: String, storePath: String, client: String, project: String) {
        self.exportPath = exportPath
        self.storePath = storePath
        self.client = client
        self.project = project
    }
}

/// Turns a Trello board export into ticket files of one project. Every file it writes carries
/// `source: "trello:<id>"`; a later run rewrites exactly those files (keeping the fields Trello
/// does not set, such as `time`, `milestone` and `estimate`) and never touches any other file.
public enum TrelloImporter {
    static let sourcePrefix = "trello:"
    static let commentTypes: Set<String> = ["commentCard", "copyCommentCard"]

    public static func run(_ options: TrelloImportOptions) throws(ImportFailure) -> ImportReport {
        let export = try TrelloExport.read(options.exportPath)
        let context = try StoreContext(storePath: options.storePath, clientID: options.client)
        var plan = try Plan(options: options, export: export, context: context)
        try plan.make()
        return try plan.apply()
    }
}

/// One file to write or remove.
private enum Change {
    case write(path: String, text: String, isNew: Bool)
    case remove(path: String)
    case removeFolderIfEmpty(path: String)
}

private struct Plan {
    let options: TrelloImportOptions
    let export: TrelloExport
    let context: StoreContext
    let projectDirectory: String
    let ticketsDirectory: String
    let statusMapping: StatusMapping
    let memberMapping: MemberMapping
    var report = ImportReport()
    var changes: [Change] = []
    var ticketCount = (new: 0, updated: 0, unchanged: 0)
    var commentCount = 0

    init(options: TrelloImportOptions, export: TrelloExport, context: StoreContext) throws(ImportFailure) {
        guard Identifier.isValid(options.project) else {
            throw ImportFailure("'\(options.project)' is not a valid project id: use 1–64 lowercase letters, digits and '-'")
        }
        self.options = options
        self.export = export
        self.context = context
        projectDirectory = context.clientDirectory + "/projects/" + options.project
        ticketsDirectory = projectDirectory + "/tickets"
        statusMapping = try StatusMapping(options.listStatus)
        memberMapping = try MemberMapping(options.members, context: context, allowClients: true)
        report.dryRun = options.dryRun
    }

    // MARK: - Deciding

    mutating func make() throws(ImportFailure) {
        let file = options.exportPath
        var problems: [String] = []

        // Lists → statuses. Cards of unmapped lists stop the import, naming the lists.
        let listsByID = Dictionary(export.lists.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var listStatus: [String: String] = [:]
        var unmapped: [String: Int] = [:]
        for (index, card) in export.cards.enumerated() where card.closed != true && card.isTemplate != true {
            guard let list = listsByID[card.idList] else {
                problems.append("\(file): cards[\(index)].idList: card '\(card.name)' is on list \(card.idList), which the export's 'lists' does not have")
                continue
            }
            if list.closed == true || listStatus[list.id] != nil { continue }
            if let (status, _) = statusMapping.status(for: list.name) {
                listStatus[list.id] = status
            } else {
                unmapped[list.name, default: 0] += 1
            }
        }
        for (name, count) in unmapped.sorted(by: { $0.key < $1.key }) {
            problems.append("\(file): list '\(name)' (\(count) card\(count == 1 ? "" : "s")) has no status: add --list-status \"\(name)=STATUS\" with one of \(StatusMapping.statuses.joined(separator: ", ")), or =skip to leave its cards out")
        }
        for name in statusMapping.explicit.keys.sorted() where !export.lists.contains(where: { StatusMapping.normalized($0.name) == name }) {
            report.warnings.append("--list-status names '\(name)', but the board has no such list (lists: \(export.lists.map(\.name).joined(separator: ", ")))")
        }
        for list in export.lists where list.closed != true {
            if let (status, how) = statusMapping.status(for: list.name) {
                report.notes.append("list '\(list.name)' → \(status == StatusMapping.skip ? "skipped" : status) (\(how))")
            }
        }

        if (export.actions ?? []).count == 1000 {
            report.warnings.append("\(file) holds exactly 1,000 actions, a limit of Trello's export: the oldest comments may be missing from it")
        }

        // The cards to import: not archived, on an open list that is not skipped.
        let templates = export.cards.filter { $0.closed != true && $0.isTemplate == true }
        if !templates.isEmpty {
            report.notes.append("template cards are not tickets; skipped: \(templates.map { "'\($0.name)'" }.joined(separator: ", "))")
        }
        let cards = export.cards.filter { card in
            guard card.closed != true, card.isTemplate != true, let list = listsByID[card.idList], list.closed != true else { return false }
            return listStatus[list.id] != nil && listStatus[list.id] != StatusMapping.skip
        }
        let importing = Set(cards.map(\.id))

        // Members: comment authors must be known; assignees without a team id are left out.
        let membersByID = Dictionary((export.members ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let comments = (export.actions ?? []).filter { action in
            TrelloImporter.commentTypes.contains(action.type) && importing.contains(action.data?.card?.id ?? "")
        }
        var authors: [String: MemberMapping.Target] = [:]
        var unknownAuthors: [String: (member: TrelloExport.Member, count: Int)] = [:]
        for action in comments {
            let memberID = action.idMemberCreator ?? action.memberCreator?.id ?? ""
            let member = membersByID[memberID] ?? action.memberCreator ?? TrelloExport.Member(id: memberID, username: nil, fullName: nil)
            if authors[memberID] != nil { continue }
            if let target = resolve(member, allowClients: true) {
                authors[memberID] = target
            } else {
                unknownAuthors[memberID, default: (member, 0)].count += 1
            }
        }
        for (_, entry) in unknownAuthors.sorted(by: { describe($0.value.member) < describe($1.value.member) }) {
            let key = entry.member.username ?? entry.member.fullName ?? entry.member.id
            problems.append("\(file): \(describe(entry.member)) wrote \(entry.count) comment\(entry.count == 1 ? "" : "s") but is neither in team.json nor a contact of \(context.client.name): add --members \"\(key)=TEAM-ID\" or --members \"\(key)=client:CONTACT NAME\"")
        }
        if !problems.isEmpty { throw ImportFailure(problems) }
        for (memberID, target) in authors.sorted(by: { $0.key < $1.key }) {
            let member = membersByID[memberID] ?? TrelloExport.Member(id: memberID, username: nil, fullName: nil)
            report.notes.append("\(describe(member)) → \(target.authorText)")
        }

        // The project: created when missing (it carries no source: project.json has none).
        if !FileManager.default.fileExists(atPath: projectDirectory + "/project.json") {
            let title = export.name?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? options.project
            changes.append(.write(path: projectDirectory + "/project.json",
                                  text: "{ \"title\": \(jsonString(title)), \"status\": \"active\" }\n", isNew: true))
            report.notes.append("created project '\(options.project)' (\"\(title)\"): edit project.json to add dates and a summary")
        }

        // Existing tickets: ours (source trello:<card id>) and everyone else's.
        let existing = StoreScan.tickets(in: ticketsDirectory)
        var ours: [String: TicketFile] = [:]
        for ticket in existing {
            guard let source = ticket.source, source.hasPrefix(TrelloImporter.sourcePrefix) else { continue }
            if let first = ours[source] {
                report.warnings.append("\(context.display(ticket.path)) and \(context.display(first.path)) both carry source \"\(source)\"; updating the first, leaving \(context.display(ticket.path)) as it is")
                continue
            }
            ours[source] = ticket
        }
        var taken = Set(existing.map(\.id))
        var assigned: [String: String] = [:]
        // Cards keep the id they were given before, whatever their name is now.
        for card in cards {
            if let ticket = ours[TrelloImporter.sourcePrefix + card.id] { assigned[card.id] = ticket.id }
        }
        for card in cards.sorted(by: { ($0.pos?.value ?? 0, $0.id) < ($1.pos?.value ?? 0, $1.id) }) where assigned[card.id] == nil {
            var base = Slug.make(card.name)
            if base.isEmpty { base = "card-" + Slug.make(card.shortLink ?? String(card.id.suffix(8)), limit: 24) }
            let id = Slug.unique(base) { taken.contains($0) }
            if id != base, existing.contains(where: { $0.id == base && !($0.source ?? "").hasPrefix(TrelloImporter.sourcePrefix) }) {
                report.notes.append("card '\(card.name)' imported as '\(id)': '\(base)' is a ticket written by hand, which is left alone")
            }
            taken.insert(id)
            assigned[card.id] = id
        }

        let checklists = Dictionary(grouping: export.checklists ?? [], by: \.idCard)
        let commentsByCard = Dictionary(grouping: comments, by: { $0.data?.card?.id ?? "" })
        let labelsByID = Dictionary((export.labels ?? []).compactMap { label in label.id.map { ($0, label) } }, uniquingKeysWith: { first, _ in first })
        let moves = (export.actions ?? []).filter { $0.type == "updateCard" && $0.data?.listAfter?.id != nil }

        for card in cards {
            guard let id = assigned[card.id], let status = listStatus[card.idList] else { continue }
            let labels = card.labels ?? (card.idLabels ?? []).compactMap { labelsByID[$0] }
            let completedAt = status == "done"
                ? (moves.filter { $0.data?.card?.id == card.id && $0.data?.listAfter?.id == card.idList }.map(\.date).max() ?? card.dateLastActivity)
                : nil
            try planTicket(card, id: id, status: status, labels: labels, checklists: checklists[card.id] ?? [],
                           comments: commentsByCard[card.id] ?? [], completedAt: completedAt, authors: authors,
                           membersByID: membersByID, existing: ours[TrelloImporter.sourcePrefix + card.id])
        }

        // Imported tickets whose card is archived (or on an archived or skipped list) go; those
        // whose card is no longer in the export go with --prune.
        let inExport = Set(export.cards.map(\.id))
        var pruneSkipped: [String] = []
        for (source, ticket) in ours.sorted(by: { $0.key < $1.key }) {
            let cardID = String(source.dropFirst(TrelloImporter.sourcePrefix.count))
            if importing.contains(cardID) { continue }
            if inExport.contains(cardID) || options.prune {
                planRemoval(ticket, why: inExport.contains(cardID) ? "archived or skipped in Trello" : "no longer on the board")
            } else {
                pruneSkipped.append(context.display(ticket.bundle ?? ticket.path))
            }
        }
        if !pruneSkipped.isEmpty {
            report.warnings.append("\(pruneSkipped.count) imported ticket\(pruneSkipped.count == 1 ? " is" : "s are") no longer in the export and \(pruneSkipped.count == 1 ? "was" : "were") left in place (re-run with --prune to remove): \(pruneSkipped.joined(separator: ", "))")
        }
    }

    /// Who a Trello member is in the store: `--members` first, then by full name (team, then
    /// client contacts), then a user name equal to a team id.
    func resolve(_ member: TrelloExport.Member, allowClients: Bool) -> MemberMapping.Target? {
        if let target = memberMapping.target(for: [member.id, member.username, member.fullName]) {
            if case .client = target, !allowClients { return nil }
            return target
        }
        if let (id, _) = context.teamMember(email: nil, name: member.fullName) { return .team(id) }
        if let username = member.username, context.store.team.contains(where: { $0.id == username.lowercased() }) {
            return .team(username.lowercased())
        }
        if allowClients, let name = member.fullName.map(StoreContext.normalizedName),
           let contact = context.client.contacts.first(where: { StoreContext.normalizedName($0.name) == name }) {
            return .client(contact.name)
        }
        return nil
    }

    func describe(_ member: TrelloExport.Member) -> String {
        switch (member.fullName, member.username) {
        case let (name?, user?): return "Trello member '\(user)' (\(name))"
        case let (name?, nil): return "Trello member '\(name)'"
        case let (nil, user?): return "Trello member '\(user)'"
        default: return "Trello member \(member.id)"
        }
    }

    // MARK: - One ticket

    mutating func planTicket(_ card: TrelloExport.Card, id: String, status: String, labels: [TrelloExport.Label],
                             checklists: [TrelloExport.Checklist], comments: [TrelloExport.Action], completedAt: String?,
                             authors: [String: MemberMapping.Target], membersByID: [String: TrelloExport.Member],
                             existing: TicketFile?) throws(ImportFailure) {
        let file = options.exportPath
        let privateLabel = options.privateLabel.lowercased()
        var isPrivate = labels.contains { ($0.name ?? "").trimmingCharacters(in: .whitespaces).lowercased() == privateLabel }
        let priority = Self.priority(from: labels)
        let otherLabels = labels.compactMap { label -> String? in
            let name = (label.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.lowercased() != privateLabel, Self.priority(from: [label]) == nil else { return nil }
            return name
        }

        // Assignees: members with a team id; the others are named in a warning.
        var assignees: [String] = []
        for memberID in card.idMembers ?? [] {
            let member = membersByID[memberID] ?? TrelloExport.Member(id: memberID, username: nil, fullName: nil)
            if case let .team(teamID)? = resolve(member, allowClients: false) {
                if !assignees.contains(teamID) { assignees.append(teamID) }
            } else {
                report.warnings.append("card '\(card.name)': \(describe(member)) is not in team.json, so is not an assignee of ticket '\(id)' (map with --members)")
            }
        }

        // Fields Trello does not set are kept from the file written before (time, milestone,
        // estimate, attachments…); a private flag set in the store is never lifted by an import.
        var owned: Set<String> = ["title", "status", "created", "due", "completed", "assignees", "private", "source"]
        if priority != nil { owned.insert("priority") }
        var kept: [String] = []
        if let existing {
            let (fields, wasPrivate) = keptFields(of: existing, owned: owned)
            kept = fields
            if wasPrivate && !isPrivate {
                isPrivate = true
                report.notes.append("ticket '\(id)' stays private: it is marked private in the store (remove 'private: true' there to publish it)")
            }
        }

        var lines = ["---", "title: " + YAMLText.quoted(Self.oneLine(card.name).nonEmpty ?? "Untitled card"), "status: " + status]
        if let priority { lines.append("priority: " + priority) }
        if let created = Self.creationDate(ofID: card.id) { lines.append("created: " + CalendarDay(created, in: context.timeZone).description) }
        if let due = card.due {
            guard let date = Self.parseDate(due) else {
                throw ImportFailure("\(file): card '\(card.name)' has a due date Trello does not write ('\(due)')")
            }
            lines.append("due: " + CalendarDay(date, in: context.timeZone).description)
        }
        if let completedAt, let date = Self.parseDate(completedAt) {
            lines.append("completed: " + CalendarDay(date, in: context.timeZone).description)
        }
        if !assignees.isEmpty { lines.append("assignees: [" + assignees.map(YAMLText.id).joined(separator: ", ") + "]") }
        if isPrivate { lines.append("private: true") }
        lines += kept
        lines.append("source: " + YAMLText.quoted(TrelloImporter.sourcePrefix + card.id))
        lines.append("---")
        let text = lines.joined(separator: "\n") + "\n" + body(card, labels: otherLabels, checklists: checklists)

        // Where it goes: a bundle when it has comments or already was one; else a single file.
        let wasBundle = existing?.bundle != nil
        let bundle = wasBundle || !comments.isEmpty
        let path = bundle ? ticketsDirectory + "/" + id + "/index.md" : ticketsDirectory + "/" + id + ".md"
        let oldText = FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
        if oldText == text {
            ticketCount.unchanged += 1
        } else {
            changes.append(.write(path: path, text: text, isNew: existing == nil))
            if existing == nil { ticketCount.new += 1 } else { ticketCount.updated += 1 }
        }
        if let existing, existing.path != path {
            changes.append(.remove(path: existing.path)) // a file turned bundle, or a .json turned .md
        }
        if bundle {
            planComments(comments, card: card, ticketID: id, directory: ticketsDirectory + "/" + id, authors: authors)
        }
    }

    /// The front matter lines of an earlier import that this import does not own, and whether
    /// that file was marked private.
    func keptFields(of ticket: TicketFile, owned: Set<String>) -> ([String], Bool) {
        guard let data = FileManager.default.contents(atPath: ticket.path), let text = String(data: data, encoding: .utf8) else { return ([], false) }
        if ticket.isJSON {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return ([], false) }
            let kept = object.keys.sorted().filter { !owned.contains($0) && $0 != "body" }.map { "\($0): " + flowYAML(object[$0] as Any) }
            return (kept, (object["private"] as? Bool) == true)
        }
        guard let document = FrontMatterDocument(text) else { return ([], false) }
        var kept: [String] = []
        for field in document.fields {
            guard let key = field.key, !owned.contains(key) else { continue }
            kept += field.lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        }
        while let last = kept.last, last.trimmingCharacters(in: .whitespaces).isEmpty { kept.removeLast() }
        let node = (try? Yams.compose(yaml: document.yaml)) ?? nil
        let wasPrivate = node?.field("private")?.scalar?.string.lowercased() == "true"
        return (kept, wasPrivate)
    }

    /// Description, then checklists as task lists, then attachments as links, then labels.
    func body(_ card: TrelloExport.Card, labels: [String], checklists: [TrelloExport.Checklist]) -> String {
        var parts: [String] = []
        let description = (card.desc ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !description.isEmpty { parts.append(description) }
        for checklist in checklists.sorted(by: { ($0.pos?.value ?? 0, $0.id) < ($1.pos?.value ?? 0, $1.id) }) {
            let title = Self.oneLine(checklist.name ?? "").nonEmpty.map(Self.escapeMarkdownLine) ?? "Checklist"
            var lines = ["### " + title, ""]
            let items = (checklist.checkItems ?? []).sorted { ($0.pos?.value ?? 0, $0.id ?? "") < ($1.pos?.value ?? 0, $1.id ?? "") }
            for item in items {
                lines.append("- [\(item.state == "complete" ? "x" : " ")] " + Self.oneLine(item.name))
            }
            if items.isEmpty { lines.append("(no items)") }
            parts.append(lines.joined(separator: "\n"))
        }
        let attachments = card.attachments ?? []
        if !attachments.isEmpty {
            var lines = ["### Attachments", ""]
            for attachment in attachments {
                let url = (attachment.url ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                let name = Self.oneLine(attachment.name ?? "").nonEmpty ?? url
                let scheme = url.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
                if scheme == "https" || scheme == "http", !url.contains(">"), !url.contains("<"), !url.contains(" ") {
                    lines.append("- [" + Self.escapeLinkText(name) + "](<" + url + ">)")
                } else {
                    lines.append("- " + Self.escapeMarkdownLine(name))
                }
            }
            parts.append(lines.joined(separator: "\n"))
        }
        if !labels.isEmpty, !options.omitLabels {
            parts.append("Labels: " + labels.map(Self.escapeMarkdownLine).joined(separator: ", "))
        }
        return parts.isEmpty ? "" : parts.joined(separator: "\n\n") + "\n"
    }

    // MARK: - Comments

    mutating func planComments(_ comments: [TrelloExport.Action], card: TrelloExport.Card, ticketID: String,
                               directory: String, authors: [String: MemberMapping.Target]) {
        // What the bundle holds: our comment files (by source) and everything else (reserved).
        var ours: [String: String] = [:] // source → path
        var reserved = Set<String>()
        let manager = FileManager.default
        for name in ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted() where !name.hasPrefix(".") {
            let path = directory + "/" + name
            let ext = (name as NSString).pathExtension
            let id = (name as NSString).deletingPathExtension
            reserved.insert(id)
            guard (ext == "md" || ext == "json"), id != "index" else { continue }
            let (source, _) = StoreScan.readSource(path)
            if let source, source.hasPrefix(TrelloImporter.sourcePrefix), ours[source] == nil { ours[source] = path }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = context.timeZone
        var kept = Set<String>()
        for action in comments.sorted(by: { ($0.date, $0.id) < ($1.date, $1.id) }) {
            guard let date = Self.parseDate(action.date) else {
                report.warnings.append("card '\(card.name)': a comment has a date Trello does not write ('\(action.date)'); not imported")
                continue
            }
            let memberID = action.idMemberCreator ?? action.memberCreator?.id ?? ""
            guard let author = authors[memberID] else { continue }
            let source = TrelloImporter.sourcePrefix + action.id
            let path: String
            if let existing = ours[source], existing.hasSuffix(".md") {
                path = existing
            } else {
                formatter.dateFormat = "yyyy-MM-dd-HHmm"
                let who: String
                switch author {
                case let .team(id): who = id
                case let .client(name): who = "client-" + (Slug.make(name, limit: 40).nonEmpty ?? "contact")
                }
                let id = Slug.unique(formatter.string(from: date) + "-" + who) { reserved.contains($0) }
                reserved.insert(id)
                path = directory + "/" + id + ".md"
            }
            kept.insert(path)
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssxxx"
            var lines = ["---", "author: " + (author.authorText.hasPrefix("client:") ? YAMLText.quoted(author.authorText) : YAMLText.id(author.authorText)),
                         "date: " + formatter.string(from: date)]
            if options.internalComments { lines.append("private: true") }
            lines.append("source: " + YAMLText.quoted(source))
            lines.append("---")
            let text = (action.data?.text ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            let file = lines.joined(separator: "\n") + "\n" + (text.isEmpty ? "" : text + "\n")
            let oldText = manager.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
            if oldText != file { changes.append(.write(path: path, text: file, isNew: oldText == nil)) }
            commentCount += 1
            if let existing = ours[source], existing != path { changes.append(.remove(path: existing)) }
        }
        // Comments deleted in Trello go; hand-written comments stay.
        for (_, path) in ours.sorted(by: { $0.key < $1.key }) where !kept.contains(path) {
            changes.append(.remove(path: path))
        }
    }

    // MARK: - Removing

    mutating func planRemoval(_ ticket: TicketFile, why: String) {
        guard let bundle = ticket.bundle else {
            changes.append(.remove(path: ticket.path))
            report.notes.append("removed \(context.relative(ticket.path)): its card is \(why)")
            return
        }
        // A bundle goes only when every file in it is ours; files added by hand keep it.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: bundle)) ?? []).filter { !$0.hasPrefix(".") }
        var ourFiles: [String] = []
        var others: [String] = []
        for name in names.sorted() {
            let path = bundle + "/" + name
            if path == ticket.path { ourFiles.append(path); continue }
            let ext = (name as NSString).pathExtension
            if ext == "md" || ext == "json", let source = StoreScan.readSource(path).0, source.hasPrefix(TrelloImporter.sourcePrefix) {
                ourFiles.append(path)
            } else {
                others.append(name)
            }
        }
        guard others.isEmpty else {
            report.warnings.append("ticket '\(ticket.id)': its card is \(why), but \(context.display(bundle)) holds files added by hand (\(others.joined(separator: ", "))); left in place: remove it or its 'source' line by hand")
            return
        }
        for path in ourFiles { changes.append(.remove(path: path)) }
        changes.append(.removeFolderIfEmpty(path: bundle))
        report.notes.append("removed \(context.relative(bundle))/: its card is \(why)")
    }

    // MARK: - Writing

    mutating func apply() throws(ImportFailure) -> ImportReport {
        let writer = StoreWriter(dryRun: options.dryRun)
        for change in changes {
            switch change {
            case let .write(path, text, isNew):
                try writer.write(text, to: path)
                report.written.append("\(context.relative(path)) (\(isNew ? "new" : "updated"))")
            case let .remove(path):
                try writer.remove(path)
                report.removed.append(context.relative(path))
            case let .removeFolderIfEmpty(path):
                writer.removeIfEmpty(path)
            }
        }
        let board = export.name.map { "'\($0)'" } ?? "board"
        let tickets = ticketCount.new + ticketCount.updated + ticketCount.unchanged
        report.summary = "\(options.dryRun ? "Would import" : "Imported") Trello \(board) into \(context.displayRoot)/clients/\(context.client.id)/projects/\(options.project): "
            + "\(tickets) ticket\(tickets == 1 ? "" : "s") (\(ticketCount.new) new, \(ticketCount.updated) updated, \(ticketCount.unchanged) unchanged), "
            + "\(commentCount) comment\(commentCount == 1 ? "" : "s"), \(report.removed.count) file\(report.removed.count == 1 ? "" : "s") removed"
        if !options.dryRun {
            let problems = context.newErrors()
            if !problems.isEmpty {
                throw ImportFailure(["the files were written, but the store now has errors it did not have before (run `portico check`):"] + problems.map(\.description))
            }
        }
        return report
    }

    // MARK: - Helpers

    /// `low | normal | high | urgent` from labels named so ("High", "Priority: high", "urgent").
    static func priority(from labels: [TrelloExport.Label]) -> String? {
        let order = ["low", "normal", "high", "urgent"]
        var best: Int?
        for label in labels {
            var name = StatusMapping.normalized(label.name ?? "")
            for affix in ["priority ", " priority"] {
                if name.hasPrefix(affix) { name.removeFirst(affix.count) }
                if name.hasSuffix(affix) { name.removeLast(affix.count) }
            }
            if let rank = order.firstIndex(of: name) { best = max(best ?? rank, rank) }
        }
        return best.map { order[$0] }
    }

    /// Trello ids start with the creation time in seconds, in hex.
    static func creationDate(ofID id: String) -> Date? {
        guard id.count == 24, let seconds = UInt32(id.prefix(8), radix: 16), seconds > 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func parseDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    static func escapeLinkText(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\[]`*_<>".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// Text that must not start a Markdown block of its own (a heading, a list, a quote).
    static func escapeMarkdownLine(_ text: String) -> String {
        guard let first = text.first, "#>-+*=|`~".contains(first) || (first.isNumber && text.contains(". ")) else { return text }
        return "\\" + text
    }
}

private func jsonString(_ text: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst().dropLast())
}

/// A JSON value written as YAML flow text (JSON fields of an earlier import kept in YAML).
private func flowYAML(_ value: Any) -> String {
    switch value {
    case let text as String: return YAMLText.quoted(text)
    case let number as NSNumber:
        if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
        return "\(number)"
    case let array as [Any]: return "[" + array.map(flowYAML).joined(separator: ", ") + "]"
    case let object as [String: Any]:
        return "{ " + object.keys.sorted().map { YAMLText.quoted($0) + ": " + flowYAML(object[$0] as Any) }.joined(separator: ", ") + " }"
    default: return "null"
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
