import Foundation

/// Interface strings and formatting in one client's language, locale and time zone.
/// Formatters are made once per client: they are costly to create.
public final class Localizer: @unchecked Sendable {
    public let strings: [String: String]
    public let locale: Locale
    public let timeZone: TimeZone
    public let language: String
    private let dayFormatter: DateFormatter
    private let shortDayFormatter: DateFormatter
    private let dateTimeFormatter: DateFormatter
    private let timeFormatter: DateFormatter
    private let monthFormatter: DateFormatter
    private let dayMonthFormatter: DateFormatter
    private let weekdayFormatter: DateFormatter
    private let numberFormatter: NumberFormatter
    private var currencyFormatters: [String: NumberFormatter] = [:]
    private let lock = NSLock()

    /// `strings` is the client's language table already merged over English.
    public init(strings: [String: String], localeIdentifier: String, timeZone: TimeZone) {
        self.strings = strings
        let locale = Locale(identifier: localeIdentifier)
        self.locale = locale
        self.timeZone = timeZone
        self.language = String(localeIdentifier.split(separator: "-").first ?? "en").lowercased()
        func formatter(_ template: String) -> DateFormatter {
            let formatter = DateFormatter()
            formatter.locale = locale
            formatter.timeZone = timeZone
            formatter.calendar = Calendar(identifier: .gregorian)
            formatter.setLocalizedDateFormatFromTemplate(template)
            return formatter
        }
        dayFormatter = formatter("EEEdMMMMyyyy")
        shortDayFormatter = formatter("dMMMyyyy")
        dateTimeFormatter = formatter("EEEdMMMyyyyjmm")
        timeFormatter = formatter("jmm")
        monthFormatter = formatter("MMMMyyyy")
        dayMonthFormatter = formatter("dMMM")
        weekdayFormatter = DateFormatter()
        weekdayFormatter.locale = locale
        weekdayFormatter.timeZone = timeZone
        weekdayFormatter.dateFormat = "cccc"
        let numbers = NumberFormatter()
        numbers.locale = locale
        numbers.numberStyle = .decimal
        numbers.minimumFractionDigits = 0
        numbers.maximumFractionDigits = 2
        numberFormatter = numbers
    }

    /// The string for `key` with `{name}` placeholders filled; the key itself when missing
    /// (the theme loader already warned about missing strings).
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        var result = strings[key] ?? key
        for (name, value) in values {
            result = TextReplacement.replacing(result, "{\(name)}", with: value)
        }
        return result
    }

    /// A counted phrase using the language's plural rules (`key_one`, `key_two`, `key_few`, `key_other`).
    public func plural(_ key: String, count: Int) -> String {
        let form = PluralRule.form(for: count, language: language)
        let chosen = strings["\(key)_\(form)"] != nil ? "\(key)_\(form)" : "\(key)_other"
        return text(chosen, ["count": number(Double(count))])
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    public func day(_ date: Date) -> String { locked { dayFormatter.string(from: date) } }
    public func shortDay(_ date: Date) -> String { locked { shortDayFormatter.string(from: date) } }
    public func dateTime(_ date: Date) -> String { locked { dateTimeFormatter.string(from: date) } }
    public func time(_ date: Date) -> String { locked { timeFormatter.string(from: date) } }
    public func month(_ date: Date) -> String { locked { monthFormatter.string(from: date) } }
    /// Day and short month without the year ("16 Nov", "16. nov."), for chart labels.
    public func dayMonth(_ date: Date) -> String { locked { dayMonthFormatter.string(from: date) } }
    /// The weekday's stand-alone name ("Tuesday", "torek").
    public func weekday(_ date: Date) -> String { locked { weekdayFormatter.string(from: date) } }
    public func number(_ value: Double) -> String { locked { numberFormatter.string(from: NSNumber(value: value)) ?? String(value) } }

    public func money(_ amount: Double, currency: String) -> String {
        locked {
            let formatter: NumberFormatter
            if let cached = currencyFormatters[currency] {
                formatter = cached
            } else {
                formatter = NumberFormatter()
                formatter.locale = locale
                formatter.numberStyle = .currency
                formatter.currencyCode = currency
                currencyFormatters[currency] = formatter
            }
            return formatter.string(from: NSNumber(value: amount)) ?? "\(currency) \(amount)"
        }
    }

    public func percent(_ fraction: Double) -> String {
        locked {
            let formatter = NumberFormatter()
            formatter.locale = locale
            formatter.numberStyle = .percent
            formatter.maximumFractionDigits = 1
            return formatter.string(from: NSNumber(value: fraction)) ?? "\(fraction * 100)%"
        }
    }

    public func hours(_ value: Double) -> String { text("hours_value", ["hours": number(value)]) }

    /// The time zone's name in this locale, e.g. "Australian Eastern Time".
    public func zoneName(_ zone: TimeZone) -> String {
        zone.localizedName(for: .generic, locale: locale) ?? zone.identifier
    }
}

/// CLDR plural categories for the languages Portico ships (others fall back to one/other).
enum PluralRule {
    static func form(for count: Int, language: String) -> String {
        switch language {
        case "sl":
            switch count % 100 {
            case 1: return "one"
            case 2: return "two"
            case 3, 4: return "few"
            default: return "other"
            }
        default:
            return count == 1 ? "one" : "other"
        }
    }
}
