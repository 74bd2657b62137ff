import Foundation

/// A Markdown text as a dictionary key, hashed through a 64-bit digest of its bytes taken eight
/// at a time: `String`'s own hashing (SipHash over every byte, for each store and each lookup)
/// cost more than the lookups saved, and hashing only the length and the ends made bodies
/// written from one template (same length, same first and last lines) collide by the dozen, each
/// lookup then comparing kilobytes with every one of them. Keys are equal when their bytes are
/// (not merely canonically equivalent, as `String`s are: such a text may render to other bytes).
struct MarkdownKey: Hashable {
    let text: String
    private let digest: UInt64

    init(_ text: String) {
        var text = text
        digest = text.withUTF8 { Self.digest(UnsafeRawBufferPointer($0)) }
        self.text = text
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }

    static func == (lhs: MarkdownKey, rhs: MarkdownKey) -> Bool {
        guard lhs.digest == rhs.digest else { return false }
        var (left, right) = (lhs.text, rhs.text)
        return left.withUTF8 { a in right.withUTF8 { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) } }
    }

    /// Every byte mixed in by a multiply-and-fold per word (as wyhash does); only the dictionary's
    /// spread depends on it, never equality, so it need not resist crafted input (the `Hasher`
    /// it feeds is seeded per process).
    static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let (high, low) = a.multipliedFullWidth(by: b)
            return high ^ low
        }
        let prime: UInt64 = 0x9E37_79B9_7F4A_7C15
        var state = mix(UInt64(bytes.count) ^ 0xA076_1D64_78BD_642F, prime)
        var offset = 0
        while offset + 8 <= bytes.count {
            state = mix(state ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self), prime)
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        return mix(state ^ tail, prime ^ 0xE703_7ED1_A0B4_28DB)
    }
}
