import Foundation
import PorticoStore

/// The tool a time report comes from. Both write a "detailed" CSV with one row per time entry;
/// the columns differ in name and order, and follow the exporting user's date and time style.
public enum TimeTool: String, Sendable, CaseIterable {
    case toggl, clockify

    var displayName: String { self == .toggl ? "Toggl Track" : "Clockify" }

    /// Where the detailed CSV is exported from, for error messages.
    var exportHint: String {
        switch self {
        case .toggl: return "in Toggl Track: Reports → Detailed → Export → Download CSV"
        case .clockify: return "in Clockify: Reports → Detailed → Export → Save as CSV"
        }
    }
}

/// How to read dates like 03/04/2026: day first or month first. ISO dates need no choice.
public enum DateOrder: String, Sendable, CaseIterable {
    case ymd, dmy, mdy
}

/// One time entry row of a detailed report, as read.
struct TimeRow {
    var line: Int
    var user: String
    var email: String
    /// The client as the tool names it (may be empty).
    var client: String
    var description: String
    var tags: [String]
    var billable: Bool
    var date: CalendarDay
    /// Seconds worked.
    var seconds: Int

    var hours: Double { (Double(seconds) / 3600 * 100).rounded() / 100 }
}

/// A row that could not be read, kept to be reported.
struct RowProblem {
    var line: Int
    var message: String
}

struct TimeReport {
    var rows: [TimeRow] = []
    var problems: [RowProblem] = []
    var notes: [String] = []

    /// Column names of both tools (and their older or localized-by-unit variants), lowercased.
    private static let aliases: [Column: [String]] = [
        .user: ["user", "member", "username", "user name", "team member"],
        .email: ["email", "user email", "e-mail"],
        .description: ["description", "time entry", "note", "notes"],
        .tags: ["tags", "tag"],
        .billable: ["billable", "billable?", "is billable"],
        .startDate: ["start date", "date", "start day"],
        .startTime: ["start time"],
        .endDate: ["end date", "stop date"],
        .endTime: ["end time", "stop time"],
        .duration: ["duration", "duration (h)", "time (h)", "duration (hh:mm:ss)"],
        .decimal: ["duration (decimal)", "time (decimal)", "hours", "duration (hours)"],
        .project: ["project"],
        .client: ["client"],
    ]

    enum Column: CaseIterable {
        case user, email, description, tags, billable, startDate, startTime, endDate, endTime, duration, decimal, project, client
    }

