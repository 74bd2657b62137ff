/// Small stores used across tests.
enum SampleStores {
    static let settings = """
    { "agency": { "name": "Test Agency", "email": "hello@agency.example", "url": "https://agency.example" },
      "baseURL": "https://portal.agency.example/", "timezone": "Europe/London", "locale": "en-GB",
      "shareSecretEnv": "PORTICO_TEST_SECRET" }
    """

    static let team = """
    { "people": [ { "id": "maja", "name": "Maja Novak", "role": "Lead assistant", "email": "maja@agency.example", "hourlyCost": 18 } ] }
    """

    static func client(_ name: String, extra: String = "") -> String {
        """
        { "name": "\(name)", "contacts": [ { "name": "Jane Roe", "email": "jane@client.example" } ],
          "timezone": "Australia/Sydney", "locale": "en-AU", "currency": "AUD"\(extra) }
        """
    }

    /// One client, one project, one milestone and one ticket: the smallest complete store.
    static var minimal: [String: String] {
        [
            "portico.json": settings,
            "team.json": team,
            "clients/acme/client.json": client("Acme Bakery"),
            "clients/acme/projects/web/project.json": #"{ "title": "Website", "status": "active" }"#,
            "clients/acme/projects/web/milestones/launch.md": "---\ntitle: Launch\ndue: 2026-12-01\n---\nGo live.\n",
            "clients/acme/projects/web/tickets/copy.md": "---\ntitle: Write homepage copy\nmilestone: launch\nstatus: waiting-on-client\n---\nPlease send the brief.\n",
        ]
    }
}
