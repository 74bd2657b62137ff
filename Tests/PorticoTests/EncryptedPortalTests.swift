import Crypto
import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite
@testable import PorticoStore

/// Password and key-in-link portals: everything of that client is ciphertext on disk.
@Suite struct EncryptedPortalTests {
    static let password = "correct horse battery staple"

    func store(access: String, linkVersion: Int = 1) throws -> TemporaryStore {
        let store = try TemporaryStore(CanaryStore.files)
        try store.write("clients/acme/client.json", SampleStores.client("Acme Bakery", extra: """
        , "portal": { "access": "\(access)", "linkVersion": \(linkVersion), "passwordEnv": "ACME_PASSWORD" }
        """))
        return store
    }

    func build(_ store: TemporaryStore, environment: [String: String]) throws -> BuildReport {
        let options = BuildOptions(store: store.store, output: store.output, now: TestBuild.now, environment: environment)
        return try SiteBuilder(options: options).build()
    }

    var environment: [String: String] { ["PORTICO_TEST_SECRET": TestBuild.secret, "ACME_PASSWORD": Self.password] }

    @Test func passwordPortalsHoldOnlyCiphertextAndOpenWithThePassword() throws {
        let store = try store(access: "password")
        let result = try build(store, environment: environment)
        let folder = try #require(result.clients.first { $0.id == "acme" }?.folder)
        let files = TemporaryStore.contents(under: store.output + "/" + folder)
        // Public text of this client is nowhere in plain form, and file names are opaque.
        for (path, data) in files {
            for marker in ["PUBLIC-TICKET-TWIN", "PUBLIC-FILE-TWIN", "Acme Bakery", "public-twin-file"] {
                #expect(data.range(of: Data(marker.utf8)) == nil, "\(path) shows \(marker)")
                #expect(!path.contains(marker))
            }
        }
        #expect(files.keys.filter { $0.hasPrefix("files/") }.allSatisfy { $0.hasSuffix(".bin") })
        #expect(files.keys.contains("projects/web/tickets/public.html"))

        // The key the browser derives (PBKDF2-SHA256, 600,000 rounds) opens every page.
        let shell = String(decoding: try #require(files["projects/web/tickets/public.html"]), as: UTF8.self)
        let salt = try #require(shell.firstMatch(of: /data-salt="([^"]+)"/).map { Data(base64Encoded: String($0.1))! })
        #expect(shell.contains(#"data-iterations="600000""#))
        let lock = try #require(try PortalLock.resolve(try loadClient(store), secret: TestBuild.secret,
                                                       baseURL: "", environment: ["ACME_PASSWORD": Self.password]))
        #expect(lock.salt == salt)
        let reader = SealedOutputReader(root: store.output, locks: [folder: lock])
        let page = String(decoding: try #require(reader.read(folder + "/projects/web/tickets/public.html")), as: UTF8.self)
        #expect(page.contains("PUBLIC-TICKET-TWIN"))
        let attachment = try #require(files.keys.first { $0.hasPrefix("files/") && reader.read(folder + "/" + $0) == Data("PUBLIC-FILE-TWIN".utf8) })
        #expect(page.contains(attachment))
        // A wrong password's key opens nothing.
        var wrong = lock
        wrong.keyData = Data(repeating: 7, count: 32)
        #expect(SealedOutputReader(root: store.output, locks: [folder: wrong]).read(folder + "/index.html") == nil)
        // The other client is untouched: plain pages.
        let other = try #require(result.clients.first { $0.id == "other" }?.folder)
        let otherPage = try String(contentsOfFile: store.output + "/" + other + "/index.html", encoding: .utf8)
        #expect(otherPage.contains("OTHER-CLIENT-NAME"))
    }

    func loadClient(_ store: TemporaryStore) throws -> Client {
        let (loaded, _) = try StoreSession.open(store.store)
        return try #require(loaded.clients.first { $0.id == "acme" })
    }

    @Test func aMissingPasswordIsAnErrorNeverPlainPages() throws {
        let store = try store(access: "password")
        #expect {
            _ = try build(store, environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        } throws: { error in
            "\(error)".contains("$ACME_PASSWORD is not set")
        }
        #expect(!FileManager.default.fileExists(atPath: store.output))
    }

    @Test func keyPortalsNeedTheSecretAndTheirKeyIsStableUntilTheLinkVersionChanges() throws {
        let store = try store(access: "key")
        #expect(throws: BuildFailure.self) { _ = try build(store, environment: [:]) }
        let first = try #require(try PortalLock.resolve(try loadClient(store), secret: TestBuild.secret, baseURL: "", environment: [:]))
        let again = try #require(try PortalLock.resolve(try loadClient(store), secret: TestBuild.secret, baseURL: "", environment: [:]))
        #expect(first.linkFragment == again.linkFragment)
        #expect(first.linkFragment?.hasPrefix("#k=") == true)
        let moved = try self.store(access: "key", linkVersion: 2)
        let second = try #require(try PortalLock.resolve(try loadClient(moved), secret: TestBuild.secret, baseURL: "", environment: [:]))
        #expect(second.linkFragment != first.linkFragment)

        let result = try build(store, environment: environment)
        let folder = try #require(result.clients.first { $0.id == "acme" }?.folder)
        let reader = SealedOutputReader(root: store.output, locks: [folder: first])
        let overview = String(decoding: try #require(reader.read(folder + "/index.html")), as: UTF8.self)
        #expect(overview.contains("PUBLIC-TICKET-TWIN"))
    }

    @Test func encryptedBuildsAreReproducible() throws {
        let store = try store(access: "password")
        _ = try build(store, environment: environment)
        let first = TemporaryStore.contents(under: store.output)
        _ = try build(store, environment: environment)
        #expect(TemporaryStore.contents(under: store.output) == first)
    }

    @Test func theAuditReadsInsideEncryptedPortals() throws {
        let store = try store(access: "key")
        let result = try build(store, environment: environment)
        let folder = try #require(result.clients.first { $0.id == "acme" }?.folder)
        let lock = try #require(try PortalLock.resolve(try loadClient(store), secret: TestBuild.secret, baseURL: "", environment: [:]))
        // Seal a private string into a page, as a leaking template would.
        let sealed = PortalSealer(lock: lock).seal(Data("<p>CANARY-PRIV-TICKET-BODY</p>".utf8), path: "x.html")
        let shell = "<script type=\"application/octet-stream\" id=\"portico-payload\">\(sealed.base64EncodedString())</script>"
        try shell.write(toFile: store.output + "/" + folder + "/extra.html", atomically: true, encoding: String.Encoding.utf8)
        let findings = try OutputAudit.run(store: store.store, output: store.output, environment: environment)
        #expect(findings.contains { $0.file == folder + "/extra.html" && $0.item.contains("private ticket hidden") }, "\(findings)")
    }

    @Test func linksCarryTheKeyInTheFragment() throws {
        let store = try store(access: "key")
        let run = try Binary.run(["links"], in: store.root, environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        let lock = try #require(try PortalLock.resolve(try loadClient(store), secret: TestBuild.secret, baseURL: "", environment: [:]))
        let folder = SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)
        #expect(run.stdout.contains("acme\thttps://portal.agency.example/\(folder)/\(lock.linkFragment!)"), "\(run.stdout)")
    }
}
