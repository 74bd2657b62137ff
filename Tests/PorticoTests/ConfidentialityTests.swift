import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite

/// The one rule: no private item, and nothing of one client, reaches another audience.
@Suite struct ConfidentialityTests {
    @Test func noPrivateMarkerReachesAnyOutputByteOrFileName() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let outputs = TemporaryStore.contents(under: store.output)
        #expect(outputs.count > 10)
        for marker in CanaryStore.privateMarkers {
            for (path, data) in outputs {
                #expect(!path.contains(marker), "file name \(path) contains \(marker)")
                #expect(data.range(of: Data(marker.utf8)) == nil, "\(path) contains \(marker)")
            }
        }
    }

    @Test func everyPublicTwinIsPublished() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let result = try TestBuild.run(store)
        let acme = try #require(result.clients.first { $0.id == "acme" })
        let outputs = TemporaryStore.contents(under: store.output + "/" + acme.folder)
        let everything = outputs.values.reduce(Data(), +) + Data(outputs.keys.joined(separator: "\n").utf8)
        for marker in CanaryStore.publicMarkers {
            #expect(everything.range(of: Data(marker.utf8)) != nil, "public \(marker) missing from the portal")
        }
    }

    /// The generated non-page files exist in the canary build (so the scans above cover them)
    /// and carry the public twins, built from the same redacted model as the pages.
    @Test func feedCalendarExportAndSearchCarryThePublicTwinsOnly() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let result = try TestBuild.run(store)
        let acme = try #require(result.clients.first { $0.id == "acme" })
        func read(_ file: String) throws -> String {
            try String(contentsOfFile: store.output + "/" + acme.folder + "/" + file, encoding: .utf8)
        }
        let feed = try read("feed.xml"), calendar = try read("calendar.ics").replacingOccurrences(of: "\r\n ", with: "")
        let csv = try read("billing/time.csv"), search = try read("search.html")
        for marker in ["PUBLIC-TICKET-TWIN", "PUBLIC-COMMENT-TWIN", "PUBLIC-DISCUSSION-TWIN", "PUBLIC-DISCUSSION-REPLY-TWIN", "Maja Novak"] {
            #expect(feed.contains(marker), "feed.xml lacks \(marker)")
        }
        #expect(feed.contains("Invoice 2026-001"))
        #expect(calendar.contains("SUMMARY:Milestone due: PUBLIC-MILESTONE-TWIN"))
        #expect(csv.contains("PUBLIC-PROJECT-TWIN,PUBLIC-TICKET-TWIN,Maja Novak,1.5,first draft"))
        for marker in ["PUBLIC-TICKET-BODY-TWIN", "PUBLIC-GUIDE-TWIN", "PUBLIC-CLIENT-GUIDE-TWIN", "PUBLIC-INVOICE-TWIN",
                       "PUBLIC-DISCUSSION-REPLY-TWIN", "PUBLIC-ATTACHMENT-TITLE-TWIN", "PUBLIC-MILESTONE-TWIN"] {
            #expect(search.contains(marker), "search.html lacks \(marker)")
        }
        // What was hidden is not counted either: the private ticket's 2 hours and the non-billable 0.5.
        #expect(!csv.contains(",2,") && !csv.contains("0.5"))
        #expect(!calendar.contains("20261128") && !calendar.contains("20261205"), "private due dates")
        for text in [feed, calendar, csv, search] {
            for marker in CanaryStore.privateMarkers + CanaryStore.otherClientMarkers {
                #expect(!text.contains(marker), "\(marker)")
            }
        }
    }

    @Test func nothingOfOneClientAppearsInAnother() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let result = try TestBuild.run(store)
        let acme = try #require(result.clients.first { $0.id == "acme" })
        let other = try #require(result.clients.first { $0.id == "other" })
        for (path, data) in TemporaryStore.contents(under: store.output) where !path.hasPrefix(other.folder + "/") {
            for marker in CanaryStore.otherClientMarkers {
                #expect(!path.contains(marker) && data.range(of: Data(marker.utf8)) == nil, "\(path) has \(marker)")
            }
        }
        for (path, data) in TemporaryStore.contents(under: store.output) where !path.hasPrefix(acme.folder + "/") {
            // Shared guides and the team's public names are meant for every client.
            for marker in CanaryStore.publicMarkers where !["Maja Novak", "Lead assistant", "PUBLIC-GUIDE-TWIN"].contains(marker) {
                #expect(data.range(of: Data(marker.utf8)) == nil, "\(path) has acme's \(marker)")
            }
        }
        // The root page names no client.
        let index = try String(contentsOfFile: store.output + "/index.html", encoding: .utf8)
        #expect(!index.contains("acme") && !index.contains("Acme") && !index.contains("other") && !index.contains("OTHER"))
    }

    @Test func redactionRemovesEveryPrivateItemFromTheModel() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let (loaded, _) = try StoreSession.open(store.store)
        let client = try #require(loaded.clients.first { $0.id == "acme" })
        let redaction = Redaction(client: client, store: loaded)
        #expect(redaction.client.notes == nil)
        #expect(redaction.client.projects.map(\.id) == ["web"])
        let web = redaction.client.projects[0]
        #expect(web.milestones.map(\.id) == ["launch"])
        #expect(web.tickets.map(\.id) == ["public"])
        #expect(web.tickets[0].comments.map(\.id) == ["2026-11-02-0900-maja"])
        #expect(web.tickets[0].attachments.map(\.file) == ["public-twin-file.txt"])
        #expect(web.tickets[0].time.allSatisfy { $0.billable })
        #expect(web.discussions.map(\.id) == ["open"])
        #expect(redaction.client.invoices.map(\.number) == ["2026-001"])
        #expect(redaction.team.allSatisfy { member in member.email == nil && member.hourlyCost == nil })
        #expect(redaction.guides.map(\.id).sorted() == ["client-guide", "public-guide"])
        // Progress still counts the private ticket: 1 of 2 tickets done.
        #expect(redaction.progress["web"] == 0.5)
    }

    @Test func aPublicLinkToAPrivateFileFailsTheBuild() throws {
        var files = CanaryStore.files
        files["clients/acme/guides/client-guide.md"] = "---\ntitle: Guide\n---\nSee [this](../projects/web/tickets/hidden/canary-privticket-file.txt).\n"
        let store = try TemporaryStore(files)
        #expect {
            try TestBuild.run(store)
        } throws: { error in
            "\(error)".contains("belongs to a private item and cannot be linked from a visible one")
        }
        #expect(!FileManager.default.fileExists(atPath: store.output))
    }

    @Test func aLinkIntoAnotherClientsFolderFailsTheBuild() throws {
        var files = CanaryStore.files
        files["clients/acme/guides/client-guide.md"] = "---\ntitle: Guide\n---\n![x](../../other/projects/p/tickets/t/other-client-file.txt)\n"
        let store = try TemporaryStore(files)
        #expect {
            try TestBuild.run(store)
        } throws: { error in
            "\(error)".contains("outside this client's folder")
        }
    }

    @Test func aFileAttachedBothPubliclyAndPrivatelyIsAnError() throws {
        var files = CanaryStore.files
        files["clients/acme/projects/web/tickets/public/2026-11-02-0900-maja.md"] =
            "---\nauthor: maja\ndate: 2026-11-02T09:00:00Z\nattachments: [canary-internal-file.txt]\n---\nPUBLIC-COMMENT-TWIN\n"
        let store = try TemporaryStore(files)
        #expect {
            try TestBuild.run(store)
        } throws: { error in
            "\(error)".contains("'canary-internal-file.txt' is attached publicly here but is private at")
        }
    }

    @Test func aMistypedPrivateFlagStopsTheBuild() throws {
        var files = CanaryStore.files
        files["clients/acme/projects/web/tickets/typo.md"] = "---\ntitle: CANARY-TYPO\nprivte: true\n---\n"
        let store = try TemporaryStore(files)
        #expect(throws: BuildFailure.self) { try TestBuild.run(store) }
        #expect(!FileManager.default.fileExists(atPath: store.output))
    }

    @Test func renderingCannotSeeTheStoreModel() throws {
        // The rendering target must depend on the view types only.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let renderSources = TemporaryStore.files(under: root.appendingPathComponent("Sources/PorticoRender").path)
        #expect(!renderSources.isEmpty)
        for file in renderSources {
            let text = try String(contentsOfFile: root.appendingPathComponent("Sources/PorticoRender/" + file).path, encoding: .utf8)
            #expect(!text.contains("import PorticoStore") && !text.contains("import PorticoPortal"), "\(file)")
        }
        let manifest = try String(contentsOfFile: root.appendingPathComponent("Package.swift").path, encoding: .utf8)
        let render = try #require(manifest.range(of: #".target(name: "PorticoRender""#))
        let declaration = manifest[render.lowerBound...].prefix { $0 != ")" }
        #expect(!declaration.contains("PorticoStore") && !declaration.contains("PorticoPortal"))
    }
}
