/// Billable hours per week as inline SVG, drawn at build time. Every bar carries its number as
/// text and its week as a label, the current week is marked in words, and the retainer's
/// weekly pace is a dashed line with its own label, so nothing depends on colour. Colours come
/// from the stylesheet's classes (no inline style: the portals' CSP forbids it).
struct HoursChart {
    struct Week {
        /// "16 Nov": the week's first day, short.
        var label: String
        /// "Week of 16 November 2026: 5.5 h", the bar's tooltip and accessible text.
        var title: String
        var hours: Double
        /// The number shown above the bar ("5.5").
        var value: String
        var isCurrent: Bool
    }

    var weeks: [Week]
    /// The accessible name of the whole chart (a sentence with the total).
    var label: String
    /// Retainer hours per week, when there is a retainer, and its label ("Retainer pace: 4.6 h a week").
    var pace: Double?
    var paceLabel: String
    var currentLabel: String

    private let width = 720.0
    private let height = 260.0
    private let left = 8.0
    private let right = 8.0
    /// Room above the bars for the pace legend and the value labels.
    private var top: Double { pace == nil ? 30 : 52 }
    private let bottom = 44.0

    func svg() -> String {
        guard !weeks.isEmpty else { return "" }
        let highest = max(weeks.map(\.hours).max() ?? 0, pace ?? 0)
        let scale = Self.scaleTop(highest)
        let plotHeight = height - top - bottom
        let slot = (width - left - right) / Double(weeks.count)
        let barWidth = slot * 0.62
        func y(_ hours: Double) -> Double { top + plotHeight - hours / scale * plotHeight }
        var out = "<svg class=\"hours-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(escape(label))</title>"
        out += "<line class=\"hours-chart__axis\" x1=\"\(fmt(left))\" y1=\"\(fmt(y(0)))\" x2=\"\(fmt(width - right))\" y2=\"\(fmt(y(0)))\"/>"
        for (index, week) in weeks.enumerated() {
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            let barTop = y(week.hours)
            let center = x + barWidth / 2
            out += "<g class=\"hours-week\(week.isCurrent ? " hours-week--current" : "")\">"
            out += "<title>\(escape(week.title))</title>"
            if week.hours > 0 {
                out += "<rect class=\"hours-bar\" x=\"\(fmt(x))\" y=\"\(fmt(barTop))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(y(0) - barTop))\" rx=\"3\"/>"
            }
            out += "<text class=\"hours-value\" x=\"\(fmt(center))\" y=\"\(fmt(barTop - 6))\" text-anchor=\"middle\">\(escape(week.value))</text>"
            out += "<text class=\"hours-label\" x=\"\(fmt(center))\" y=\"\(fmt(height - bottom + 18))\" text-anchor=\"middle\">\(escape(week.label))</text>"
            if week.isCurrent {
                out += "<text class=\"hours-label hours-label--current\" x=\"\(fmt(center))\" y=\"\(fmt(height - bottom + 34))\" text-anchor=\"middle\">\(escape(currentLabel))</text>"
            }
            out += "</g>"
        }
        if let pace, pace > 0 {
            // The line across the bars, and its legend above them, so no label covers a bar.
            let paceY = y(pace)
            let legendY = 16.0
            let estimatedText = Double(paceLabel.count) * 6.6
            let sampleEnd = width - right - estimatedText - 8
            out += "<g class=\"hours-pace\"><title>\(escape(paceLabel))</title>"
            out += "<line class=\"hours-pace__line\" x1=\"\(fmt(left))\" y1=\"\(fmt(paceY))\" x2=\"\(fmt(width - right))\" y2=\"\(fmt(paceY))\"/>"
            out += "<line class=\"hours-pace__line\" x1=\"\(fmt(sampleEnd - 28))\" y1=\"\(fmt(legendY - 4))\" x2=\"\(fmt(sampleEnd))\" y2=\"\(fmt(legendY - 4))\"/>"
            out += "<text class=\"hours-pace__label\" x=\"\(fmt(width - right))\" y=\"\(fmt(legendY))\" text-anchor=\"end\">\(escape(paceLabel))</text>"
            out += "</g>"
        }
        out += "</svg>"
        return out
    }

    /// The top of the scale: the highest bar (or pace) with headroom for its label, at least 1 h.
    static func scaleTop(_ value: Double) -> Double {
        max(1, value * 1.15)
    }

    private func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
