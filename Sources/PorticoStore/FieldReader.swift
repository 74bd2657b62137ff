import Foundation

/// Reads the fields of one JSON object or front matter block by name and type, reporting each
/// problem with its location. Every field the code asks for is remembered, so `finish()` can
/// reject any other field with a did-you-mean: unknown fields are errors, never ignored.
final class FieldReader {
    let node: SourceNode
    let log: DiagnosticLog
    /// What this object is called in messages ("ticket", "time entry").
    let what: String
    private let members: [(key: String, keyLocation: SourceLocation, value: SourceNode)]
    private var known: [String] = []

    /// Nil (after logging an error) when `node` is not an object.
    init?(_ node: SourceNode, what: String, log: DiagnosticLog) {
        guard case let .object(members) = node.value else {
            log.error(node.location, "expected \(what) to be an object with fields, found \(node.kindName)")
            return nil
        }
        self.node = node
        self.log = log
        self.what = what
        self.members = members
    }

    var location: SourceLocation { node.location }

    func has(_ key: String) -> Bool {
        remember(key)
        return members.contains { $0.key == key && !$0.value.isNull }
    }

    private func remember(_ key: String) {
        if !known.contains(key) { known.append(key) }
    }

    /// The node of `key`, or nil when absent or null; a missing required field is logged.
    func value(_ key: String, required: Bool = false) -> SourceNode? {
        remember(key)
        if let member = members.first(where: { $0.key == key }), !member.value.isNull { return member.value }
        if required { log.error(location, "\(what) is missing the required field '\(key)'") }
        return nil
    }

    func location(of key: String) -> SourceLocation {
        members.first { $0.key == key }?.value.location ?? location
    }

    private func mismatch(_ key: String, _ node: SourceNode, expected: String) {
        log.error(node.location, "'\(key)' should be \(expected), found \(node.kindName)")
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let node = value(key, required: required) else { return nil }
        switch node.value {
        case let .string(text): return text
        case let .number(number):
            // `version: 2` or `number: 2026` written without quotes is still meant as text.
            return number == number.rounded() ? String(Int(number)) : String(number)
        default:
            mismatch(key, node, expected: "text")
            return nil
        }
    }

    /// Text that must not be empty when present.
    func nonEmptyString(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        // Text starting with a visible ASCII character is not blank; only other text is trimmed.
        let visible = text.utf8.first.map { $0 > 0x20 && $0 < 0x7F } ?? false
        if !visible, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            log.error(location(of: key), "'\(key)' must not be empty")
            return nil
        }
        return text
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let node = value(key) else { return fallback }
        if case let .bool(flag) = node.value { return flag }
        mismatch(key, node, expected: "true or false")
        // A malformed visibility flag must fail closed: the build stops on the error above.
        return key == "private" ? true : fallback
    }

    func number(_ key: String, required: Bool = false, minimum: Double? = nil) -> Double? {
        guard let node = value(key, required: required) else { return nil }
        guard case let .number(number) = node.value else {
            mismatch(key, node, expected: "a number")
            return nil
        }
        if let minimum, number < minimum {
            log.error(node.location, "'\(key)' must be at least \(minimum.formatted())")
            return nil
        }
        return number
    }

    func int(_ key: String, required: Bool = false) -> Int? {
        guard let number = number(key, required: required) else { return nil }
        guard number == number.rounded(), abs(number) < 1e15 else {
            log.error(location(of: key), "'\(key)' should be a whole number")
            return nil
        }
        return Int(number)
    }

    func date(_ key: String, required: Bool = false) -> StoreDate? {
        guard let node = value(key, required: required) else { return nil }
        guard case let .string(text) = node.value else {
            mismatch(key, node, expected: "a date like 2026-03-20")
            return nil
        }
        switch StoreDate.parse(text) {
        case let .success(date): return date
        case let .failure(error):
            log.error(node.location, "'\(key)' is not a valid date ('\(text)'): \(error.reason)")
            return nil
        }
    }

    /// One of a fixed set of words, e.g. a status.
    func choice(_ key: String, from allowed: [String], default fallback: String? = nil, required: Bool = false) -> String? {
        guard let text = string(key, required: required && fallback == nil) else { return fallback }
        if allowed.contains(text) { return text }
        var message = "'\(key)' must be one of \(allowed.joined(separator: ", ")); found '\(text)'"
        if let guess = DidYouMean.suggestion(for: text, among: allowed) { message += " (did you mean '\(guess)'?)" }
        log.error(location(of: key), message)
        return nil
    }

    func array(_ key: String) -> [SourceNode] {
        guard let node = value(key) else { return [] }
        guard case let .array(items) = node.value else {
            mismatch(key, node, expected: "a list")
            return []
        }
        return items
    }

    func stringList(_ key: String) -> [String] {
        array(key).compactMap { item in
            if case let .string(text) = item.value { return text }
            log.error(item.location, "items of '\(key)' should be text, found \(item.kindName)")
            return nil
        }
    }

    func object(_ key: String, what: String, required: Bool = false) -> FieldReader? {
        guard let node = value(key, required: required) else { return nil }
        return FieldReader(node, what: what, log: log)
    }

    /// Reports every field that no reader asked for, with the closest known name.
    func finish() {
        for member in members where !known.contains(member.key) {
            var message = "unknown field '\(member.key)' in \(what)"
            if let guess = DidYouMean.suggestion(for: member.key, among: known) {
                message += "; did you mean '\(guess)'?"
            } else {
                message += "; known fields: \(known.sorted().joined(separator: ", "))"
            }
            log.error(member.keyLocation, message)
        }
    }
}
