import Foundation
import PorticoStore

/// The milestone timeline as inline SVG, drawn at build time: one row per milestone from its
/// start (or two weeks before its due date) to its due date, filled by progress, with a line
/// for today. Colours come from the stylesheet's classes; every bar is labelled in text too.
struct TimelineChart {
    struct Item {
        var title: String
        var start: CalendarDay?
        var due: CalendarDay
        var percent: Int
        var stateKey: String
        var dueText: String
    }

    var items: [Item]
    var today: CalendarDay
    var label: String
    var todayLabel: String

    private let width = 800.0
    private let labelWidth = 240.0
    private let rowHeight = 34.0
    private let top = 26.0

    func svg() -> String {
        guard !items.isEmpty else { return "" }
        let starts = items.map { $0.start ?? day(offset: -14, from: $0.due) }
        let first = min(starts.min() ?? today, today)
        let last = max(items.map(\.due).max() ?? today, today)
        let span = Double(max(1, first.days(until: last)))
        let plot = width - labelWidth - 16
        func x(_ day: CalendarDay) -> Double { labelWidth + Double(first.days(until: day)) / span * plot }
        let height = top + Double(items.count) * rowHeight + 8
        var out = "<svg class=\"timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(SVGText.escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
        for (index, item) in items.enumerated() {
            let y = top + Double(index) * rowHeight
            let startX = x(starts[index]), endX = max(x(item.due), startX + 4)
            let filled = (endX - startX) * Double(item.percent) / 100
            out += "<g class=\"timeline-row timeline-row--\(SVGText.escape(item.stateKey))\">"
            out += "<title>\(SVGText.escape(item.title)): \(item.percent)% · \(SVGText.escape(item.dueText))</title>"
            out += "<text class=\"timeline-label\" x=\"0\" y=\"\(SVGText.number(y + 17))\">\(SVGText.escape(truncated(item.title)))</text>"
            out += "<rect class=\"timeline-track\" x=\"\(SVGText.number(startX))\" y=\"\(SVGText.number(y + 6))\" width=\"\(SVGText.number(endX - startX))\" height=\"16\" rx=\"4\"/>"
            if filled > 0 {
                out += "<rect class=\"timeline-fill\" x=\"\(SVGText.number(startX))\" y=\"\(SVGText.number(y + 6))\" width=\"\(SVGText.number(filled))\" height=\"16\" rx=\"4\"/>"
            }
            out += "<text class=\"timeline-percent\" x=\"\(SVGText.number(min(endX + 6, width - 40)))\" y=\"\(SVGText.number(y + 19))\">\(item.percent)%</text>"
            out += "</g>"
        }
        let todayX = x(today)
        out += "<line class=\"timeline-today\" x1=\"\(SVGText.number(todayX))\" y1=\"\(SVGText.number(top - 6))\" x2=\"\(SVGText.number(todayX))\" y2=\"\(SVGText.number(height - 4))\"/>"
        out += "<text class=\"timeline-today-label\" x=\"\(SVGText.number(todayX))\" y=\"14\" text-anchor=\"middle\">\(SVGText.escape(todayLabel))</text>"
        out += "</svg>"
        return out
    }

    private func day(offset: Int, from day: CalendarDay) -> CalendarDay {
        let utc = TimeZone(identifier: "UTC")!
        return CalendarDay(day.start(in: utc).addingTimeInterval(Double(offset) * 86_400), in: utc)
    }

    private func truncated(_ text: String) -> String {
        text.count > 30 ? String(text.prefix(29)) + "…" : text
    }
}
