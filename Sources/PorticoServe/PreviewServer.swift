import FlyingSocks
import Foundation
import PorticoSite

/// `portico serve`: the output on 127.0.0.1, rebuilt (incrementally) whenever the store or the
/// theme changes, with open pages reloading themselves. While the store is broken, every page
/// shows the errors (file:line) instead of stale content.
public actor PreviewServer {
    public let options: BuildOptions
    public let port: UInt16
    private var version = 0
    private var failure: String?
    private var lastInputs = ""
    private var listening: Socket?

    public init(options: BuildOptions, port: UInt16) {
        self.options = options
        self.port = port
    }

    /// Builds once, then serves and watches until the task is cancelled or `stop()` is called.
    public func run(log: @escaping @Sendable (String) -> Void) async throws {
        rebuild(log: log)
        let pool: some AsyncSocketPool = SocketPool.make()
        try await pool.prepare()
        // IPv4 loopback only: a preview is never reachable from the network.
        let socket = try Socket(domain: AF_INET)
        try socket.setValue(true, for: .localAddressReuse)
        try socket.bind(to: sockaddr_in.inet(ip4: "127.0.0.1", port: port))
        try socket.listen()
        listening = socket
        let listener = try AsyncSocket(socket: socket, pool: pool)
        let watcher = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                await self?.rebuildIfChanged(log: log)
            }
        }
        defer { watcher.cancel() }
        log("Serving \(options.output) on http://127.0.0.1:\(port)/ — watching \(options.store) and the theme. Ctrl-C stops.")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run() }
            group.addTask { [weak self] in
                try await withThrowingDiscardingTaskGroup { connections in
                    for try await connection in listener.sockets {
                        connections.addTask { await self?.serve(connection) }
                    }
                }
            }
            // The listener ends when `stop()` closes it; the pool then stops with it.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    public func stop() async {
        try? listening?.close()
        listening = nil
    }

    /// One request, one response, then the connection closes.
    private func serve(_ connection: AsyncSocket) async {
        defer { try? connection.close() }
        var head: [UInt8] = []
        var end: Int?
        do {
            while end == nil, head.count <= PreviewHTTP.maximumHead {
                head += try await connection.read(atMost: 4096)
                end = PreviewHTTP.headEnd(head)
            }
        } catch {
            return
        }
        let response: PreviewHTTP.Response
        var isHead = false
        if let end, let request = PreviewHTTP.parse(Array(head[..<end])) {
            isHead = request.method == "HEAD"
            response = request.method == "GET" || isHead
                ? respond(to: request.path)
                : PreviewHTTP.Response(status: 405, headers: [("Allow", "GET, HEAD")] + Self.headers(type: "text/plain"),
                                       body: Data("Method not allowed\n".utf8))
        } else {
            response = PreviewHTTP.Response(status: end == nil ? 431 : 400, headers: Self.headers(type: "text/plain"),
                                            body: Data("Bad request\n".utf8))
        }
        try? await connection.write(response.serialized(forHead: isHead))
    }

    private func rebuildIfChanged(log: @Sendable (String) -> Void) {
        let inputs = WatchedInputs.signature(options.store, options.themeOverrides)
        guard inputs != lastInputs else { return }
        rebuild(log: log)
    }

    private func rebuild(log: (String) -> Void) {
        lastInputs = WatchedInputs.signature(options.store, options.themeOverrides)
        do {
            let report = try SiteBuilder(options: options).build()
            failure = nil
            let written = report.clients.reduce(0) { $0 + $1.written }
            log(report.nothingChanged ? "Up to date." : "Rebuilt: \(written) file(s) written in \(String(format: "%.2f", report.seconds)) s")
        } catch {
            failure = "\(error)"
            log("Build failed:\n\(error)")
        }
        version += 1
    }

    private func respond(to path: String) -> PreviewHTTP.Response {
        switch path {
        case "/_portico/version":
            return PreviewHTTP.Response(status: 200, headers: Self.headers(type: "application/json"),
                                        body: Data("{\"version\":\(version)}".utf8))
        case "/_portico/reload.js":
            return PreviewHTTP.Response(status: 200, headers: Self.headers(type: "text/javascript; charset=utf-8"),
                                        body: Data(Self.reloadScript.utf8))
        default:
            break
        }
        if let failure {
            return PreviewHTTP.Response(status: 500, headers: Self.headers(type: "text/html; charset=utf-8"),
                                        body: Data(Self.errorPage(failure).utf8))
        }
        let file = Self.file(for: path, under: options.output)
        if !path.hasSuffix("/"), let file, file.hasSuffix("/index.html"), !(path.removingPercentEncoding ?? path).hasSuffix("index.html") {
            // A folder without its slash: the page's relative links would miss, so go to the slash.
            return PreviewHTTP.Response(status: 301, headers: [("Location", path + "/")] + Self.headers(type: "text/plain"),
                                        body: Data("Moved to \(path)/\n".utf8))
        }
        guard let file, var data = FileManager.default.contents(atPath: file) else {
            return PreviewHTTP.Response(status: 404, headers: Self.headers(type: "text/plain"), body: Data("Not found\n".utf8))
        }
        if file.hasSuffix(".html"), let html = String(data: data, encoding: .utf8) {
            // Open pages ask for the build version and reload when it changes.
            data = Data(html.replacingOccurrences(of: "</body>", with: "<script src=\"/_portico/reload.js\" defer></script>\n</body>").utf8)
        }
        return PreviewHTTP.Response(status: 200, headers: Self.headers(type: Self.contentType(file)), body: data)
    }

    /// The file a request path names, never outside the output folder.
    static func file(for requestPath: String, under output: String) -> String? {
        let root = URL(fileURLWithPath: output).standardizedFileURL.path
        let decoded = requestPath.removingPercentEncoding ?? requestPath
        guard !decoded.split(separator: "/").contains("..") else { return nil }
        var path = URL(fileURLWithPath: root + "/" + decoded).standardizedFileURL.path
        guard path == root || path.hasPrefix(root + "/") else { return nil }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            path += "/index.html"
        }
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    static func headers(type: String) -> [(String, String)] {
        [("Content-Type", type), ("Cache-Control", "no-store"),
         ("Content-Security-Policy", "default-src 'self'; img-src 'self' blob:; media-src 'self' blob:; object-src 'none'; base-uri 'none'"),
         ("Referrer-Policy", "no-referrer"), ("X-Content-Type-Options", "nosniff")]
    }

    static func contentType(_ file: String) -> String {
        switch (file as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "pdf": return "application/pdf"
        case "xml": return "application/atom+xml; charset=utf-8"
        case "ics": return "text/calendar; charset=utf-8"
        case "json": return "application/json"
        case "csv": return "text/csv; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        default: return "application/octet-stream"
        }
    }

    static func errorPage(_ message: String) -> String {
        let escaped = message.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
        <title>Build failed · Portico</title></head><body>
        <main><h1>The store has errors</h1><p>Fix them and save: this page reloads by itself.</p><pre>\(escaped)</pre></main>
        <script src="/_portico/reload.js" defer></script></body></html>
        """
    }

    static let reloadScript = """
    (function () {
      var current = null;
      function check() {
        fetch("/_portico/version", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (v) {
          if (current === null) current = v.version;
          else if (v.version !== current) location.reload();
        }).catch(function () {}).then(function () { setTimeout(check, 700); });
      }
      check();
    })();
    """
}

/// A cheap signature of the watched folders (paths, sizes, modification times).
enum WatchedInputs {
    static func signature(_ store: String, _ themes: [String]) -> String {
        var parts: [String] = []
        for folder in [store] + themes {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { continue }
            while let relative = walker.nextObject() as? String {
                let attributes = walker.fileAttributes
                let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
                let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(folder)/\(relative):\(size):\(modified)")
            }
        }
        return parts.sorted().joined(separator: "\n")
    }
}
