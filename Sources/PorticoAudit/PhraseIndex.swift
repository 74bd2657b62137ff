/// Finds which of many phrases occur, as whole words, in folded text (see `TextNormalizer`).
/// Phrases are indexed by the hashes of their first words, so one pass over a text finds every
/// phrase whatever their number: the audit stays linear in the size of the store and the output,
/// with one index for all clients rather than one per client.
///
/// A phrase is found where a run of the text's words has the phrase's length, first words and
/// 64-bit hash of all its words (word hashes are 64-bit too). Two different runs of words agree
/// on all of it with a chance of 2^-64 per comparison, and only runs that share their first words
/// and length are compared; the phrases' own words are not kept, as comparing them cost a cache
/// miss per phrase found (a portal shows all its own phrases).
///
/// An open-addressing table maps the key of a phrase's first one to three words to the phrases
/// starting with them, and bit sets of phrases' first words and of those keys (small enough to
/// stay in cache) skip most of a text's words without touching it. Templated text makes buckets
/// long (every client's "Collect the open invoices for Client N" starts alike: a bucket per
/// template with a phrase per client), so a bucket is split by phrase length into runs sorted by
/// hash: a text's span is looked up once per length, by binary search, whatever the number of clients.
struct PhraseIndex: Sendable {
    private(set) var count = 0
    /// Open addressing: a slot's key (0: empty) and its runs, `runs[first..<first + count]`.
    private var slotKeys: [UInt64] = []
    private var slotRanges: [(first: Int32, count: Int32)] = []
    /// A bucket's phrases of one length: `entries[first..<end]`, sorted by hash.
    private var runs: [Run] = []
    /// Phrases with the hash of all their words.
    private var entries: [Entry] = []
    private var slotMask = 0
    /// One bit per key in the table, and one per phrase's first word: sized to stay in cache.
    private var keyBits: [UInt64] = []
    private var keyShift: UInt64 = 64
    private var firstBits: [UInt64] = []
    private var firstShift: UInt64 = 64
    /// `multiplier` to the power of each phrase length, for hashes of spans of a text.
    private var powers: [UInt64] = [1]
    private static let prefixWords = 3
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15 | 1

    private struct Entry {
        var phrase: Int32
        var count: Int32
        var hash: UInt64
    }

    private struct Run {
        var count: Int32
        var first: Int32
        var end: Int32
    }

    init(_ folded: [[UInt8]]) {
        var phrases = PhraseWords()
        for text in folded { phrases.append(Self.words(text)) }
        self.init(phrases)
    }

    /// The index of phrases given by their words' hashes (`words` of their folded text).
    init(_ phrases: PhraseWords) {
        var buckets: [UInt64: [Entry]] = [:]
        var firstWords = Set<UInt64>()
        var longest = 0
        count = phrases.count
        for index in 0..<phrases.count {
            let phrase = phrases[index]
            guard !phrase.isEmpty else { continue }
            longest = max(longest, phrase.count)
            firstWords.insert(phrase[phrase.startIndex])
            var key = Self.seed
            for word in phrase.prefix(Self.prefixWords) { key = Self.extend(key, word) }
            var hash: UInt64 = 0
            for word in phrase { hash = hash &* Self.multiplier &+ word }
            buckets[Self.slotKey(key), default: []].append(Entry(phrase: Int32(index), count: Int32(phrase.count), hash: hash))
        }
        (keyBits, keyShift) = Self.bitSet(buckets.keys)
        (firstBits, firstShift) = Self.bitSet(firstWords)
        for _ in 0..<longest { powers.append(powers[powers.count - 1] &* Self.multiplier) }
        var capacity = 16
        while capacity < buckets.count * 2 { capacity <<= 1 }
        slotMask = capacity - 1
        slotKeys = [UInt64](repeating: 0, count: capacity)
        slotRanges = [(first: Int32, count: Int32)](repeating: (0, 0), count: capacity)
        // In key order, so the layout does not depend on dictionary order.
        for key in buckets.keys.sorted() {
            var slot = Self.slot(key, mask: slotMask)
            while slotKeys[slot] != 0 { slot = (slot + 1) & slotMask }
            let bucket = buckets[key]!.sorted { ($0.count, $0.hash, $0.phrase) < ($1.count, $1.hash, $1.phrase) }
            slotKeys[slot] = key
            let firstRun = runs.count
            for entry in bucket {
                if runs.count == firstRun || runs[runs.count - 1].count != entry.count {
                    runs.append(Run(count: entry.count, first: Int32(entries.count), end: Int32(entries.count)))
                }
                entries.append(entry)
                runs[runs.count - 1].end = Int32(entries.count)
            }
            slotRanges[slot] = (Int32(firstRun), Int32(runs.count - firstRun))
        }
    }

    /// The indices of every phrase that occurs in `folded` as a run of whole words.
    func matches(in folded: [UInt8]) -> Set<Int> {
        Set(matchList(in: folded).map(Int.init))
    }

