import Foundation
import PorticoStore
import Yams

public struct TimeImportOptions: Sendable {
    public var tool: TimeTool
    public var reportPath: String
    public var storePath: String
    public var client: String
    /// `"name or email=team id"` for people whose name and email in the tool differ from team.json.
    public var members: [String] = []
    /// How to read dates like 03/04/2026; detected from the file when nil.
    public var dateOrder: DateOrder?
    /// The client's name in the tool, when the report holds several clients and none is named
    /// as in client.json.
    public var toolClient: String?
    public var dryRun = false

    public init(tool: TimeTool, reportPath: String, storePath: String, client: String) {
        self.tool = tool
        self.reportPath = reportPath
        self.storePath = storePath
        self.client = client
    }
}

/// Merges the rows of a Toggl Track or Clockify detailed report into the `time:` lists of one
/// client's tickets. A row names its ticket by a tag equal to the ticket id or by `#ticket-id`
/// (or `#project/ticket-id`) in its description. Entries already in a ticket are not added
/// again, so a report can be imported as often as it is exported. Every row left out is reported.
public enum TimeImporter {
    public static func run(_ options: TimeImportOptions) throws(ImportFailure) -> ImportReport {
        let parsed = try TimeReport.read(options.reportPath, tool: options.tool, dateOrder: options.dateOrder)
        let context = try StoreContext(storePath: options.storePath, clientID: options.client)
        let members = try MemberMapping(options.members, context: context, allowClients: false)
        var report = ImportReport()
        report.dryRun = options.dryRun
        report.notes += parsed.notes
        let file = options.reportPath
        var skipped: [RowProblem] = parsed.problems

        // Every ticket of the client, by id; ids may repeat across projects.
        var tickets: [String: [(project: String, file: TicketFile)]] = [:]
        let projectsDirectory = context.clientDirectory + "/projects"
        let projects = ((try? FileManager.default.contentsOfDirectory(atPath: projectsDirectory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for project in projects {
            for ticket in StoreScan.tickets(in: projectsDirectory + "/" + project + "/tickets") {
                tickets[ticket.id, default: []].append((project, ticket))
            }
        }

        // A report may hold several clients' time; only this client's rows are imported, so
        // that nothing of another client (notes are shown in portals) can land here.
        let clientFilter = try clientName(in: parsed.rows, options: options, context: context)
        if let clientFilter { report.notes.append("rows of client '\(clientFilter)' only") }

        // Rows → (ticket, entry).
        var people: [String: String] = [:]
        var additions: [String: [Entry]] = [:] // ticket path → entries in report order
        var ticketFiles: [String: TicketFile] = [:]
        for row in parsed.rows {
            let who = row.user.isEmpty ? row.email : row.user
            let describeRow = "\(row.date), \(YAMLText.number(row.hours)) h by \(who.isEmpty ? "nobody" : who)\(row.description.isEmpty ? "" : ", \"\(row.description)\"")"
            if let clientFilter, StoreContext.normalizedName(row.client) != StoreContext.normalizedName(clientFilter) {
                let reason = row.client.isEmpty ? "the row has no client, and the report holds several" : "the row is for client '\(row.client)'"
                skipped.append(RowProblem(line: row.line, message: "\(reason): \(describeRow)"))
                continue
            }
            guard let by = members.target(for: [row.email, row.user]).flatMap({ target -> String? in
                if case let .team(id) = target { return id } else { return nil }
            }) ?? context.teamMember(email: row.email, name: row.user)?.id else {
                skipped.append(RowProblem(line: row.line, message: "\(who.isEmpty ? "the row names no user" : "'\(who)' is not in team.json") (add --members \"\(who.isEmpty ? "NAME" : who)=TEAM-ID\"): \(describeRow)"))
                continue
            }
            if people[who] == nil { people[who] = by }
            switch match(row, tickets: tickets) {
            case let .failure(reason):
                skipped.append(RowProblem(line: row.line, message: "\(reason): \(describeRow)"))
            case let .success((ticket, note)):
                guard ticket.readable, ticket.bundle == nil || ticket.path.hasSuffix("index.md") || ticket.path.hasSuffix("index.json") else {
                    skipped.append(RowProblem(line: row.line, message: "ticket '\(ticket.id)' (\(context.display(ticket.path))) cannot be read; fix it first: \(describeRow)"))
                    continue
                }
                ticketFiles[ticket.path] = ticket
                additions[ticket.path, default: []].append(Entry(date: row.date.description, hours: row.hours, by: by,
                                                                 note: note.isEmpty ? nil : note, billable: row.billable, line: row.line))
            }
        }
        for (name, id) in people.sorted(by: { $0.key < $1.key }) { report.notes.append("'\(name)' → \(id)") }

        // Merge per ticket: only entries not already there (counted, so two equal entries in
        // one report are two entries, and a second import of it adds none).
        let writer = StoreWriter(dryRun: options.dryRun)
        var added = 0, present = 0, touched = 0
        var changes: [(path: String, text: String)] = []
        for (path, entries) in additions.sorted(by: { $0.key < $1.key }) {
            guard let ticket = ticketFiles[path] else { continue }
            let merge: Merge
            do {
                merge = try Merge(ticket: ticket)
            } catch {
                for entry in entries {
                    skipped.append(RowProblem(line: entry.line, message: "ticket '\(ticket.id)' (\(context.display(path))): \(error.message)"))
                }
                continue
            }
            var counts = merge.existingCounts
            var fresh: [Entry] = []
            for entry in entries {
                if let count = counts[entry.key], count > 0 {
                    counts[entry.key] = count - 1
                    present += 1
                } else {
                    fresh.append(entry)
                }
            }
            guard !fresh.isEmpty else { continue }
            added += fresh.count
            touched += 1
            changes.append((path, merge.adding(fresh)))
        }
        for change in changes {
            try writer.write(change.text, to: change.path)
            report.written.append("\(context.relative(change.path)) (updated)")
        }
        for problem in skipped.sorted(by: { $0.line < $1.line }) {
            report.warnings.append("\(file):\(problem.line): not imported: \(problem.message)")
        }
        let rows = parsed.rows.count + parsed.problems.count
        report.summary = "\(options.dryRun ? "Would merge" : "Merged") \(options.tool.displayName) report \(file) into \(context.displayRoot)/clients/\(context.client.id): "
            + "\(rows) row\(rows == 1 ? "" : "s"), \(added) entr\(added == 1 ? "y" : "ies") added to \(touched) ticket\(touched == 1 ? "" : "s"), "
            + "\(present) already there, \(skipped.count) not imported\(skipped.isEmpty ? "" : " (listed above)")"
        if !options.dryRun, !changes.isEmpty {
            let problems = context.newErrors()
            if !problems.isEmpty {
                throw ImportFailure(["the files were written, but the store now has errors it did not have before (run `portico check`):"] + problems.map(\.description))
            }
        }
        return report
    }

    /// The tool's name for the client when rows must be filtered by it; nil when the report is
    /// one client's (a single client name, or none).
    static func clientName(in rows: [TimeRow], options: TimeImportOptions, context: StoreContext) throws(ImportFailure) -> String? {
        var names: [String: String] = [:] // normalized → as written
        for row in rows where !row.client.isEmpty { names[StoreContext.normalizedName(row.client)] = names[StoreContext.normalizedName(row.client)] ?? row.client }
        if let toolClient = options.toolClient?.trimmingCharacters(in: .whitespaces), !toolClient.isEmpty {
            guard names[StoreContext.normalizedName(toolClient)] != nil || names.isEmpty else {
                throw ImportFailure("\(options.reportPath): no row is for client '\(toolClient)' (--tool-client); the report's clients: \(names.values.sorted().joined(separator: ", "))")
            }
            return toolClient
        }
        if let same = names[StoreContext.normalizedName(context.client.name)] { return names.count > 1 ? same : nil }
        guard names.count <= 1 else {
            throw ImportFailure("\(options.reportPath): the report holds the time of several clients (\(names.values.sorted().joined(separator: ", "))) and none is called '\(context.client.name)' as in client.json: pass --tool-client NAME to say which one is '\(context.client.id)', or export the report for this client only")
        }
        return nil
    }

    // MARK: - Matching

    /// The ticket a row names and the note left when the `#id` is taken out of its description.
    static func match(_ row: TimeRow, tickets: [String: [(project: String, file: TicketFile)]]) -> Result<(TicketFile, String), MatchFailure> {
        var named: [(text: String, range: Range<String.Index>?)] = row.tags.map { ($0.hasPrefix("#") ? String($0.dropFirst()) : $0, nil) }
        named += references(in: row.description).map { ($0.text, $0.range) }
        guard !named.isEmpty else {
            return .failure(MatchFailure("no ticket id: add the ticket id as a tag, or '#ticket-id' to the description"))
        }
        var found: [String: TicketFile] = [:] // path → ticket
        var used: [Range<String.Index>] = []
        var unknown: [String] = []
        var ambiguous: [String] = []
        for reference in named {
            let text = reference.text.lowercased()
            let parts = text.split(separator: "/").map(String.init)
            var candidates = tickets[parts.last ?? ""] ?? []
            if parts.count == 2 { candidates = candidates.filter { $0.project == parts[0] } }
            if parts.count > 2 { candidates = [] }
            switch candidates.count {
            case 0: unknown.append(reference.text)
            case 1:
                found[candidates[0].file.path] = candidates[0].file
                if let range = reference.range { used.append(range) }
            default: ambiguous.append("'\(reference.text)' is a ticket in \(candidates.map(\.project).joined(separator: " and ")): write '#project/\(parts.last ?? text)'")
            }
        }
        if found.count > 1 {
            return .failure(MatchFailure("names more than one ticket (\(found.values.map(\.id).sorted().joined(separator: ", "))); one entry belongs to one ticket"))
        }
        guard let ticket = found.values.first else {
            if let first = ambiguous.first { return .failure(MatchFailure(first)) }
            let list = unknown.map { "'\($0)'" }.joined(separator: ", ")
            return .failure(MatchFailure("no ticket \(list) for this client (tags and #ids must be ticket ids)"))
        }
        // The note: the description without the #ids that named the ticket.
        var note = row.description
        for range in used.sorted(by: { $0.lowerBound > $1.lowerBound }) { note.removeSubrange(range) }
        note = note.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .trimmingCharacters(in: CharacterSet(charactersIn: " -–—:,;|()[]"))
        return .success((ticket, note))
    }

    struct MatchFailure: Error {
        var message: String
        init(_ message: String) { self.message = message }
        var description: String { message }
    }

    /// `#copy` and `#web/copy` in a description (not `page#anchor`, not `#` alone).
    static func references(in text: String) -> [(text: String, range: Range<String.Index>)] {
        var result: [(String, Range<String.Index>)] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index] == "#" else { index = text.index(after: index); continue }
            if index > text.startIndex {
                let before = text[text.index(before: index)]
                if before.isLetter || before.isNumber || before == "/" || before == "&" || before == "#" {
                    index = text.index(after: index)
                    continue
                }
            }
            var end = text.index(after: index)
            while end < text.endIndex, text[end].isASCII, text[end].isLetter || text[end].isNumber || text[end] == "-" || text[end] == "/" { end = text.index(after: end) }
            var token = String(text[text.index(after: index)..<end])
            while token.hasSuffix("-") || token.hasSuffix("/") {
                token.removeLast()
                end = text.index(before: end)
            }
            if let first = token.first, first.isLetter || first.isNumber {
                result.append((token, index..<end))
            }
            index = end > index ? end : text.index(after: index)
        }
        return result
    }
}

