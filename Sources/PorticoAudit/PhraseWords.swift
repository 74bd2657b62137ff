/// Phrases as the hashes of their words (`PhraseIndex.words`), one after the other in one
/// array: what the phrase index is made from, and what the audit cache keeps of a client's
/// texts (never the texts themselves).
public struct PhraseWords: Sendable, Equatable {
    /// Phrase `i` is `words[starts[i]..<starts[i + 1]]`.
    public private(set) var words: [UInt64] = []
    public private(set) var starts: [Int32] = [0]

    public init() {}

    /// Phrases read back from `words` and `starts` as `words` and `starts` gave them; nil when
    /// they do not describe phrases (a damaged cache).
    public init?(words: [UInt64], starts: [Int32]) {
        guard starts.first == 0, starts.last.map(Int.init) == words.count,
              zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }) else { return nil }
        self.words = words
        self.starts = starts
    }

    public var count: Int { starts.count - 1 }

    public subscript(index: Int) -> ArraySlice<UInt64> {
        words[Int(starts[index])..<Int(starts[index + 1])]
    }

    public mutating func append<Words: Collection<UInt64>>(_ phrase: Words) {
        words.append(contentsOf: phrase)
        starts.append(Int32(words.count))
    }

    /// Room for `words` more words in `phrases` more phrases, so that appending many does not grow
    /// (copy, and touch new memory for) arrays of megabytes again and again.
    public mutating func reserveCapacity(words more: Int, phrases: Int) {
        words.reserveCapacity(words.count + more)
        starts.reserveCapacity(starts.count + phrases)
    }

    /// Appends every phrase of `other`, in order.
    public mutating func append(contentsOf other: PhraseWords) {
        let base = Int32(words.count)
        words.append(contentsOf: other.words)
        starts.append(contentsOf: other.starts.dropFirst().map { $0 + base })
    }
}