    static func read(_ path: String, tool: TimeTool, dateOrder: DateOrder?) throws(ImportFailure) -> TimeReport {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportFailure("\(path): \(FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file")")
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            throw ImportFailure("\(path): not a text file")
        }
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.parse(text)
        } catch {
            throw ImportFailure("\(path):\(error.line): \(error.message)")
        }
        guard let header = records.first else {
            throw ImportFailure("\(path): the file is empty; export the detailed report as CSV (\(tool.exportHint))")
        }
        // Header → column index; the first column of a name wins.
        var index: [Column: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            let key = name.trimmingCharacters(in: .whitespaces).lowercased()
            for (column, names) in aliases where index[column] == nil {
                if names.contains(key) || (column == .decimal && key.hasPrefix("duration (decimal")) { index[column] = position }
            }
        }
        var missing: [String] = []
        if index[.startDate] == nil { missing.append(tool == .toggl ? "'Start date'" : "'Start Date'") }
        if index[.user] == nil && index[.email] == nil { missing.append("'User' or 'Email'") }
        if index[.duration] == nil && index[.decimal] == nil && (index[.startTime] == nil || index[.endTime] == nil) {
            missing.append(tool == .toggl ? "'Duration'" : "'Duration (h)'")
        }
        if index[.description] == nil && index[.tags] == nil { missing.append("'Description' or 'Tags'") }
        if !missing.isEmpty {
            throw ImportFailure("\(path):\(header.line): not a detailed \(tool.displayName) report: no \(missing.joined(separator: ", ")) column (the header is: \(header.fields.joined(separator: ","))). Export the detailed report as CSV (\(tool.exportHint))")
        }
        var report = TimeReport()
        let other: TimeTool = tool == .toggl ? .clockify : .toggl
        let lowered = Set(header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        if tool == .toggl, lowered.contains("duration (h)") || lowered.contains("duration (decimal)") {
            report.notes.append("\(path) looks like a \(other.displayName) export; reading it all the same")
        } else if tool == .clockify, lowered.contains("duration"), !lowered.contains("duration (h)") {
            report.notes.append("\(path) looks like a \(other.displayName) export; reading it all the same")
        }

        func field(_ record: CSVReader.Record, _ column: Column) -> String {
            guard let position = index[column], position < record.fields.count else { return "" }
            return record.fields[position].trimmingCharacters(in: .whitespacesAndNewlines)
        }

        // Date style: settled by the first day (or month) above 12, or by --date-order.
        let body = Array(records.dropFirst())
        var order = dateOrder
        if order == nil {
            var dayFirst = false, monthFirst = false, needsChoice = false
            var sample = ""
            for record in body {
                for column in [Column.startDate, .endDate] {
                    let text = field(record, column)
                    guard let parts = DateText.parts(text), parts.count == 3, parts[0].count <= 2 else { continue }
                    needsChoice = true
                    if sample.isEmpty { sample = text }
                    if let first = Int(parts[0]), first > 12 { dayFirst = true }
                    if let second = Int(parts[1]), second > 12 { monthFirst = true }
                }
            }
            if dayFirst && monthFirst {
                throw ImportFailure("\(path): the dates mix day-first and month-first styles; export again with one date format, or pass --date-order dmy or mdy")
            }
            if dayFirst { order = .dmy } else if monthFirst { order = .mdy } else if needsChoice {
                if sample.contains(".") {
                    order = .dmy
                } else {
                    throw ImportFailure("\(path): dates like '\(sample)' could be day-first or month-first and no date in the file settles it; pass --date-order dmy (10/03/2026 is 10 March) or --date-order mdy (03/10/2026 is 10 March)")
                }
            }
            if let order, needsChoice { report.notes.append("dates read as \(order == .dmy ? "day/month/year" : "month/day/year")") }
        }

        for record in body {
            // Clockify can end a report with a totals line; it is not an entry.
            if field(record, .startDate).isEmpty, record.fields.first?.trimmingCharacters(in: .whitespaces).lowercased() == "total" { continue }
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            do {
                report.rows.append(try row(record, field: { field(record, $0) }, has: { index[$0] != nil }, order: order))
            } catch {
                report.problems.append(RowProblem(line: record.line, message: error.message))
            }
        }
        return report
    }

    struct RowFailure: Error { var message: String }

    private static func row(_ record: CSVReader.Record, field: (Column) -> String, has: (Column) -> Bool,
                            order: DateOrder?) throws(RowFailure) -> TimeRow {
        let dateText = field(.startDate)
        guard let startDay = DateText.day(dateText, order: order) else {
            throw RowFailure(message: dateText.isEmpty ? "no start date" : "'\(dateText)' is not a date")
        }
        var seconds: Int?
        let durationText = field(.duration)
        if !durationText.isEmpty {
            guard let value = DateText.duration(durationText) else { throw RowFailure(message: "'\(durationText)' is not a duration") }
            seconds = value
        }
        if seconds == nil, !field(.decimal).isEmpty {
            let text = field(.decimal)
            guard let hours = Double(text.replacingOccurrences(of: ",", with: ".")), hours.isFinite else {
                throw RowFailure(message: "'\(text)' is not a number of hours")
            }
            seconds = Int((hours * 3600).rounded())
        }
        if seconds == nil {
            // No duration column value: from the start and end, across midnight if need be.
            let startText = field(.startTime), endText = field(.endTime)
            guard let start = DateText.secondsOfDay(startText), let end = DateText.secondsOfDay(endText) else {
                throw RowFailure(message: "no duration, and no start and end time to compute it from")
            }
            var endDay = startDay
            if !field(.endDate).isEmpty {
                guard let day = DateText.day(field(.endDate), order: order) else { throw RowFailure(message: "'\(field(.endDate))' is not a date") }
                endDay = day
            } else if end < start {
                endDay = CalendarDay(startDay.start(in: TimeZone(identifier: "UTC")!).addingTimeInterval(86_400), in: TimeZone(identifier: "UTC")!)
            }
            seconds = startDay.days(until: endDay) * 86_400 + end - start
        }
        guard let seconds, seconds > 0 else {
            throw RowFailure(message: "the entry has no duration (a running timer?)")
        }
        let billableText = field(.billable).lowercased()
        let billable: Bool
        switch billableText {
        case "", "yes", "y", "true", "1", "billable": billable = true
        case "no", "n", "false", "0", "non-billable", "not billable": billable = false
        default: throw RowFailure(message: "billable is '\(field(.billable))', not Yes or No")
        }
        let tags = field(.tags).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return TimeRow(line: record.line, user: field(.user), email: field(.email), client: field(.client), description: field(.description),
                       tags: tags, billable: billable, date: startDay, seconds: seconds)
    }
}