extension TimeImporter.MatchFailure: CustomStringConvertible {}


/// A time entry as the store writes it.
struct Entry {
    var date: String
    var hours: Double
    var by: String
    var note: String?
    var billable: Bool
    var line: Int

    /// What makes two entries the same: day, hours, person and note (not the billable flag, so
    /// an entry re-flagged in the tool is not billed twice).
    var key: String { "\(date)|\(YAMLText.number(hours))|\(by)|\(note ?? "")" }

    var yaml: String {
        var fields = ["date: \(date)", "hours: \(YAMLText.number(hours))", "by: \(YAMLText.id(by))"]
        if let note { fields.append("note: " + YAMLText.quoted(note)) }
        if !billable { fields.append("billable: false") }
        return "{ " + fields.joined(separator: ", ") + " }"
    }

    var json: [String: Any] {
        var object: [String: Any] = ["date": date, "hours": hours, "by": by]
        if let note { object["note"] = note }
        if !billable { object["billable"] = false }
        return object
    }
}

/// Adding entries to one ticket file, changing nothing else in it: in Markdown, new lines go at
/// the end of the `time:` list (or a `time:` list is added at the end of the front matter).
struct Merge {
    struct Failure: Error { var message: String }

    let ticket: TicketFile
    let text: String
    let document: FrontMatterDocument?
    let jsonObject: [String: Any]?
    /// Entry key → how many the ticket already has.
    private(set) var existingCounts: [String: Int] = [:]
    /// Existing entries as YAML flow text, when the list must be rewritten in block style.
    private var existingYAML: [String] = []

