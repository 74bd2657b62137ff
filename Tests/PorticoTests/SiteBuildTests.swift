import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite

@Suite struct SiteBuildTests {
    static let acme = SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)

    @Test func writesExactlyTheExpectedFiles() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let files = TemporaryStore.files(under: store.output).filter { !$0.hasPrefix("assets/") }
        let other = SharePath.folder(clientID: "other", linkVersion: 1, secret: TestBuild.secret)
        let expected = [
            ".portico-output", "_headers", "index.html", "robots.txt",
            "\(Self.acme)/.portico-portal", "\(other)/.portico-portal",
            "\(Self.acme)/billing/2026-001.html", "\(Self.acme)/billing/index.html", "\(Self.acme)/billing/time.csv",
            "\(Self.acme)/calendar.ics", "\(Self.acme)/feed.xml",
            "\(Self.acme)/files/projects/web/tickets/public/public-comment-file.txt",
            "\(Self.acme)/files/projects/web/tickets/public/public-twin-file.txt",
            "\(Self.acme)/guides/client-guide.html", "\(Self.acme)/guides/index.html", "\(Self.acme)/guides/public-guide.html",
            "\(Self.acme)/index.html",
            "\(Self.acme)/projects/web/discussions/index.html", "\(Self.acme)/projects/web/discussions/open.html",
            "\(Self.acme)/projects/web/index.html", "\(Self.acme)/projects/web/tickets/public.html", "\(Self.acme)/search.html",
            "\(other)/calendar.ics", "\(other)/feed.xml", "\(other)/files/projects/p/tickets/t/other-client-file.txt",
            "\(other)/guides/index.html", "\(other)/guides/public-guide.html", "\(other)/index.html",
            "\(other)/projects/p/index.html", "\(other)/projects/p/tickets/t.html", "\(other)/search.html",
        ]
        #expect(files == expected.sorted())
        let assets = TemporaryStore.files(under: store.output + "/assets")
        #expect(assets.contains { $0.hasPrefix("portico.") && $0.hasSuffix(".css") })
        #expect(assets.contains { $0.hasPrefix("portico.") && $0.hasSuffix(".js") })
        #expect(assets.contains { $0.hasPrefix("favicon.") && $0.hasSuffix(".svg") })
    }

    @Test func everyPageForbidsIndexingAndReferrersAndLinksStayRelative() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let pages = TemporaryStore.files(under: store.output).filter { $0.hasSuffix(".html") }
        #expect(pages.count == 18)
        for page in pages {
            let html = try String(contentsOfFile: store.output + "/" + page, encoding: .utf8)
            #expect(html.contains(#"<meta name="robots" content="noindex">"#), "\(page)")
            #expect(html.contains(#"<meta name="referrer" content="no-referrer">"#), "\(page)")
            for match in html.matches(of: /(?:href|src)="([^"]*)"/) {
                let url = String(match.1)
                let external = url.hasPrefix("https://") || url.hasPrefix("mailto:") || url.hasPrefix("#")
                #expect(external || (!url.hasPrefix("/") && !url.contains("://")), "\(page): \(url)")
                if !external {
                    // Every internal link resolves to a file of the output.
                    let target = URL(fileURLWithPath: store.output + "/" + page).deletingLastPathComponent()
                        .appendingPathComponent(String(url.prefix { $0 != "#" })).standardizedFileURL.path
                    #expect(FileManager.default.fileExists(atPath: target), "\(page) links to missing \(url)")
                }
            }
        }
        #expect(try String(contentsOfFile: store.output + "/robots.txt", encoding: .utf8) == "User-agent: *\nDisallow: /\n")
    }

    @Test func sameInputsGiveByteIdenticalOutput() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store, output: store.root.path + "/one")
        try TestBuild.run(store, output: store.root.path + "/two")
        let one = TemporaryStore.contents(under: store.root.path + "/one")
        let two = TemporaryStore.contents(under: store.root.path + "/two")
        #expect(one.keys.sorted() == two.keys.sorted())
        for (path, data) in one { #expect(two[path] == data, "\(path) differs") }
    }

    @Test func aFailedBuildLeavesThePreviousOutputUntouched() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let before = TemporaryStore.contents(under: store.output)
        try store.write("clients/acme/projects/web/tickets/broken.md", "---\ntitle: [unclosed\n---\n")
        #expect(throws: BuildFailure.self) { try TestBuild.run(store) }
        #expect(TemporaryStore.contents(under: store.output) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: store.root.path).filter { $0.contains("building") }
        #expect(leftovers.isEmpty)
    }

    /// What a build replaces is removed on another core while it saves its caches; by the time
    /// the build returns it is gone, whichever way the output was swapped.
    @Test func successfulBuildsOfEveryKindLeaveNothingBeside() throws {
        let store = try TemporaryStore(CanaryStore.files)
        func leftovers() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: store.root.path).filter { $0.contains("building") }
        }
        try TestBuild.run(store)
        #expect(try leftovers().isEmpty)
        // Other shared inputs, and a shared file of the output gone: the whole output is built
        // beside the old one and swapped.
        try store.write("portico.json", SampleStores.settings.replacingOccurrences(of: "Test Agency", with: "Test Agency Ltd"))
        try FileManager.default.removeItem(atPath: store.output + "/robots.txt")
        try TestBuild.run(store)
        #expect(FileManager.default.fileExists(atPath: store.output + "/robots.txt"))
        #expect(try leftovers().isEmpty)
        // One ticket: only its portal is swapped.
        let path = "clients/acme/projects/web/tickets/public/index.md"
        try store.write(path, CanaryStore.files[path]!.replacingOccurrences(of: "PUBLIC-TICKET-BODY-TWIN", with: "PUBLIC-TICKET-BODY-EDITED"))
        #expect(try TestBuild.run(store).clientsLoaded == 1)
        #expect(try leftovers().isEmpty)
    }

    @Test func refusesToReplaceAFolderPorticoDidNotWrite() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let documents = store.root.path + "/Documents"
        try FileManager.default.createDirectory(atPath: documents, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: documents + "/thesis.txt"))
        #expect {
            try TestBuild.run(store, output: documents)
        } throws: { error in
            "\(error)".contains("refusing to replace")
        }
        #expect(FileManager.default.contents(atPath: documents + "/thesis.txt") == Data("precious".utf8))
    }

    @Test func aNewLinkVersionMovesThePortalAndTheOldFolderDisappears() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        #expect(FileManager.default.fileExists(atPath: store.output + "/" + Self.acme + "/index.html"))
        try store.write("clients/acme/client.json", SampleStores.client("Acme Bakery", extra: #", "portal": { "access": "link", "linkVersion": 2 }"#))
        let result = try TestBuild.run(store)
        let moved = SharePath.folder(clientID: "acme", linkVersion: 2, secret: TestBuild.secret)
        #expect(result.clients.first { $0.id == "acme" }?.folder == moved)
        #expect(moved != Self.acme)
        #expect(!FileManager.default.fileExists(atPath: store.output + "/" + Self.acme))
        #expect(FileManager.default.fileExists(atPath: store.output + "/" + moved + "/index.html"))
    }

    @Test func anExpiredPortalIsNotBuilt() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try store.write("clients/acme/client.json", SampleStores.client("Acme Bakery", extra: #", "portal": { "access": "link", "expires": "2026-11-01" }"#))
        let result = try TestBuild.run(store)
        #expect(result.clients.map(\.id) == ["other"])
        #expect(result.notBuilt.keys.sorted() == ["acme"])
        #expect(!FileManager.default.fileExists(atPath: store.output + "/" + Self.acme))
        // The next build with the same inputs has nothing to do, and still leaves it out.
        let again = try TestBuild.run(store)
        #expect(again.nothingChanged)
        #expect(again.notBuilt.keys.sorted() == ["acme"])
        #expect(again.clients.map(\.id) == ["other"])
    }

    @Test func withoutASecretPathsAreIdsAndTheBuildWarns() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let result = try TestBuild.run(store, secret: nil)
        #expect(result.clients.map(\.folder) == ["acme", "other"])
        #expect(result.warnings.contains { $0.contains("guessable") })
    }

    @Test func encryptedAccessModesAreRefusedRatherThanPublishedInTheClear() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try store.write("clients/acme/client.json", SampleStores.client("Acme Bakery", extra: #", "portal": { "access": "password", "passwordEnv": "ACME_PASSWORD" }"#))
        #expect(throws: BuildFailure.self) { try TestBuild.run(store) }
        #expect(!FileManager.default.fileExists(atPath: store.output))
    }

    @Test func aStoreMayOverrideOneTemplate() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let theme = store.root.path + "/MyTheme"
        try FileManager.default.createDirectory(atPath: theme, withIntermediateDirectories: true)
        try "{{<layout}}{{$main}}<p>CUSTOM OVERVIEW for {{page.clientName}}</p>{{/main}}{{/layout}}"
            .write(toFile: theme + "/overview.mustache", atomically: true, encoding: .utf8)
        try TestBuild.run(store, templates: theme)
        let overview = try String(contentsOfFile: store.output + "/" + Self.acme + "/index.html", encoding: .utf8)
        #expect(overview.contains("<p>CUSTOM OVERVIEW for Acme Bakery</p>"))
        // Other pages keep the default theme.
        let project = try String(contentsOfFile: store.output + "/" + Self.acme + "/projects/web/index.html", encoding: .utf8)
        #expect(project.contains("PUBLIC-MILESTONE-TWIN"))
    }

    @Test func aBrokenTemplateIsAnErrorNamingItsFile() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let theme = store.root.path + "/Templates"
        try FileManager.default.createDirectory(atPath: theme, withIntermediateDirectories: true)
        try "{{#page}}unclosed".write(toFile: theme + "/ticket.mustache", atomically: true, encoding: .utf8)
        #expect {
            try TestBuild.run(store)
        } throws: { error in
            "\(error)".contains("Templates/ticket.mustache")
        }
    }
}
