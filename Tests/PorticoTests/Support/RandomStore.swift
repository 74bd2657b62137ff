import Foundation

/// A random store for property tests: a seeded shape of clients, projects, milestones, tickets,
/// comments, attachments, discussions, guides and invoices, each private or not at random, with
/// a unique marker in every text and file. Markers record whose they are and whether they may
/// be published, so a test can check every output byte against them.
struct RandomStore {
    struct Marker {
        var text: String
        var client: String?
        var visible: Bool
    }

    var files: [String: String] = [:]
    var markers: [Marker] = []
    var clients: [String] = []
    private var random: SplitMix
    private var counter = 0

    init(seed: UInt64) {
        random = SplitMix(seed: seed)
        files["portico.json"] = SampleStores.settings
        files["team.json"] = #"{ "people": [ { "id": "maja", "name": "Maja Novak", "role": "Lead", "email": "ZQINTERNALMAILZ@agency.example", "hourlyCost": 18 } ] }"#
        markers.append(Marker(text: "ZQINTERNALMAILZ", client: nil, visible: false))
        for index in 0..<random.int(in: 0...2) {
            let isPrivate = random.chance(0.3)
            let title = marker(client: nil, visible: !isPrivate)
            let body = marker(client: nil, visible: !isPrivate)
            files["guides/g\(index).md"] = "---\ntitle: \(title)\nprivate: \(isPrivate)\n---\n\(body)\n"
        }
        for clientIndex in 0..<random.int(in: 1...3) { addClient("c\(clientIndex)") }
    }

    /// A fresh marker like `QPUB0012Z`; never a substring of another.
    private mutating func marker(client: String?, visible: Bool) -> String {
        counter += 1
        let text = String(format: "Q%@%05dZ", visible ? "PUB" : "PRV", counter)
        markers.append(Marker(text: text, client: client, visible: visible))
        return text
    }

    private mutating func addClient(_ id: String) {
        clients.append(id)
        let base = "clients/\(id)"
        let name = marker(client: id, visible: true)
        let notes = marker(client: id, visible: false)
        files["\(base)/client.json"] = """
        { "name": "\(name)", "contacts": [ { "name": "Jane Roe" } ], "timezone": "Europe/Ljubljana", "locale": "sl-SI",
          "currency": "EUR", "notes": "\(notes)", "retainer": { "hoursPerMonth": 10 } }
        """
        for guideIndex in 0..<random.int(in: 0...2) {
            let isPrivate = random.chance(0.4)
            files["\(base)/guides/cg\(guideIndex).md"] = "---\ntitle: \(marker(client: id, visible: !isPrivate))\nprivate: \(isPrivate)\n---\n\(marker(client: id, visible: !isPrivate))\n"
        }
        for projectIndex in 0..<random.int(in: 1...3) { addProject("p\(projectIndex)", client: id) }
        for invoiceIndex in 0..<random.int(in: 0...2) {
            let status = ["draft", "sent", "paid", "overdue", "void"][random.int(in: 0...4)]
            let isPrivate = random.chance(0.25)
            let visible = !isPrivate && status != "draft"
            files["\(base)/invoices/i\(invoiceIndex).json"] = """
            { "number": "i\(invoiceIndex)", "issued": "2026-11-01", "currency": "EUR", "status": "\(status)", "private": \(isPrivate),
              "lines": [ { "text": "\(marker(client: id, visible: visible))", "quantity": 2, "price": 30 } ] }
            """
        }
    }

    private mutating func addProject(_ id: String, client: String) {
        let base = "clients/\(client)/projects/\(id)"
        let projectPrivate = random.chance(0.25)
        let visible = !projectPrivate
        files["\(base)/project.json"] = """
        { "title": "\(marker(client: client, visible: visible))", "summary": "\(marker(client: client, visible: visible))", "private": \(projectPrivate) }
        """
        var milestones: [String] = []
        for index in 0..<random.int(in: 0...3) {
            let isPrivate = random.chance(0.3)
            milestones.append("m\(index)")
            files["\(base)/milestones/m\(index).md"] = "---\ntitle: \(marker(client: client, visible: visible && !isPrivate))\ndue: 2026-12-0\(index + 1)\nprivate: \(isPrivate)\n---\n\(marker(client: client, visible: visible && !isPrivate))\n"
        }
        for index in 0..<random.int(in: 1...5) {
            addBundle("tickets/t\(index)", base: base, client: client, parentVisible: visible, milestones: milestones, isTicket: true)
        }
        for index in 0..<random.int(in: 0...2) {
            addBundle("discussions/d\(index)", base: base, client: client, parentVisible: visible, milestones: [], isTicket: false)
        }
    }

    private mutating func addBundle(_ path: String, base: String, client: String, parentVisible: Bool, milestones: [String], isTicket: Bool) {
        let isPrivate = random.chance(0.3)
        let visible = parentVisible && !isPrivate
        let folder = "\(base)/\(path)"
        var frontMatter = "title: \(marker(client: client, visible: visible))\nprivate: \(isPrivate)\n"
        if isTicket {
            let status = ["open", "in-progress", "waiting-on-client", "review", "done"][random.int(in: 0...4)]
            frontMatter += "status: \(status)\n"
            if !milestones.isEmpty, random.chance(0.7) { frontMatter += "milestone: \(milestones[random.int(in: 0...(milestones.count - 1))])\n" }
            frontMatter += "time:\n"
            for _ in 0..<random.int(in: 0...2) {
                let billable = random.chance(0.6)
                frontMatter += "  - { date: 2026-11-10, hours: 1, by: maja, billable: \(billable), note: \"\(marker(client: client, visible: visible && billable))\" }\n"
            }
        } else {
            frontMatter += "author: maja\ndate: 2026-11-01T10:00:00Z\n"
        }
        frontMatter += "attachments:\n"
        for index in 0..<random.int(in: 0...2) {
            let attachmentPrivate = random.chance(0.4)
            let shown = visible && !attachmentPrivate
            let fileName = marker(client: client, visible: shown).lowercased() + "-\(index).txt"
            files["\(folder)/\(fileName)"] = marker(client: client, visible: shown)
            frontMatter += "  - { file: \(fileName), title: \(marker(client: client, visible: shown)), private: \(attachmentPrivate) }\n"
        }
        files["\(folder)/index.md"] = "---\n\(frontMatter)---\n\(marker(client: client, visible: visible))\n"
        for index in 0..<random.int(in: 0...3) {
            let commentPrivate = random.chance(0.4)
            let shown = visible && !commentPrivate
            let fileName = marker(client: client, visible: shown).lowercased() + "-c.txt"
            files["\(folder)/\(fileName)"] = marker(client: client, visible: shown)
            files["\(folder)/2026-11-1\(index)-0900-maja.md"] = "---\nauthor: maja\ndate: 2026-11-1\(index)T09:00:00Z\nprivate: \(commentPrivate)\nattachments: [\(fileName)]\n---\n\(marker(client: client, visible: shown))\n"
        }
        // A file nobody references is never published.
        files["\(folder)/\(marker(client: client, visible: false).lowercased()).txt"] = marker(client: client, visible: false)
    }
}

/// A small seeded generator (SplitMix64), so a failing seed reproduces the same store.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() % 10_000) / 10_000 < probability
    }
}
