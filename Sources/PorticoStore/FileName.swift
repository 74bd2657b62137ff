import Foundation

/// `NSString`'s path helpers, answered without bridging for the plain names and paths a store
/// is made of (the common case, and the one the loader meets ten thousand times); anything
/// else goes to `NSString` itself, so the answers are always the same.
enum FileName {
    /// `(name as NSString).pathExtension` and `.deletingPathExtension`.
    static func split(_ name: String) -> (base: String, ext: String) {
        var dot: String.UTF8View.Index?
        var plain = true
        let utf8 = name.utf8
        for index in utf8.indices {
            switch utf8[index] {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                continue
            case UInt8(ascii: "."):
                if dot != nil { plain = false } else { dot = index }
            default:
                plain = false
            }
            if !plain { break }
        }
        if plain {
            guard let dot else { return (name, "") }
            if dot != utf8.startIndex, utf8.index(after: dot) != utf8.endIndex {
                return (String(Substring(utf8[..<dot])), String(Substring(utf8[utf8.index(after: dot)...])))
            }
        }
        let bridged = name as NSString
        return (bridged.deletingPathExtension, bridged.pathExtension)
    }

    static func pathExtension(_ name: String) -> String { split(name).ext }

    static func deletingPathExtension(_ name: String) -> String { split(name).base }

    /// `(path as NSString).deletingLastPathComponent`.
    static func deletingLastComponent(_ path: String) -> String {
        let utf8 = path.utf8
        guard utf8.first == UInt8(ascii: "/"), utf8.last != UInt8(ascii: "/"),
              let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash != utf8.startIndex else {
            return (path as NSString).deletingLastPathComponent
        }
        // Only an absolute path with no empty, `.` or `..` component (nothing to tidy up first).
        var component = 0, dots = 0
        for byte in utf8.dropFirst() {
            if byte == UInt8(ascii: "/") {
                if component == 0 || dots == component && dots <= 2 { return (path as NSString).deletingLastPathComponent }
                component = 0
                dots = 0
            } else {
                component += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        if dots == component && dots <= 2 { return (path as NSString).deletingLastPathComponent }
        return String(Substring(utf8[..<slash]))
    }
}
