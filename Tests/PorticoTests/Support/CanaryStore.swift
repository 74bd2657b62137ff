import Foundation

/// A store with a distinct marker string in every private place store.md names, and a public
/// twin beside each, for two clients. Leak tests assert no private marker (and nothing of the
/// other client) appears in any output byte or file name, while every public twin does.
enum CanaryStore {
    /// Markers that must never appear in any output.
    static let privateMarkers = [
        "CANARY-PRIV-TICKET", "CANARY-PRIV-TICKET-BODY", "CANARY-PRIV-MILESTONE", "CANARY-PRIV-MILESTONE-BODY",
        "CANARY-PRIV-DISCUSSION", "CANARY-PRIV-DISCUSSION-BODY", "CANARY-PRIV-DISCUSSION-REPLY",
        "CANARY-PRIV-GUIDE", "CANARY-PRIV-CLIENT-GUIDE", "CANARY-PRIV-PROJECT", "CANARY-PRIV-PROJECT-SUMMARY",
        "CANARY-PRIV-PROJECT-TICKET", "CANARY-INTERNAL-COMMENT", "CANARY-FILE-PRIV-TICKET", "canary-privticket-file",
        "CANARY-FILE-INTERNAL-COMMENT", "canary-internal-file", "CANARY-FILE-PRIV-DISCUSSION", "canary-privdiscussion-file",
        "CANARY-FILE-PRIV-PROJECT", "canary-privproject-file", "CANARY-FILE-PRIV-ATTACHMENT", "canary-privattach-file",
        "CANARY-PRIV-ATTACHMENT-TITLE", "CANARY-NONBILLABLE-NOTE", "CANARY-PRIVTICKET-TIME-NOTE", "CANARY-CLIENT-NOTES",
        "canary-email@internal.example", "987.65", "987,65", "CANARY-DRAFT-INVOICE", "CANARY-PRIVATE-INVOICE",
        "CANARY-PRIV-COMMENT-ATTACH-TITLE", "canary-unreferenced-file", "CANARY-FILE-UNREFERENCED",
    ]

    /// Markers that must appear in client A's portal (the public twins).
    static let publicMarkers = [
        "PUBLIC-TICKET-TWIN", "PUBLIC-TICKET-BODY-TWIN", "PUBLIC-MILESTONE-TWIN", "PUBLIC-DISCUSSION-TWIN",
        "PUBLIC-DISCUSSION-REPLY-TWIN", "PUBLIC-GUIDE-TWIN", "PUBLIC-CLIENT-GUIDE-TWIN", "PUBLIC-PROJECT-TWIN",
        "PUBLIC-COMMENT-TWIN", "PUBLIC-FILE-TWIN", "public-twin-file", "PUBLIC-ATTACHMENT-TITLE-TWIN",
        "Maja Novak", "Lead assistant", "PUBLIC-INVOICE-TWIN",
    ]

    /// Client B's markers: they may appear only in B's portal.
    static let otherClientMarkers = ["OTHER-CLIENT-NAME", "OTHER-CLIENT-TICKET", "OTHER-CLIENT-FILE", "other-client-file"]

