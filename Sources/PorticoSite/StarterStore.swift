import Foundation

/// The small store `portico init` writes: one client, one project, a milestone, two tickets
/// (one private), a guide. Every file is valid, so `portico build` works straight away.
public enum StarterStore {
    static let files: [(String, String)] = [
        ("portico.json", """
        {
          "agency": { "name": "My Agency", "email": "hello@example.com", "url": "https://example.com" },
          "baseURL": "https://portal.example.com/",
          "timezone": "Europe/London",
          "locale": "en-GB",
          "shareSecretEnv": "PORTICO_SECRET"
        }

        """),
        ("team.json", """
        { "people": [ { "id": "alex", "name": "Alex Smith", "role": "Virtual assistant", "email": "alex@example.com" } ] }

        """),
        ("guides/how-to-send-requests.md", """
        ---
        title: How to send us a request
        order: 1
        ---
        Email your request with one task per message, the deadline, and any files it needs.

        """),
        ("clients/first-client/client.json", """
        {
          "name": "First Client Ltd",
          "contacts": [ { "name": "Sam Client", "email": "sam@client.example" } ],
          "timezone": "Europe/London", "locale": "en-GB", "currency": "GBP",
          "portal": { "access": "link", "linkVersion": 1 },
          "retainer": { "hoursPerMonth": 10, "rate": 40 },
          "onboarding": [ { "step": "Kick-off call", "done": null } ],
          "communication": { "channels": ["Email"], "responseTime": "within one business day", "checkIn": "Mondays 10:00" },
          "notes": "Internal notes about this client never reach the portal."
        }

        """),
        ("clients/first-client/projects/onboarding/project.json", """
        { "title": "Getting started", "status": "active", "summary": "Everything we set up in the first month." }

        """),
        ("clients/first-client/projects/onboarding/milestones/set-up.md", """
        ---
        title: Set-up complete
        due: 2030-01-31
        ---
        Accounts shared, inbox rules in place, first weekly report sent.

        """),
        ("clients/first-client/projects/onboarding/tickets/share-access.md", """
        ---
        title: Share access to your inbox
        milestone: set-up
        status: waiting-on-client
        priority: high
        assignees: [alex]
        ---
        Please add alex@example.com as a delegate on your mailbox.

        """),
        ("clients/first-client/projects/onboarding/tickets/internal-estimate.md", """
        ---
        title: Estimate the monthly workload
        milestone: set-up
        status: open
        private: true
        ---
        A private ticket: the team sees it, the client never does.

        """),
    ]

    public enum InitError: Error, CustomStringConvertible {
        case notEmpty(String)
        case write(String)
        public var description: String {
            switch self {
            case let .notEmpty(path): return "\(path) already exists and is not empty; choose a new folder"
            case let .write(message): return message
            }
        }
    }

    /// Writes the starter store into `directory`, which must not exist or be empty.
    public static func write(to directory: String) throws(InitError) {
        let manager = FileManager.default
        if let contents = try? manager.contentsOfDirectory(atPath: directory), !contents.isEmpty {
            throw .notEmpty(directory)
        }
        do {
            for (path, text) in files {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
        } catch {
            throw .write("cannot write the starter store: \(error.localizedDescription)")
        }
    }
}
