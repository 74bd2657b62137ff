import Foundation

/// How Trello lists become ticket statuses: `--list-status "List name=status"` first, then the
/// list names agencies commonly use. `skip` leaves a list's cards out of the import.
struct StatusMapping {
    static let statuses = ["open", "in-progress", "waiting-on-client", "review", "done"]
    static let skip = "skip"

    private static let defaults: [String: String] = {
        var table: [String: String] = [:]
        let groups: [(String, [String])] = [
            ("open", ["to do", "todo", "to-do", "to dos", "todos", "backlog", "open", "new", "inbox", "requests",
                      "new requests", "up next", "next", "next up", "planned", "not started", "ready"]),
            ("in-progress", ["doing", "in progress", "in-progress", "inprogress", "working on", "working on it",
                             "started", "ongoing", "current", "this week", "today", "wip", "work in progress"]),
            ("waiting-on-client", ["waiting", "waiting on client", "waiting for client", "waiting-on-client",
                                   "waiting on the client", "waiting for the client", "waiting for feedback",
                                   "waiting on feedback", "awaiting client", "awaiting feedback", "needs client input",
                                   "client input needed", "with client", "client to do", "client action needed"]),
            ("review", ["review", "in review", "for review", "to review", "needs review", "ready for review",
                        "review approval", "approval", "qa", "checking", "to check"]),
            ("done", ["done", "complete", "completed", "finished", "closed", "shipped", "delivered", "sent", "archive done"]),
        ]
        for (status, names) in groups { for name in names { table[name] = status } }
        return table
    }()

    /// `List name` → status or `skip`, from the command line (names compared loosely).
    var explicit: [String: String] = [:]

    /// Parses `"List name=status"` values; errors name the bad value.
    init(_ values: [String]) throws(ImportFailure) {
        for value in values {
            guard let equals = value.lastIndex(of: "=") else {
                throw ImportFailure("--list-status '\(value)' should be \"List name=status\"")
            }
            let name = Self.normalized(String(value[..<equals]))
            let status = value[value.index(after: equals)...].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty else { throw ImportFailure("--list-status '\(value)' names no list") }
            guard Self.statuses.contains(status) || status == Self.skip else {
                throw ImportFailure("--list-status '\(value)': '\(status)' is not a status; use one of \((Self.statuses + [Self.skip]).joined(separator: ", "))")
            }
            explicit[name] = status
        }
    }

    /// The status for a list and how it was found; nil when the list is not mapped.
    func status(for listName: String) -> (status: String, how: String)? {
        let name = Self.normalized(listName)
        if let status = explicit[name] { return (status, "--list-status") }
        if let status = Self.defaults[name] { return (status, "by name") }
        return nil
    }

    /// Lowercase letters, digits and single spaces: "✅ Done!" and "done" are one name.
    static func normalized(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        var words: [String] = []
        var word = ""
        for character in folded {
            if character.isLetter || character.isNumber || character == "-" {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }
}
