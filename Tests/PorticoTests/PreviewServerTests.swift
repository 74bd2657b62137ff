import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import PorticoServe
@testable import PorticoSite

/// `portico serve`: serves the output on loopback, rebuilds on change, shows store errors.
@Suite(.serialized) struct PreviewServerTests {
    static func fetch(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func eventually(_ timeout: Double = 120, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    @Test func servesRebuildsOnChangeAndShowsErrors() async throws {
        let store = try TemporaryStore(CanaryStore.files)
        let port = UInt16.random(in: 20_000...40_000)
        let options = BuildOptions(store: store.store, output: store.output, now: TestBuild.now, environment: [:])
        let server = PreviewServer(options: options, port: port)
        let task = Task { try await server.run { _ in } }
        defer { task.cancel() }
        let base = "http://127.0.0.1:\(port)"
        #expect(await Self.eventually { (try? await Self.fetch(base + "/acme/index.html"))?.0 == 200 })
        let (_, page) = try await Self.fetch(base + "/acme/projects/web/tickets/public.html")
        #expect(page.contains("PUBLIC-TICKET-TWIN"))
        #expect(page.contains("/_portico/reload.js"))
        let (_, version) = try await Self.fetch(base + "/_portico/version")

        // An edit is rebuilt and served.
        let ticket = CanaryStore.files["clients/acme/projects/web/tickets/public/index.md"]!
        try store.write("clients/acme/projects/web/tickets/public/index.md", ticket.replacingOccurrences(of: "PUBLIC-TICKET-TWIN", with: "RETITLED-TICKET"))
        #expect(await Self.eventually { (try? await Self.fetch(base + "/acme/projects/web/tickets/public.html"))?.1.contains("RETITLED-TICKET") == true })
        #expect(try await Self.fetch(base + "/_portico/version").1 != version)

        // A broken store shows its error, with the file and line, instead of stale pages.
        try store.write("clients/acme/projects/web/tickets/broken.md", "---\ntitle: Broken\nprivte: true\n---\n")
        #expect(await Self.eventually {
            guard let (status, body) = try? await Self.fetch(base + "/acme/index.html") else { return false }
            return status == 500 && body.contains("tickets/broken.md:3:1") && !body.contains("RETITLED-TICKET")
        })
        // Never outside the output folder.
        #expect(PreviewServer.file(for: "/../Content/portico.json", under: store.output) == nil)
        #expect(PreviewServer.file(for: "/%2e%2e/Content/portico.json", under: store.output) == nil)
        await server.stop()
    }
}
