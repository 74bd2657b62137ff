import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite
@testable import PorticoStore

/// `portico digest`: per client an .eml of what changed since a date, from the visible portal
/// only, as MIME that mail programs read (Tests/python parses it with Python's email package).
@Suite struct DigestTests {
    static let since = StoreDate.day(CalendarDay(year: 2026, month: 11, day: 1))

    static func run(_ store: TemporaryStore, since: StoreDate = since) throws -> DigestRun.Result {
        let options = DigestRun.Options(store: store.store, output: store.root.path + "/Digests", since: since, now: TestBuild.now,
                                        environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        return try DigestRun.run(options)
    }

    /// Decodes quoted-printable, for reading the messages back.
    static func decodeQP(_ text: String) -> String {
        let joined = text.replacingOccurrences(of: "=\r\n", with: "")
        var bytes: [UInt8] = []
        var index = joined.utf8.startIndex
        let utf8 = joined.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "="), let end = utf8.index(index, offsetBy: 3, limitedBy: utf8.endIndex),
               let value = UInt8(String(decoding: utf8[utf8.index(after: index)..<end], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index = end
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func parts(_ message: String) -> (headers: String, text: String, html: String) {
        let headers = String(message[..<message.range(of: "\r\n\r\n")!.lowerBound])
        let boundary = String(headers.firstMatch(of: /boundary="([^"]+)"/)!.1)
        let sections = message.components(separatedBy: "--" + boundary)
        func body(_ section: String) -> String {
            decodeQP(String(section[section.range(of: "\r\n\r\n")!.upperBound...])).replacingOccurrences(of: "\r\n", with: "\n")
        }
        return (headers, body(sections[1]), body(sections[2]))
    }

    @Test func writesAMessagePerClientFromTheVisiblePortalOnly() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let result = try Self.run(store)
        #expect(result.written.map(\.path) == ["acme/digest.eml"])
        #expect(result.skipped.map(\.id) == ["other"]) // nothing dated in the other portal
        let raw = try #require(FileManager.default.contents(atPath: store.root.path + "/Digests/acme/digest.eml"))
        #expect(raw.allSatisfy { $0 < 128 }, "non-ASCII only through encodings")
        let message = String(decoding: raw, as: UTF8.self)
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line ends only")
        #expect(message.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 || $0.hasPrefix("Message-ID:") })
        let (headers, text, html) = Self.parts(message)
        #expect(headers.contains("From: Test Agency <hello@agency.example>\r\n"))
        #expect(headers.contains("To: Jane Roe <jane@client.example>\r\n"))
        #expect(headers.contains("Date: Sun, 22 Nov 2026 12:00:00 +0000\r\n"))
        #expect(headers.contains("Content-Type: multipart/alternative;\r\n boundary="))
        #expect(headers.contains("Subject: Acme Bakery: what’s new in your portal since") || headers.contains("Subject: =?UTF-8?B?"))
        for body in [text, html] {
            for marker in ["PUBLIC-TICKET-TWIN", "PUBLIC-COMMENT-TWIN", "PUBLIC-DISCUSSION-TWIN", "PUBLIC-DISCUSSION-REPLY-TWIN"] {
                #expect(body.contains(marker), "\(marker) missing")
            }
            for marker in CanaryStore.privateMarkers + CanaryStore.otherClientMarkers {
                #expect(!body.contains(marker), "\(marker) in the digest")
            }
        }
        let folder = SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)
        #expect(text.contains("https://portal.agency.example/\(folder)/projects/web/tickets/public.html#c-2026-11-02-0900-maja"))
        #expect(html.contains("<a href=\"https://portal.agency.example/\(folder)/\""))
        #expect(text.contains("NEEDS YOUR INPUT\n\n* PUBLIC-TICKET-TWIN"))
    }

    @Test func onlyWhatHappenedSinceTheDateIsReported() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let first = try Self.run(store)
        #expect(first.written.map(\.changes) == [5])
        // The last public event is the reply of 2 Nov 21:00 in Sydney: nothing is new since 3 Nov there.
        let later = try Self.run(store, since: .day(CalendarDay(year: 2026, month: 11, day: 3)))
        #expect(later.written.isEmpty && later.skipped.map(\.id).sorted() == ["acme", "other"])
        #expect(later.skipped.first { $0.id == "acme" }?.reason.contains("nothing new") == true)
        #expect(!FileManager.default.fileExists(atPath: store.root.path + "/Digests/acme/digest.eml"), "an earlier message never lingers")
        // A time with an offset is an instant: 2 Nov 20:30 in Sydney still sees the 21:00 reply.
        guard case let .success(instant) = StoreDate.parse("2026-11-02T20:30:00+11:00") else { Issue.record("date"); return }
        #expect(try Self.run(store, since: instant).written.map(\.changes) == [1])
    }