    static var files: [String: String] {
        let a = "clients/acme"
        let web = "\(a)/projects/web"
        return [
            "portico.json": SampleStores.settings,
            "team.json": """
            { "people": [ { "id": "maja", "name": "Maja Novak", "role": "Lead assistant",
                            "email": "canary-email@internal.example", "hourlyCost": 987.65 } ] }
            """,
            "guides/public-guide.md": "---\ntitle: PUBLIC-GUIDE-TWIN\norder: 1\n---\nHow we work.\n",
            "guides/private-guide.md": "---\ntitle: CANARY-PRIV-GUIDE\nprivate: true\n---\nCANARY-PRIV-GUIDE body\n",
            "\(a)/client.json": SampleStores.client("Acme Bakery", extra: """
            , "notes": "CANARY-CLIENT-NOTES", "retainer": { "hoursPerMonth": 20, "rate": 45 }
            """),
            "\(a)/guides/client-guide.md": "---\ntitle: PUBLIC-CLIENT-GUIDE-TWIN\n---\nFor Acme.\n",
            "\(a)/guides/client-private.md": "---\ntitle: CANARY-PRIV-CLIENT-GUIDE\nprivate: true\n---\nx\n",
            "\(web)/project.json": #"{ "title": "PUBLIC-PROJECT-TWIN", "status": "active" }"#,
            "\(web)/milestones/launch.md": "---\ntitle: PUBLIC-MILESTONE-TWIN\ndue: 2026-12-01\n---\nPublic milestone.\n",
            "\(web)/milestones/secret.md": "---\ntitle: CANARY-PRIV-MILESTONE\ndue: 2026-12-05\nprivate: true\n---\nCANARY-PRIV-MILESTONE-BODY\n",
            "\(web)/tickets/public/index.md": """
            ---
            title: PUBLIC-TICKET-TWIN
            milestone: launch
            status: review
            created: 2026-11-01
            assignees: [maja]
            time:
              - { date: 2026-11-10, hours: 1.5, by: maja, note: "first draft" }
              - { date: 2026-11-11, hours: 0.5, by: maja, billable: false, note: "CANARY-NONBILLABLE-NOTE" }
            attachments:
              - public-twin-file.txt
              - { file: canary-privattach-file.txt, title: "CANARY-PRIV-ATTACHMENT-TITLE", private: true }
            ---
            PUBLIC-TICKET-BODY-TWIN, see [the brief](public-twin-file.txt).
            """,
            "\(web)/tickets/public/public-twin-file.txt": "PUBLIC-FILE-TWIN",
            "\(web)/tickets/public/canary-privattach-file.txt": "CANARY-FILE-PRIV-ATTACHMENT",
            "\(web)/tickets/public/canary-unreferenced-file.txt": "CANARY-FILE-UNREFERENCED",
            "\(web)/tickets/public/2026-11-02-0900-maja.md": "---\nauthor: maja\ndate: 2026-11-02T09:00:00Z\nattachments: [{ file: public-comment-file.txt, title: PUBLIC-ATTACHMENT-TITLE-TWIN }]\n---\nPUBLIC-COMMENT-TWIN\n",
            "\(web)/tickets/public/public-comment-file.txt": "comment file",
            "\(web)/tickets/public/2026-11-03-0900-maja.md": "---\nauthor: maja\ndate: 2026-11-03T09:00:00Z\nprivate: true\nattachments: [{ file: canary-internal-file.txt, title: CANARY-PRIV-COMMENT-ATTACH-TITLE }]\n---\nCANARY-INTERNAL-COMMENT\n",
            "\(web)/tickets/public/canary-internal-file.txt": "CANARY-FILE-INTERNAL-COMMENT",
            "\(web)/tickets/hidden/index.md": """
            ---
            title: CANARY-PRIV-TICKET
            milestone: secret
            status: done
            created: 2026-11-04
            due: 2026-11-28
            completed: 2026-11-12
            private: true
            time:
              - { date: 2026-11-10, hours: 2, by: maja, note: "CANARY-PRIVTICKET-TIME-NOTE" }
            attachments: [canary-privticket-file.txt]
            ---
            CANARY-PRIV-TICKET-BODY
            """,
            "\(web)/tickets/hidden/canary-privticket-file.txt": "CANARY-FILE-PRIV-TICKET",
            "\(web)/discussions/open/index.md": "---\ntitle: PUBLIC-DISCUSSION-TWIN\nauthor: maja\ndate: 2026-11-01T10:00:00Z\n---\nHello.\n",
            "\(web)/discussions/open/2026-11-02-1000-client.md": "---\nauthor: \"client:Jane Roe\"\ndate: 2026-11-02T10:00:00Z\n---\nPUBLIC-DISCUSSION-REPLY-TWIN\n",
            "\(web)/discussions/closed/index.md": "---\ntitle: CANARY-PRIV-DISCUSSION\nauthor: maja\ndate: 2026-11-01T10:00:00Z\nprivate: true\nattachments: [canary-privdiscussion-file.txt]\n---\nCANARY-PRIV-DISCUSSION-BODY\n",
            "\(web)/discussions/closed/canary-privdiscussion-file.txt": "CANARY-FILE-PRIV-DISCUSSION",
            "\(web)/discussions/closed/2026-11-02-1000-maja.md": "---\nauthor: maja\ndate: 2026-11-02T10:00:00Z\n---\nCANARY-PRIV-DISCUSSION-REPLY\n",
            "\(a)/projects/internal/project.json": #"{ "title": "CANARY-PRIV-PROJECT", "status": "active", "summary": "CANARY-PRIV-PROJECT-SUMMARY", "private": true }"#,
            "\(a)/projects/internal/tickets/review/index.md": "---\ntitle: CANARY-PRIV-PROJECT-TICKET\ncreated: 2026-11-04\ndue: 2026-12-02\nattachments: [canary-privproject-file.txt]\n---\n",
            "\(a)/projects/internal/tickets/review/canary-privproject-file.txt": "CANARY-FILE-PRIV-PROJECT",
            "\(a)/invoices/2026-001.json": """
            { "number": "2026-001", "issued": "2026-11-01", "due": "2026-11-15", "currency": "AUD", "status": "sent",
              "lines": [ { "text": "PUBLIC-INVOICE-TWIN", "quantity": 10, "unit": "h", "price": 45 } ], "taxRate": 0.1 }
            """,
            "\(a)/invoices/2026-002.json": """
            { "number": "2026-002", "issued": "2026-11-01", "currency": "AUD", "status": "draft",
              "lines": [ { "text": "CANARY-DRAFT-INVOICE", "quantity": 1, "price": 1 } ] }
            """,
            "\(a)/invoices/2026-003.json": """
            { "number": "2026-003", "issued": "2026-11-01", "currency": "AUD", "status": "sent", "private": true,
              "lines": [ { "text": "CANARY-PRIVATE-INVOICE", "quantity": 1, "price": 1 } ] }
            """,
            "clients/other/client.json": SampleStores.client("OTHER-CLIENT-NAME"),
            "clients/other/projects/p/project.json": #"{ "title": "Other project" }"#,
            "clients/other/projects/p/tickets/t/index.md": "---\ntitle: OTHER-CLIENT-TICKET\nattachments: [other-client-file.txt]\n---\n",
            "clients/other/projects/p/tickets/t/other-client-file.txt": "OTHER-CLIENT-FILE",
        ]
    }
}
