import Foundation
import PorticoStore

/// `--members "name=teamId"` values: who in another tool is who in the store. A value may be a
/// team id or, for a Trello comment author, `client:<contact name>`.
struct MemberMapping {
    enum Target: Equatable {
        case team(String)
        case client(String)

        var authorText: String {
            switch self {
            case let .team(id): return id
            case let .client(name): return "client:" + name
            }
        }
    }

    /// Lowercased key (a user name, full name, email or tool id) → who it is.
    private(set) var entries: [String: Target] = [:]

    /// Parses and checks the values against team.json and the client's contacts.
    init(_ values: [String], context: StoreContext, allowClients: Bool) throws(ImportFailure) {
        var problems: [String] = []
        let team = context.store.team.map(\.id)
        let contacts = context.client.contacts.map(\.name)
        for value in values {
            guard let equals = value.lastIndex(of: "=") else {
                problems.append("--members '\(value)' should be NAME=TEAM-ID (put the file argument before the options)")
                continue
            }
            let key = value[..<equals].trimmingCharacters(in: .whitespaces)
            let target = value[value.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                problems.append("--members '\(value)' names nobody before '='")
                continue
            }
            if target.hasPrefix("client:") {
                let name = String(target.dropFirst("client:".count)).trimmingCharacters(in: .whitespaces)
                guard allowClients else {
                    problems.append("--members '\(value)': time can only be logged by team members, not by a client contact")
                    continue
                }
                guard contacts.contains(name) else {
                    var message = "--members '\(value)': '\(name)' is not a contact of \(context.client.name)"
                    if let guess = StoreContext.suggestion(name, among: contacts) { message += " (did you mean 'client:\(guess)'?)" }
                    message += contacts.isEmpty ? "" : "; contacts: \(contacts.joined(separator: ", "))"
                    problems.append(message)
                    continue
                }
                entries[key.lowercased()] = .client(name)
            } else {
                guard team.contains(target) else {
                    var message = "--members '\(value)': '\(target)' is not in team.json"
                    if let guess = StoreContext.suggestion(target, among: team) { message += " (did you mean '\(guess)'?)" }
                    message += "; team: \(team.joined(separator: ", "))"
                    problems.append(message)
                    continue
                }
                entries[key.lowercased()] = .team(target)
            }
        }
        if !problems.isEmpty { throw ImportFailure(problems) }
    }

    /// The first of `keys` (id, user name, full name, email) that was mapped.
    func target(for keys: [String?]) -> Target? {
        for key in keys {
            if let key = key?.trimmingCharacters(in: .whitespaces).lowercased(), !key.isEmpty, let target = entries[key] {
                return target
            }
        }
        return nil
    }
}
