import Crypto
import Foundation

/// A digest of a view value: equal for equal views. A page whose view fingerprint (with the
/// theme's) is unchanged since the last build renders to the same bytes, so it is not rendered.
public enum ViewFingerprint {
    public static func of(_ value: Any) -> String {
        of(tree: RenderTree.convert(value) as Any, template: "")
    }

    /// The digest of an already converted view tree and the template that renders it.
    static func of(tree: Any, template: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(template)\u{0}".utf8))
        feed(tree, into: &hasher)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func feed(_ value: Any?, into hasher: inout SHA256) {
        func tag(_ text: String) { hasher.update(data: Data(text.utf8)) }
        switch value {
        case nil: tag("n;")
        case let text as String: tag("s\(text.utf8.count):"); tag(text)
        case let flag as Bool: tag(flag ? "t;" : "f;")
        case let number as Int: tag("i\(number);")
        case let number as Double: tag("d\(number);")
        case let strings as [String: String]:
            tag("m\(strings.count){")
            for key in strings.keys.sorted() { tag("\(key.utf8.count):\(key)"); feed(strings[key], into: &hasher) }
            tag("}")
        case let fields as [String: Any]:
            tag("o\(fields.count){")
            for key in fields.keys.sorted() { tag("\(key.utf8.count):\(key)"); feed(fields[key], into: &hasher) }
            tag("}")
        case let items as [Any]:
            tag("a\(items.count)[")
            for item in items { feed(item, into: &hasher) }
            tag("]")
        default:
            tag("?\(String(describing: value!));")
        }
    }
}