    /// The indices of every phrase that occurs in `folded`, ascending, each once.
    func matchList(in folded: [UInt8]) -> [Int32] {
        let text = Self.words(folded)
        var found: [Int32] = []
        guard !text.isEmpty, !slotKeys.isEmpty else { return found }
        // prefix[i]: hash of the text's first i words; the hash of words i..<j is
        // prefix[j] - prefix[i] * multiplier^(j - i).
        var prefix = [UInt64](repeating: 0, count: text.count + 1)
        for index in text.indices { prefix[index + 1] = prefix[index] &* Self.multiplier &+ text[index] }
        text.withUnsafeBufferPointer { text in
        prefix.withUnsafeBufferPointer { prefix in
        slotKeys.withUnsafeBufferPointer { slotKeys in
        slotRanges.withUnsafeBufferPointer { slotRanges in
        runs.withUnsafeBufferPointer { runs in
        entries.withUnsafeBufferPointer { entries in
        powers.withUnsafeBufferPointer { powers in
        keyBits.withUnsafeBufferPointer { keyBits in
        firstBits.withUnsafeBufferPointer { firstBits in
            for start in 0..<text.count {
                var key = Self.seed
                guard Self.contains(text[start], in: firstBits, shift: firstShift) else { continue }
                for length in 1...min(Self.prefixWords, text.count - start) {
                    key = Self.extend(key, text[start + length - 1])
                    let wanted = Self.slotKey(key)
                    guard Self.contains(wanted, in: keyBits, shift: keyShift) else { continue }
                    var slot = Self.slot(wanted, mask: slotMask)
                    while slotKeys[slot] != 0, slotKeys[slot] != wanted { slot = (slot + 1) & slotMask }
                    guard slotKeys[slot] == wanted else { continue }
                    let range = slotRanges[slot]
                    for run in runs[Int(range.first)..<Int(range.first + range.count)] {
                        let count = Int(run.count)
                        guard min(Self.prefixWords, count) == length, start + count <= text.count else { continue }
                        let wanted = prefix[start + count] &- prefix[start] &* powers[count]
                        var low = Int(run.first), high = Int(run.end)
                        while low < high {
                            let middle = (low + high) / 2
                            if entries[middle].hash < wanted { low = middle + 1 } else { high = middle }
                        }
                        while low < Int(run.end), entries[low].hash == wanted {
                            found.append(entries[low].phrase)
                            low += 1
                        }
                    }
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        guard found.count > 1 else { return found }
        // A page holds hundreds of its own client's phrases: when they are many for the index's
        // size, a bit per phrase gives them ascending and once, cheaper than sorting them.
        if count / 64 < found.count * 8 {
            var bits = [UInt64](repeating: 0, count: (count + 63) / 64)
            for phrase in found { bits[Int(phrase) >> 6] |= 1 << UInt64(phrase & 63) }
            found.removeAll(keepingCapacity: true)
            for (word, value) in bits.enumerated() where value != 0 {
                var rest = value
                while rest != 0 {
                    found.append(Int32(word << 6 | rest.trailingZeroBitCount))
                    rest &= rest - 1
                }
            }
            return found
        }
        found.sort()
        var unique = 1
        for index in 1..<found.count where found[index] != found[unique - 1] {
            found[unique] = found[index]
            unique += 1
        }
        found.removeLast(found.count - unique)
        return found
    }

    /// FNV-1a hashes of the space-separated words of folded text.
    static func words(_ folded: [UInt8]) -> [UInt64] {
        var hashes: [UInt64] = []
        hashes.reserveCapacity(folded.count / 6 + 1)
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

    private static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    private static func extend(_ key: UInt64, _ word: UInt64) -> UInt64 {
        (key ^ word) &* 0x100_0000_01b3 &+ 0x2545_F491
    }

    /// Keys are never 0, the empty slot's mark (two keys sharing a slot only cost a comparison).
    @inline(__always)
    private static func slotKey(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always)
    private static func slot(_ key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) >> 32) & mask
    }

    /// A bit set with about 16 bits per value (at least 4,096), and the shift that picks a bit.
    private static func bitSet(_ values: some Collection<UInt64>) -> ([UInt64], UInt64) {
        var bits = 12
        while 1 << bits < values.count * 16 && bits < 26 { bits += 1 }
        var set = [UInt64](repeating: 0, count: (1 << bits) / 64)
        let shift = UInt64(64 - bits)
        for value in values {
            let bit = Int(truncatingIfNeeded: (value &* 0x9E37_79B9_7F4A_7C15) >> shift)
            set[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        return (set, shift)
    }

    @inline(__always)
    private static func contains(_ value: UInt64, in set: UnsafeBufferPointer<UInt64>, shift: UInt64) -> Bool {
        let bit = Int(truncatingIfNeeded: (value &* 0x9E37_79B9_7F4A_7C15) >> shift)
        return set[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
}