/// Dates, clock times and durations as the tools write them.
enum DateText {
    /// The three numeric parts of `2026-03-10`, `10/03/2026`, `03/10/2026` or `10.03.2026`.
    static func parts(_ text: String) -> [String]? {
        let core = text.split(separator: " ").first.map(String.init) ?? text // "10/03/2026 09:00" → date part
        let parts = core.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        return parts
    }

    static func day(_ text: String, order: DateOrder?) -> CalendarDay? {
        guard let parts = parts(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        let year: Int, month: Int, day: Int
        if parts[0].count == 4 {
            (year, month, day) = (numbers[0], numbers[1], numbers[2])
        } else {
            guard parts[2].count == 4 || parts[2].count == 2 else { return nil }
            let fullYear = parts[2].count == 2 ? 2000 + numbers[2] : numbers[2]
            switch order ?? .dmy {
            case .mdy: (year, month, day) = (fullYear, numbers[0], numbers[1])
            case .dmy, .ymd: (year, month, day) = (fullYear, numbers[1], numbers[0])
            }
        }
        let candidate = String(format: "%04d-%02d-%02d", year, month, day)
        guard case let .success(.day(valid)) = StoreDate.parse(candidate) else { return nil }
        return valid
    }

    /// `09:15:00`, `9:15`, `09:15:00 PM`, `9:15 am` → seconds since midnight.
    static func secondsOfDay(_ text: String) -> Int? {
        var core = text.trimmingCharacters(in: .whitespaces).lowercased()
        var offset = 0
        var twelveHour = false
        for (suffix, add) in [("am", 0), ("pm", 12 * 3600), ("a.m.", 0), ("p.m.", 12 * 3600)] where core.hasSuffix(suffix) {
            core = String(core.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            offset = add
            twelveHour = true
            break
        }
        let parts = core.split(separator: ":").map { Int($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        var hour = parts[0]!
        let minute = parts[1]!, second = parts.count == 3 ? parts[2]! : 0
        guard minute < 60, second < 61 else { return nil }
        if twelveHour {
            guard (1...12).contains(hour) else { return nil }
            if hour == 12 { hour = 0 }
        } else {
            guard hour < 24 else { return nil }
        }
        return (hour * 3600 + offset) + minute * 60 + second
    }

    /// `01:30:00`, `1:30:00`, `125:00:00`, `1:30` → seconds; a bare decimal is hours.
    static func duration(_ text: String) -> Int? {
        let core = text.trimmingCharacters(in: .whitespaces)
        if core.contains(":") {
            let parts = core.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
            let hours = parts[0]!, minutes = parts[1]!, seconds = parts.count == 3 ? parts[2]! : 0
            guard minutes < 60, seconds < 60 else { return nil }
            return hours * 3600 + minutes * 60 + seconds
        }
        guard let hours = Double(core.replacingOccurrences(of: ",", with: ".")), hours.isFinite, hours >= 0 else { return nil }
        return Int((hours * 3600).rounded())
    }
}
