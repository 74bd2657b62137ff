import Foundation
import PorticoStore
import PorticoView

extension ClientPortalBuilder {
    func buildOverview() {
        let path = Self.overviewPath
        var page = OverviewPage(page: chrome(path: path, heading: client.name, section: "overview"))
        let open = client.projects.flatMap { project in project.tickets.map { (project, $0) } }
        page.needsInput = open
            .filter { $0.1.status == .waitingOnClient || $0.1.status == .review }
            .sorted { needsInputOrder($0.1, $1.1) }
            .map { ticketRow($0.1, in: $0.0, from: path) }
        // Deadlines in the next three weeks and anything overdue, soonest first.
        page.upcoming = open
            .filter { $0.1.status != .done && $0.1.status != .waitingOnClient && $0.1.status != .review }
            .filter { $0.1.due.map { today.days(until: $0.day(in: timeZone)) <= 21 } == true }
            .sorted { ($0.1.due!.day(in: timeZone), $0.1.title) < ($1.1.due!.day(in: timeZone), $1.1.title) }
            .prefix(8)
            .map { ticketRow($0.1, in: $0.0, from: path) }
        page.projects = client.projects.map { projectCard($0, from: path) }
        page.recent = recentActivity(from: path)
        page.hours = hoursThisMonth()
        page.openInvoices = client.invoices
            .filter { $0.status == .sent || $0.status == .overdue }
            .map { invoiceRow($0, from: path) }
        page.checkIn = checkIn()
        let onboarding = onboardingView(on: path)
        page.onboarding = onboarding.complete ? nil : onboarding
        add(path, .overview(page))
    }

    private func needsInputOrder(_ lhs: Ticket, _ rhs: Ticket) -> Bool {
        let left = (lhs.status == .waitingOnClient ? 0 : 1, lhs.due?.day(in: timeZone) ?? CalendarDay(year: 9999, month: 1, day: 1), lhs.title)
        let right = (rhs.status == .waitingOnClient ? 0 : 1, rhs.due?.day(in: timeZone) ?? CalendarDay(year: 9999, month: 1, day: 1), rhs.title)
        return left < right
    }

    private func projectCard(_ project: Project, from path: String) -> OverviewPage.ProjectCard {
        var card = OverviewPage.ProjectCard()
        card.title = project.title
        card.href = RelativePath.href(from: path, to: projectPath(project))
        card.status = projectBadge(project.status)
        card.progress = progress(redaction.progress[project.id] ?? 0)
        card.due = dateText(project.due, overdueUnlessDone: project.status == .done)
        card.nextMilestone = orderedMilestones(project)
            .first { (redaction.progress[project.id + "/" + $0.id] ?? 0) < 1 }?.title
        return card
    }

    func projectBadge(_ status: Project.Status) -> Badge {
        let icon = switch status {
        case .planned: "○"
        case .active: "▶"
        case .onHold: "⏸"
        case .done: "✓"
        }
        return Badge(label: localizer.text("project_" + status.rawValue), key: status.rawValue, icon: icon)
    }

