import Foundation

extension StoreLoader {
    func loadProjects(in directory: String) -> [Project] {
        var projects: [Project] = []
        for entry in files.list(directory) {
            guard entry.isDirectory else {
                log.error(files.at(entry.path), "projects/ holds one folder per project")
                continue
            }
            guard Identifier.check(entry.name, what: "project", at: files.at(entry.path), log: log) else { continue }
            let path = entry.path + "/project.json"
            guard files.exists(path) else {
                log.error(files.at(path), "missing project.json for project '\(entry.name)'")
                continue
            }
            guard let fields = readRecord(path, what: "project.json") else {
                // Still read what the project holds, so its problems are reported in this run too;
                // the build stops on the error above, and the stand-in is private to fail closed.
                projects.append(Project(
                    id: entry.name, title: entry.name, status: .active, summary: nil, start: nil, due: nil, isPrivate: true,
                    milestones: loadMilestones(in: entry.path + "/milestones"), tickets: loadTickets(in: entry.path + "/tickets"),
                    discussions: loadDiscussions(in: entry.path + "/discussions"), directory: entry.path, location: files.at(path)))
                continue
            }
            defer { fields.finish() }
            let status = fields.choice("status", from: Project.Status.allCases.map(\.rawValue), default: "active")
            projects.append(Project(
                id: entry.name, title: fields.nonEmptyString("title", required: true) ?? entry.name,
                status: status.flatMap(Project.Status.init(rawValue:)) ?? .active,
                summary: fields.string("summary"), start: fields.date("start"), due: fields.date("due"),
                isPrivate: fields.bool("private", default: false),
                milestones: loadMilestones(in: entry.path + "/milestones"),
                tickets: loadTickets(in: entry.path + "/tickets"),
                discussions: loadDiscussions(in: entry.path + "/discussions"),
                directory: entry.path, location: fields.location))
            reportUnexpected(in: entry.path, allowed: ["project.json", "milestones", "tickets", "discussions"])
        }
        return projects
    }

    func loadMilestones(in directory: String) -> [Milestone] {
        textItems(in: directory, what: "milestone").map { item in
            let fields = item.fields
            defer { fields.finish() }
            return Milestone(id: item.id, title: fields.nonEmptyString("title", required: true) ?? item.id,
                             due: fields.date("due", required: true) ?? .day(CalendarDay(year: 1970, month: 1, day: 1)),
                             start: fields.date("start"), order: fields.int("order"),
                             isPrivate: fields.bool("private", default: false), body: item.body,
                             source: fields.string("source"), location: fields.location)
        }
    }

    /// A ticket is `<id>.md`/`<id>.json`, or a bundle folder `<id>/` with `index.md` or `index.json`.
    func loadTickets(in directory: String) -> [Ticket] {
        bundles(in: directory, what: "ticket").compactMap { bundle in
            let fields = bundle.item.fields
            defer { fields.finish() }
            let status = fields.choice("status", from: Ticket.Status.allCases.map(\.rawValue), default: "open")
            let priority = fields.choice("priority", from: Ticket.Priority.allCases.map(\.rawValue), default: "normal")
            var time: [TimeEntry] = []
            for node in fields.array("time") {
                guard let entry = FieldReader(node, what: "time entry", log: log) else { continue }
                time.append(TimeEntry(date: entry.date("date", required: true) ?? .day(CalendarDay(year: 1970, month: 1, day: 1)),
                                      hours: entry.number("hours", required: true, minimum: 0) ?? 0,
                                      by: entry.string("by", required: true) ?? "",
                                      note: entry.string("note"), billable: entry.bool("billable", default: true),
                                      location: entry.location))
                entry.finish()
            }
            return Ticket(
                id: bundle.item.id, title: fields.nonEmptyString("title", required: true) ?? bundle.item.id,
                milestone: fields.string("milestone"),
                status: status.flatMap(Ticket.Status.init(rawValue:)) ?? .open,
                priority: priority.flatMap(Ticket.Priority.init(rawValue:)) ?? .normal,
                created: fields.date("created"), due: fields.date("due"), completed: fields.date("completed"),
                assignees: fields.stringList("assignees"), estimate: fields.number("estimate", minimum: 0),
                isPrivate: fields.bool("private", default: false), time: time,
                attachments: attachments(fields, bundle: bundle),
                body: bundle.item.body, comments: bundle.comments,
                source: fields.string("source"), bundleDirectory: bundle.directory, location: fields.location)
        }
    }

    func loadDiscussions(in directory: String) -> [Discussion] {
        var discussions: [Discussion] = []
        for entry in files.list(directory) where !entry.isDirectory {
            log.error(files.at(entry.path), "a discussion is a folder with an index.md (discussions/<id>/index.md)")
        }
        for bundle in bundles(in: directory, what: "discussion", foldersOnly: true) {
            let fields = bundle.item.fields
            defer { fields.finish() }
            discussions.append(Discussion(
                id: bundle.item.id, title: fields.nonEmptyString("title", required: true) ?? bundle.item.id,
                author: Author(parsing: fields.string("author", required: true) ?? ""),
                date: fields.date("date", required: true) ?? .day(CalendarDay(year: 1970, month: 1, day: 1)),
                pinned: fields.bool("pinned", default: false), isPrivate: fields.bool("private", default: false),
                attachments: attachments(fields, bundle: bundle), body: bundle.item.body,
                comments: bundle.comments, source: fields.string("source"), bundleDirectory: bundle.directory,
                location: fields.location))
        }
        return discussions
    }

    func loadComment(_ item: TextItem, bundle: String) -> Comment {
        let fields = item.fields
        defer { fields.finish() }
        return Comment(id: item.id, author: Author(parsing: fields.string("author", required: true) ?? ""),
                       date: fields.date("date", required: true) ?? .day(CalendarDay(year: 1970, month: 1, day: 1)),
                       isPrivate: fields.bool("private", default: false),
                       attachments: attachments(fields, directory: bundle),
                       body: item.body, source: fields.string("source"), location: fields.location)
    }
}
