/// Finds which of many phrases occur, as whole words, in folded text (see `TextNormalizer`).
/// Phrases are indexed by the hashes of their first words, so one pass over a text finds every
/// phrase whatever their number: the audit stays linear in the size of the store and the output,
/// with one index for all clients rather than one per client.
struct PhraseIndex {
    /// Each phrase as the hashes of its words.
    private var phrases: [[UInt64]] = []
    /// Key of a phrase's first min(3, word count) words, to the phrases starting with them.
    private var buckets: [UInt64: [Int32]] = [:]
    private static let prefixWords = 3

    init(_ folded: [[UInt8]]) {
        phrases.reserveCapacity(folded.count)
        for (index, text) in folded.enumerated() {
            let words = Self.words(text)
            phrases.append(words)
            guard !words.isEmpty else { continue }
            buckets[Self.key(words, from: 0, count: min(Self.prefixWords, words.count)), default: []].append(Int32(index))
        }
    }

    /// The indices of every phrase that occurs in `folded` as a run of whole words.
    func matches(in folded: [UInt8]) -> Set<Int> {
        let words = Self.words(folded)
        var found = Set<Int>()
        for start in words.indices {
            for length in 1...Self.prefixWords where start + length <= words.count {
                guard let candidates = buckets[Self.key(words, from: start, count: length)] else { continue }
                for candidate in candidates {
                    let phrase = phrases[Int(candidate)]
                    guard min(Self.prefixWords, phrase.count) == length, start + phrase.count <= words.count else { continue }
                    if words[start..<start + phrase.count].elementsEqual(phrase) { found.insert(Int(candidate)) }
                }
            }
        }
        return found
    }

    /// FNV-1a hashes of the space-separated words of folded text.
    static func words(_ folded: [UInt8]) -> [UInt64] {
        var hashes: [UInt64] = []
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        for byte in folded {
            if byte == 0x20 || byte == 0x0A {
                if inWord { hashes.append(hash) }
                hash = 0xcbf2_9ce4_8422_2325
                inWord = false
            } else {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                inWord = true
            }
        }
        if inWord { hashes.append(hash) }
        return hashes
    }

    private static func key(_ words: [UInt64], from start: Int, count: Int) -> UInt64 {
        var key = UInt64(count) &* 0x9E37_79B9_7F4A_7C15
        for word in words[start..<start + count] { key = (key ^ word) &* 0x100_0000_01b3 &+ 0x2545_F491 }
        return key
    }
}