    /// What happened in the last 30 days, newest first: comments, new and completed tickets,
    /// milestones reached and invoices issued.
    private func recentActivity(from path: String) -> [OverviewPage.Activity] {
        // Whole days in the client's time zone, so the list changes with the day, not the minute.
        let since = today.start(in: timeZone).addingTimeInterval(-30 * 86_400)
        let until = today.start(in: timeZone).addingTimeInterval(86_400)
        var events: [(Date, OverviewPage.Activity)] = []
        func event(_ date: StoreDate, _ text: String, _ title: String, _ href: String) {
            let instant = date.instant(in: timeZone)
            guard instant >= since, instant < until else { return }
            var activity = OverviewPage.Activity()
            activity.text = text
            activity.title = title
            activity.href = href
            activity.date = dateText(date) ?? DateText(text: "", iso: "")
            events.append((instant, activity))
        }
        for project in client.projects {
            for ticket in project.tickets {
                let href = RelativePath.href(from: path, to: ticketPath(project, ticket))
                if let created = ticket.created { event(created, localizer.text("activity_created"), ticket.title, href) }
                if ticket.status == .done, let completed = ticket.completed { event(completed, localizer.text("activity_completed"), ticket.title, href) }
                for comment in ticket.comments {
                    event(comment.date, localizer.text("activity_comment", ["author": author(comment.author).name]), ticket.title, href + "#c-" + comment.id)
                }
            }
            for discussion in project.discussions {
                let href = RelativePath.href(from: path, to: discussionPath(project, discussion))
                for comment in discussion.comments {
                    event(comment.date, localizer.text("activity_comment", ["author": author(comment.author).name]), discussion.title, href + "#c-" + comment.id)
                }
            }
            for milestone in project.milestones where (redaction.progress[project.id + "/" + milestone.id] ?? 0) >= 1 {
                let reached = project.tickets.filter { $0.milestone == milestone.id }.compactMap(\.completed)
                    .max { $0.instant(in: timeZone) < $1.instant(in: timeZone) }
                if let reached {
                    event(reached, localizer.text("activity_milestone"), milestone.title,
                          RelativePath.href(from: path, to: projectPath(project)) + "#m-" + milestone.id)
                }
            }
        }
        for invoice in client.invoices {
            event(invoice.issued, localizer.text("activity_invoice"), invoice.number, RelativePath.href(from: path, to: invoicePath(invoice)))
        }
        return events.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1.title < $1.1.title }.prefix(10).map(\.1)
    }

    /// Billable hours on visible tickets in the client's current month, against the retainer,
    /// and the last 12 weeks as a chart. Nil when there is neither a retainer nor billable time.
    func hoursThisMonth() -> HoursSummary? {
        guard client.retainer != nil || hasBillableTime else { return nil }
        let used = billableHours(inMonthOf: today)
        var summary = HoursSummary()
        summary.used = localizer.number(used)
        summary.month = localizer.month(today.start(in: timeZone))
        if let retainer = client.retainer {
            summary.included = localizer.number(retainer.hoursPerMonth)
            summary.percent = retainer.hoursPerMonth > 0 ? Int((used / retainer.hoursPerMonth * 100).rounded()) : 0
            summary.barPercent = min(100, summary.percent)
            summary.over = used > retainer.hoursPerMonth
            summary.label = localizer.text("hours_label", ["used": summary.used, "included": summary.included, "month": summary.month])
        } else {
            summary.hasRetainer = false
            summary.label = localizer.text("hours_label_no_retainer", ["hours": localizer.hours(used), "month": summary.month])
        }
        if hasBillableTime {
            (summary.chartHTML, summary.weeks, summary.weeksTotal) = hoursChart()
        }
        return summary
    }

    func billableHours(inMonthOf day: CalendarDay) -> Double {
        client.projects.flatMap(\.tickets).flatMap(\.time)
            .filter { entry in
                let entryDay = entry.date.day(in: timeZone)
                return entry.billable && entryDay.year == day.year && entryDay.month == day.month
            }
            .reduce(0) { $0 + $1.hours }
    }

    func onboardingView(on path: String) -> OnboardingView {
        var view = OnboardingView()
        view.steps = client.onboarding.map { step in
            var item = OnboardingView.Step()
            item.step = step.step
            item.done = step.done != nil
            item.doneDate = dateText(step.done)
            if let file = step.file, let source = StorePath.resolve(file, in: client.directory),
               let output = publisher.publish(source, referencedAt: step.location) {
                item.file = fileView(path: source, output: output, title: nil, on: path)
            }
            return item
        }
        let done = view.steps.filter(\.done).count
        view.complete = done == view.steps.count
        view.progress = ProgressMeter(percent: view.steps.isEmpty ? 100 : done * 100 / view.steps.count,
                                 label: localizer.text("onboarding_progress", ["done": localizer.number(Double(done)),
                                                                               "total": localizer.number(Double(view.steps.count))]))
        return view
    }
}
