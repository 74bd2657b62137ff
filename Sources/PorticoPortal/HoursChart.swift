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
        var out = "<svg class=\"hours-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(SVGText.escape(label))\" xmlns=\"http://www.w3.org/2000/svg\">"
        out += "<title>\(SVGText.escape(label))</title>"
        out += "<line class=\"hours-chart__axis\" x1=\"\(SVGText.number(left))\" y1=\"\(SVGText.number(y(0)))\" x2=\"\(SVGText.number(width - right))\" y2=\"\(SVGText.number(y(0)))\"/>"
        for (index, week) in weeks.enumerated() {
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            let barTop = y(week.hours)
            let center = x + barWidth / 2
            out += "<g class=\"hours-week\(week.isCurrent ? " hours-week--current" : "")\">"
            out += "<title>\(SVGText.escape(week.title))</title>"
            if week.hours > 0 {
                out += "<rect class=\"hours-bar\" x=\"\(SVGText.number(x))\" y=\"\(SVGText.number(barTop))\" width=\"\(SVGText.number(barWidth))\" height=\"\(SVGText.number(y(0) - barTop))\" rx=\"3\"/>"
            }
            out += "<text class=\"hours-value\" x=\"\(SVGText.number(center))\" y=\"\(SVGText.number(barTop - 6))\" text-anchor=\"middle\">\(SVGText.escape(week.value))</text>"
            out += "<text class=\"hours-label\" x=\"\(SVGText.number(center))\" y=\"\(SVGText.number(height - bottom + 18))\" text-anchor=\"middle\">\(SVGText.escape(week.label))</text>"
            if week.isCurrent {
                out += "<text class=\"hours-label hours-label--current\" x=\"\(SVGText.number(center))\" y=\"\(SVGText.number(height - bottom + 34))\" text-anchor=\"middle\">\(SVGText.escape(currentLabel))</text>"
            }
            out += "</g>"
        }
        if let pace, pace > 0 {
            // The line across the bars, and its legend above them, so no label covers a bar.
            let paceY = y(pace)
            let legendY = 16.0
            let estimatedText = Double(paceLabel.count) * 6.6
            let sampleEnd = width - right - estimatedText - 8
            out += "<g class=\"hours-pace\"><title>\(SVGText.escape(paceLabel))</title>"
            out += "<line class=\"hours-pace__line\" x1=\"\(SVGText.number(left))\" y1=\"\(SVGText.number(paceY))\" x2=\"\(SVGText.number(width - right))\" y2=\"\(SVGText.number(paceY))\"/>"
            out += "<line class=\"hours-pace__line\" x1=\"\(SVGText.number(sampleEnd - 28))\" y1=\"\(SVGText.number(legendY - 4))\" x2=\"\(SVGText.number(sampleEnd))\" y2=\"\(SVGText.number(legendY - 4))\"/>"
            out += "<text class=\"hours-pace__label\" x=\"\(SVGText.number(width - right))\" y=\"\(SVGText.number(legendY))\" text-anchor=\"end\">\(SVGText.escape(paceLabel))</text>"
            out += "</g>"
        }
        out += "</svg>"
        return out
    }

    /// The top of the scale: the highest bar (or pace) with headroom for its label, at least 1 h.
    static func scaleTop(_ value: Double) -> Double {
        max(1, value * 1.15)
    }
}
