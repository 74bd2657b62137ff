import Foundation

/// The little HTTP/1.1 the preview needs: a request's method and path in, one response out, then
/// the connection closes. Written here rather than taken from FlyingFox's HTTP layer, which also
/// brings a proxy handler that links FoundationNetworking, and with it libcurl and some thirty
/// libraries every `portico` command then loaded at start (5 to 6 ms a run, a sixth of a
/// rebuild with nothing to do). FlyingSocks, from the same package, still does the sockets.
struct PreviewHTTP {
    /// A request head: what comes before the first empty line.
    struct Request: Equatable {
        var method: String
        /// The target without its query or fragment, still percent-encoded.
        var path: String
    }

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: Data

        init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// The bytes to send: status line, headers with the body's length, the body (none for HEAD).
        func serialized(forHead: Bool = false) -> Data {
            var head = "HTTP/1.1 \(status) \(PreviewHTTP.reason(status))\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            var bytes = Data(head.utf8)
            if !forHead { bytes.append(body) }
            return bytes
        }
    }

    /// The largest request head read; a longer one gets 431.
    static let maximumHead = 16 * 1024

    /// Where a request head ends (just after its empty line), if `bytes` holds one yet.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        // CRLF CRLF, or a bare LF line ending (tolerated, RFC 9112 §2.2).
        for index in bytes.indices.dropFirst() where bytes[index] == 0x0A {
            if bytes[index - 1] == 0x0A { return index + 1 }
            if index >= 3, bytes[index - 1] == 0x0D, bytes[index - 2] == 0x0A, bytes[index - 3] == 0x0D { return index + 1 }
        }
        return nil
    }

    /// Parses a head's request line (`GET /path?query HTTP/1.1`); nil when it is not one.
    static func parse(_ head: [UInt8]) -> Request? {
        let line = head.prefix { $0 != 0x0D && $0 != 0x0A }
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, let method = String(bytes: parts[0], encoding: .ascii), !method.isEmpty,
              method.allSatisfy({ $0.isLetter && $0.isUppercase }),
              let version = String(bytes: parts[2], encoding: .ascii), version.hasPrefix("HTTP/1."),
              let target = String(bytes: parts[1], encoding: .ascii), target.hasPrefix("/") else { return nil }
        let path = target.prefix { $0 != "?" && $0 != "#" }
        return Request(method: method, path: String(path))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        default: return "Status"
        }
    }
}
