import Foundation

/// Who wrote a comment or post: a team member by id, or a client contact by name.
public enum Author: Hashable, Sendable {
    case team(String)
    case client(String)

    public init(parsing text: String) {
        if text.hasPrefix("client:") {
            self = .client(String(text.dropFirst("client:".count)).trimmingCharacters(in: .whitespaces))
        } else {
            self = .team(text)
        }
    }
}