    init(ticket: TicketFile) throws(Failure) {
        self.ticket = ticket
        guard let data = FileManager.default.contents(atPath: ticket.path), let text = String(data: data, encoding: .utf8) else {
            throw Failure(message: "cannot read the file")
        }
        self.text = text
        if ticket.isJSON {
            guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
                throw Failure(message: "not a JSON object; fix the file first")
            }
            jsonObject = object
            document = nil
            for entry in object["time"] as? [Any] ?? [] {
                guard let fields = entry as? [String: Any] else { continue }
                let hours = (fields["hours"] as? NSNumber)?.doubleValue ?? 0
                let key = "\(fields["date"] as? String ?? "")|\(YAMLText.number(hours))|\(fields["by"] as? String ?? "")|\(fields["note"] as? String ?? "")"
                existingCounts[key, default: 0] += 1
            }
            return
        }
        jsonObject = nil
        guard let document = FrontMatterDocument(text) else { throw Failure(message: "has no front matter; fix the file first") }
        self.document = document
        let root: Node?
        do {
            root = try Yams.compose(yaml: document.yaml)
        } catch {
            throw Failure(message: "its front matter is not valid YAML; fix the file first")
        }
        guard let time = root?.field("time") else { return }
        if let scalar = time.scalar, ["", "~", "null"].contains(scalar.string) { return }
        guard let sequence = time.sequence else { throw Failure(message: "'time' is not a list; fix the file first") }
        for item in sequence {
            guard let mapping = item.mapping else { throw Failure(message: "an entry of 'time' is not { date, hours, by }; fix the file first") }
            func value(_ name: String) -> String { item.field(name)?.scalar?.string ?? "" }
            let hours = Double(value("hours")) ?? 0
            existingCounts["\(value("date"))|\(YAMLText.number(hours))|\(value("by"))|\(value("note"))", default: 0] += 1
            var parts: [String] = []
            for (key, fieldValue) in mapping {
                guard let keyText = key.scalar?.string, let scalar = fieldValue.scalar else {
                    throw Failure(message: "an entry of 'time' holds a nested value; fix the file first")
                }
                let plain = scalar.style == .plain || scalar.style == .any
                parts.append("\(keyText): " + (plain ? scalar.string : YAMLText.quoted(scalar.string)))
            }
            existingYAML.append("{ " + parts.joined(separator: ", ") + " }")
        }
    }

    /// The file's new text with `entries` appended to its time list.
    func adding(_ entries: [Entry]) -> String {
        if var object = jsonObject {
            object["time"] = (object["time"] as? [Any] ?? []) + entries.map(\.json)
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        }
        guard var document else { return text }
        let cr = document.carriageReturn
        if let position = document.fields.firstIndex(where: { $0.key == "time" }) {
            var field = document.fields[position]
            let head = field.lines[0]
            let afterColon = head[head.index(after: head.firstIndex(of: ":")!)...]
            let inline = afterColon.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if inline.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                // Block style: new items after the last item, indented as the others are.
                let items = field.lines.dropFirst().filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("-") }
                let indent = items.first.map { String($0.prefix { $0 == " " || $0 == "\t" }) } ?? "  "
                var last = 0
                for (offset, line) in field.lines.enumerated() {
                    let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
                    if offset == 0 || (!trimmed.isEmpty && !trimmed.hasPrefix("#")) { last = offset }
                }
                field.lines.insert(contentsOf: entries.map { indent + "- " + $0.yaml + cr }, at: last + 1)
            } else {
                // Flow style (`time: []` or `time: [ … ]`): rewritten as a block list.
                field.lines = ["time:" + cr] + (existingYAML + entries.map(\.yaml)).map { "  - " + $0 + cr }
            }
            document.fields[position] = field
        } else {
            // No time list yet: one at the end of the front matter.
            while let last = document.fields.last, last.lines.count == 1, last.key == nil,
                  last.lines[0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                document.fields.removeLast()
            }
            document.fields.append(FrontMatterDocument.Field(key: "time", lines: ["time:" + cr] + entries.map { "  - " + $0.yaml + cr }))
        }
        return document.text
    }
}
