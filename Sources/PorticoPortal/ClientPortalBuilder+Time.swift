import Foundation
import PorticoStore
import PorticoView

/// Billable time as the client sees it: only entries that redaction kept (billable entries of
/// visible tickets), per ticket, milestone, project, week and month, and as a CSV export.
extension ClientPortalBuilder {
    struct BillableEntry {
        var project: Project
        var ticket: Ticket
        var entry: TimeEntry
        var day: CalendarDay
    }

    static let timeExportPath = "billing/time.csv"

    /// Every billable entry of the visible portal, oldest first.
    var billableEntries: [BillableEntry] {
        var entries: [BillableEntry] = []
        for project in client.projects {
            for ticket in project.tickets {
                for entry in ticket.time where entry.billable {
                    entries.append(BillableEntry(project: project, ticket: ticket, entry: entry, day: entry.date.day(in: timeZone)))
                }
            }
        }
        let keys = entries.map { ($0.day, $0.project.title, $0.ticket.title, person($0.entry.by).name, $0.entry.hours) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { entries[$0] }
    }

    var hasBillableTime: Bool {
        client.projects.contains { $0.tickets.contains { $0.time.contains(where: \.billable) } }
    }

    func billableHours(_ tickets: [Ticket]) -> Double {
        tickets.flatMap(\.time).filter(\.billable).reduce(0) { $0 + $1.hours }
    }

    /// The Monday that starts the week of `day` (weeks run Monday to Sunday, as ISO 8601 has them).
    func weekStart(_ day: CalendarDay) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekday = calendar.component(.weekday, from: day.start(in: calendar.timeZone))
        return day.adding(days: -((weekday + 5) % 7))
    }

    /// Billable hours in each of the last `count` weeks, the current week last.
    func weeklyHours(count: Int = 12) -> [(start: CalendarDay, hours: Double)] {
        let current = weekStart(today)
        let starts = (0..<count).map { current.adding(days: -7 * (count - 1 - $0)) }
        let entries = billableEntries
        return starts.map { start in
            let end = start.adding(days: 7)
            return (start, entries.filter { $0.day >= start && $0.day < end }.reduce(0) { $0 + $1.entry.hours })
        }
    }

    /// The last 12 weeks as a chart, and as table rows for those who cannot see it.
    func hoursChart() -> (svg: String, rows: [HoursSummary.Week], total: String) {
        let weeks = weeklyHours()
        let total = weeks.reduce(0) { $0 + $1.hours }
        var rows: [HoursSummary.Week] = []
        var bars: [HoursChart.Week] = []
        for (index, week) in weeks.enumerated() {
            let date = week.start.start(in: timeZone)
            let isCurrent = index == weeks.count - 1
            let title = localizer.text("hours_week_title", ["date": localizer.day(date), "hours": localizer.hours(week.hours)])
            bars.append(HoursChart.Week(label: localizer.dayMonth(date), title: title, hours: week.hours,
                                        value: localizer.number(week.hours), isCurrent: isCurrent))
            var row = HoursSummary.Week()
            row.label = localizer.text("hours_week_of", ["date": localizer.shortDay(date)])
            row.hours = localizer.hours(week.hours)
            row.current = isCurrent
            rows.append(row)
        }
        let first = weeks.first.map { localizer.shortDay($0.start.start(in: timeZone)) } ?? ""
        let pace = client.retainer.map { $0.hoursPerMonth * 12 / 52 }
        let chart = HoursChart(weeks: bars,
                               label: localizer.text("hours_chart_label", ["total": localizer.hours(total), "from": first]),
                               pace: pace,
                               paceLabel: pace.map { localizer.text("hours_pace", ["hours": localizer.hours(($0 * 10).rounded() / 10)]) } ?? "",
                               currentLabel: localizer.text("hours_this_week"))
        return (chart.svg(), rows, localizer.hours(total))
    }

    /// `billing/time.csv`: date, project, task, person's name, hours and note of every billable
    /// entry the portal shows. Not written for encrypted portals (a download cannot be decrypted).
    func buildTimeExport() {
        guard hasBilling, !isEncrypted else { return }
        var csv = CSVFile()
        csv.append(["csv_date", "csv_project", "csv_task", "csv_person", "csv_hours", "csv_note"].map { localizer.text($0) })
        for item in billableEntries {
            csv.append([item.day.description, item.project.title, item.ticket.title, person(item.entry.by).name,
                        Self.decimal(item.entry.hours), item.entry.note ?? ""])
        }
        documents.append((Self.timeExportPath, csv.bytes))
    }

    /// Hours as a plain decimal for machines: `1.5`, `0.25`, `2`.
    static func decimal(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

extension CalendarDay {
    func adding(days: Int) -> CalendarDay {
        let utc = TimeZone(identifier: "UTC")!
        return CalendarDay(start(in: utc).addingTimeInterval(Double(days) * 86_400), in: utc)
    }
}
