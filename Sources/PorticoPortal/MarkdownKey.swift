import Foundation

/// A Markdown text as a dictionary key that hashes only its length and its ends: texts are a
/// kilobyte or more, and hashing every byte of each (to store it, then to find it) cost more than
/// the lookups saved. Keys are equal when their bytes are (not merely canonically equivalent, as
/// `String`s are: such a text may render to other bytes).
struct MarkdownKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { bytes in
            hasher.combine(bytes.count)
            let edge = min(bytes.count, 32)
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[..<edge]))
            hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[(bytes.count - edge)...]))
        }
    }

    static func == (lhs: MarkdownKey, rhs: MarkdownKey) -> Bool {
        var (left, right) = (lhs.text, rhs.text)
        return left.withUTF8 { a in right.withUTF8 { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) } }
    }
}
