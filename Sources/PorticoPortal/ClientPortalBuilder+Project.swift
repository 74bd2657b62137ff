import Foundation
import PorticoStore
import PorticoView

extension ClientPortalBuilder {
    /// Milestones by `order`, then due date, then id.
    func orderedMilestones(_ project: Project) -> [Milestone] {
        let milestones = project.milestones
        let keys = milestones.map { ($0.order ?? Int.max, $0.due.instant(in: timeZone), $0.id) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { milestones[$0] }
    }

    /// Open work first, then by due date (undated last), then priority, then title.
    func orderedTickets(_ tickets: [Ticket]) -> [Ticket] {
        // Each ticket's key made once; the same comparisons, so the same (stable) order.
        let keys = tickets.map { ticket in
            (ticket.status == .done ? 1 : 0, ticket.due?.instant(in: timeZone) ?? .distantFuture, Self.rank(ticket.priority), ticket.title, ticket.id)
        }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { tickets[$0] }
    }

    private static func rank(_ priority: Ticket.Priority) -> Int {
        switch priority {
        case .urgent: 0
        case .high: 1
        case .normal: 2
        case .low: 3
        }
    }

    func milestoneState(_ milestone: Milestone, fraction: Double, tickets: [Ticket]) -> Badge {
        let due = milestone.due.day(in: timeZone)
        let daysLeft = today.days(until: due)
        let started = milestone.start.map { $0.day(in: timeZone) <= today } ?? tickets.contains { $0.status != .open }
        let key: String
        if fraction >= 1 {
            key = "reached"
        } else if daysLeft < 0 {
            key = "overdue"
        } else if daysLeft <= 7 && fraction < 0.75 {
            key = "at-risk"
        } else if started || fraction > 0 {
            key = "on-track"
        } else {
            key = "not-started"
        }
        let icon = switch key {
        case "reached": "✓"
        case "overdue": "!"
        case "at-risk": "▲"
        case "on-track": "●"
        default: "○"
        }
        return Badge(label: localizer.text("milestone_" + key), key: key, icon: icon)
    }

    func buildProject(_ project: Project) {
        let path = projectPath(project)
        var page = ProjectPage(page: chrome(path: path, heading: project.title,
                                            breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath)],
                                            section: "project:" + project.id))
        page.title = project.title
        page.status = projectBadge(project.status)
        page.summaryHTML = project.summary.map { html(MarkdownText(markdown: $0, baseDirectory: project.directory, location: project.location), on: path) } ?? ""
        page.start = dateText(project.start)
        page.due = dateText(project.due, overdueUnlessDone: project.status == .done)
        page.progress = progress(redaction.progress[project.id] ?? 0)
        let milestones = orderedMilestones(project)
        var timeline: [TimelineChart.Item] = []
        for milestone in milestones {
            let fraction = redaction.progress[project.id + "/" + milestone.id] ?? 0
            let tickets = project.tickets.filter { $0.milestone == milestone.id }
            var section = ProjectPage.MilestoneSection()
            section.anchor = "m-" + milestone.id
            section.title = milestone.title
            section.bodyHTML = html(milestone.body, on: path)
            section.start = dateText(milestone.start)
            section.due = dateText(milestone.due, overdueUnlessDone: fraction >= 1)
            section.state = milestoneState(milestone, fraction: fraction, tickets: tickets)
            section.progress = progress(fraction)
            section.tickets = orderedTickets(tickets).map { ticketRow($0, in: project, from: path) }
            let hours = billableHours(tickets)
            section.hours = hours > 0 ? localizer.hours(hours) : nil
            page.milestones.append(section)
            timeline.append(.init(title: milestone.title, start: milestone.start?.day(in: timeZone), due: milestone.due.day(in: timeZone),
                                  percent: section.progress.percent, stateKey: section.state.key, dueText: section.due?.text ?? ""))
        }
        page.timelineHTML = TimelineChart(items: timeline, today: today, label: localizer.text("timeline_label"),
                                          todayLabel: localizer.text("today")).svg()
        page.otherTickets = orderedTickets(project.tickets.filter { $0.milestone == nil }).map { ticketRow($0, in: project, from: path) }
        if !project.discussions.isEmpty {
            page.discussions = Link(label: localizer.text("title_discussions"), href: RelativePath.href(from: path, to: discussionsPath(project)))
        }
        let hours = billableHours(project.tickets)
        page.hours = hours > 0 ? localizer.hours(hours) : nil
        add(path, .project(page))
        for ticket in project.tickets { buildTicket(ticket, in: project) }
        buildDiscussions(project)
    }

    private func buildTicket(_ ticket: Ticket, in project: Project) {
        let path = ticketPath(project, ticket)
        var page = TicketPage(page: chrome(path: path, heading: ticket.title,
                                           breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath), (project.title, projectPath(project))],
                                           section: "project:" + project.id))
        page.title = ticket.title
        page.status = statusBadge(ticket.status)
        switch ticket.status {
        case .waitingOnClient: page.callout = localizer.text("callout_waiting")
        case .review: page.callout = localizer.text("callout_review")
        case .open, .inProgress, .done: page.callout = nil
        }
        page.priority = priorityBadge(ticket.priority)
        page.project = Link(label: project.title, href: RelativePath.href(from: path, to: projectPath(project)))
        if let id = ticket.milestone, let milestone = project.milestones.first(where: { $0.id == id }) {
            page.milestone = Link(label: milestone.title, href: RelativePath.href(from: path, to: projectPath(project)) + "#m-" + id)
        }
        page.created = dateText(ticket.created)
        page.due = dateText(ticket.due, overdueUnlessDone: ticket.status == .done)
        page.completed = ticket.status == .done ? dateText(ticket.completed) : nil
        page.assignees = ticket.assignees.map(person)
        page.estimate = ticket.estimate.map { localizer.text("estimate_value", ["hours": localizer.number($0)]) }
        let spent = ticket.time.reduce(0) { $0 + $1.hours }
        page.timeSpent = ticket.time.isEmpty ? nil : localizer.hours(spent)
        page.timeEntries = ticket.time
            .sorted { $0.date.instant(in: timeZone) < $1.date.instant(in: timeZone) }
            .map { entry in
                var line = TicketPage.TimeLine()
                line.date = dateText(.day(entry.date.day(in: timeZone))) ?? DateText(text: "", iso: "")
                line.person = person(entry.by).name
                line.hours = localizer.hours(entry.hours)
                line.note = entry.note
                return line
            }
        page.bodyHTML = html(ticket.body, on: path)
        page.attachments = ticket.attachments.compactMap { attachment($0, on: path) }
        page.comments = ticket.comments.map { comment($0, on: path) }
        page.replyMailto = replyMailto(about: ticket.title)
        add(path, .ticket(page))
    }

    func comment(_ comment: Comment, on path: String) -> CommentView {
        CommentView(anchor: "c-" + comment.id, author: author(comment.author),
                    date: dateText(comment.date) ?? DateText(text: "", iso: ""),
                    bodyHTML: html(comment.body, on: path),
                    attachments: comment.attachments.compactMap { attachment($0, on: path) })
    }
}