    @Test func slovenianSubjectsAndNamesAreEncodedWords() throws {
        let from = MIMEMessage.Address(name: "Northwind Assist", email: "hello@northwind.example")
        let message = MIMEMessage(from: from, to: [.init(name: "Mojca Zupančič", email: "mojca@zeleni-vrt.example"),
                                                    .init(name: "Hudson & Park, LLP", email: "a@b.example")],
                                  subject: "Zeleni vrt d.o.o.: kaj je novega v vašem portalu od 15. nov. 2026",
                                  date: TestBuild.now, messageID: "x@y.example", language: "sl-SI",
                                  text: "Pozdravljeni,\n\nvenčki = " + String(repeating: "ž", count: 60) + " \n", html: "<p>ž</p>")
        let raw = String(decoding: message.bytes, as: UTF8.self)
        #expect(raw.contains("To: =?UTF-8?B?TW9qY2EgWnVwYW7EjWnEjQ==?= <mojca@zeleni-vrt.example>,\r\n \"Hudson & Park, LLP\" <a@b.example>\r\n"))
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        let subject = try #require(raw.firstMatch(of: /Subject: ((?:.|\r\n )+)\r\n/)).1
        let words = subject.split(separator: "\r\n ").map(String.init)
        #expect(words.count > 1 && words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word -> String in
            let base64 = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64))!, as: UTF8.self)
        }.joined()
        #expect(decoded == "Zeleni vrt d.o.o.: kaj je novega v vašem portalu od 15. nov. 2026")
        let qp = MIMEMessage.quotedPrintable("venčki = " + String(repeating: "ž", count: 60) + " \n")
        #expect(qp.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(qp.hasPrefix("ven=C4=8Dki =3D =C5=BE"))
        #expect(qp.contains("=20\r\n"), "a trailing space is encoded")
        #expect(Self.decodeQP(qp) == "venčki = " + String(repeating: "ž", count: 60) + " \r\n")
    }

    @Test func unusableAddressesAreLeftOutNeverInjected() throws {
        var files = CanaryStore.files
        files["clients/acme/client.json"] = """
        { "name": "Acme Bakery", "contacts": [ { "name": "Jane Roe", "email": "jane@client.example\\r\\nBcc: all@evil.example" },
                                               { "name": "No Mail" }, { "name": "Sam", "email": "sam@client.example" } ],
          "timezone": "Australia/Sydney", "locale": "en-AU", "currency": "AUD" }
        """
        let store = try TemporaryStore(files)
        let result = try Self.run(store)
        let message = try String(contentsOfFile: store.root.path + "/Digests/acme/digest.eml", encoding: .utf8)
        #expect(message.contains("To: Sam <sam@client.example>\r\n"))
        #expect(!message.contains("Bcc") && !message.contains("evil.example"))
        #expect(result.warnings.contains { $0.contains("Jane Roe") } && result.warnings.contains { $0.contains("No Mail: no email address") })
    }

    @Test func protectedPortalsSayHowMuchChangedNeverWhat() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try store.write("clients/acme/client.json", SampleStores.client("Acme Bakery", extra: """
        , "portal": { "access": "key" }
        """))
        _ = try Self.run(store)
        let message = try String(contentsOfFile: store.root.path + "/Digests/acme/digest.eml", encoding: .utf8)
        let (_, text, html) = Self.parts(message)
        #expect(text.contains("There are 5 updates in the Acme Bakery portal since 1 Nov 2026. The portal is protected"), "\(text)")
        for body in [text, html] { #expect(!body.contains("PUBLIC-")) }
        // The link carries the key, as the link `portico links` prints does.
        let client = try #require(try StoreSession.open(store.store).0.clients.first { $0.id == "acme" })
        let lock = try #require(try PortalLock.resolve(client, secret: TestBuild.secret, baseURL: "", environment: [:]))
        #expect(text.contains("/" + lock.linkFragment!))
    }

    @Test func aStoreWithoutAnAgencyEmailCannotSendDigests() throws {
        var files = CanaryStore.files
        files["portico.json"] = SampleStores.settings.replacingOccurrences(of: #""email": "hello@agency.example", "#, with: "")
        let store = try TemporaryStore(files)
        #expect { try Self.run(store) } throws: { "\($0)".contains("no usable \"email\"") }
        #expect(!FileManager.default.fileExists(atPath: store.root.path + "/Digests"))
    }

    @Test func theCommandLineWritesDigestsAndRejectsABadDate() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let bad = try Binary.run(["digest", "--since", "last week"], in: store.root)
        #expect(bad.status == 2 && bad.stderr.contains("--since"))
        let run = try Binary.run(["digest", "--since", "2026-11-01", "--now", "2026-11-22T12:00:00Z"], in: store.root,
                                 environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("acme → Digests/acme/digest.eml"))
        #expect(run.stdout.contains("nothing was sent"))
        #expect(FileManager.default.fileExists(atPath: store.root.path + "/Digests/acme/digest.eml"))
    }
}
