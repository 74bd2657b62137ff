import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
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

    /// Sends `request` as it is on a new connection and reads the answer until the server closes.
    static func raw(_ port: UInt16, _ request: String) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(descriptor) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = port.bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else { return continuation.resume(returning: "") }
                _ = Array(request.utf8).withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                var answer: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
                while true {
                    let got = recv(descriptor, &buffer, buffer.count, 0)
                    if got <= 0 { break }
                    answer += buffer[..<got]
                }
                continuation.resume(returning: String(decoding: answer, as: UTF8.self))
            }
        }
    }

    @Test func requestHeadsAreReadAsHTTP11ReadsThem() {
        #expect(PreviewHTTP.parse(Array("GET /a/b.html?x=1#top HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
                == PreviewHTTP.Request(method: "GET", path: "/a/b.html"))
        #expect(PreviewHTTP.parse(Array("HEAD / HTTP/1.0\n\n".utf8)) == PreviewHTTP.Request(method: "HEAD", path: "/"))
        for bad in ["GET /a", "GET a HTTP/1.1", "GET  / HTTP/1.1", "get / HTTP/1.1", "GET / SPDY/3", "", "GET http://x/ HTTP/1.1"] {
            #expect(PreviewHTTP.parse(Array((bad + "\r\n\r\n").utf8)) == nil, "\(bad)")
        }
        #expect(PreviewHTTP.headEnd(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8)) == nil)
        #expect(PreviewHTTP.headEnd(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\nbody".utf8)) == 27)
        #expect(PreviewHTTP.headEnd(Array("GET / HTTP/1.1\nHost: x\n\nbody".utf8)) == 24)
        let response = PreviewHTTP.Response(status: 404, headers: [("Content-Type", "text/plain")], body: Data("gone".utf8))
        #expect(String(decoding: response.serialized(), as: UTF8.self)
                == "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\ngone")
        #expect(String(decoding: response.serialized(forHead: true), as: UTF8.self).hasSuffix("Content-Length: 4\r\nConnection: close\r\n\r\n"))
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

        // A portal's folder without its slash goes to the slash, where its relative links work.
        let folder = await Self.raw(port, "GET /acme HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(folder.hasPrefix("HTTP/1.1 301 Moved Permanently\r\n") && folder.contains("\r\nLocation: /acme/\r\n"), "\(folder)")
        #expect(await Self.raw(port, "GET /acme/ HTTP/1.1\r\nHost: x\r\n\r\n").hasPrefix("HTTP/1.1 200 OK\r\n"))

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
        // What is not a GET or HEAD of a path is answered, not dropped; HEAD has no body.
        let post = await Self.raw(port, "POST /acme/index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n") && post.contains("\r\nAllow: GET, HEAD\r\n"), "\(post)")
        let garbage = await Self.raw(port, "hello\r\n\r\n")
        #expect(garbage.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(garbage)")
        // A head that never ends, exactly one byte over the limit (all of it read: no reset).
        let long = "GET / HTTP/1.1\r\nX: "
        let endless = await Self.raw(port, long + String(repeating: "a", count: PreviewHTTP.maximumHead + 1 - long.utf8.count))
        #expect(endless.hasPrefix("HTTP/1.1 431 "), "\(endless.prefix(100))")
        let head = await Self.raw(port, "HEAD /_portico/reload.js?v=2 HTTP/1.1\r\nHost: x\r\n\r\n")
        let length = PreviewServer.reloadScript.utf8.count
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n") && head.contains("\r\nContent-Length: \(length)\r\n")
                && head.contains("\r\nX-Content-Type-Options: nosniff\r\n") && head.hasSuffix("\r\n\r\n"), "\(head)")

        // Never outside the output folder.
        #expect(PreviewServer.file(for: "/../Content/portico.json", under: store.output) == nil)
        #expect(PreviewServer.file(for: "/%2e%2e/Content/portico.json", under: store.output) == nil)
        await server.stop()
    }
}
