extension Auditor {
    /// One client's texts folded: its distinct phrases (long enough to mean something) in order
    /// of first appearance (private texts first), the needles each was written in, and which of
    /// them the client shows. The needles are numbers (`AuditInventory.needle(_:)`): a finding's
    /// secrets are made from them when there is a finding, not one for every place a phrase was
    /// written while the audit is prepared.
    struct FoldedInventory: Sendable {
        /// Each phrase's folded text.
        var keys: [FoldedKey] = []
        /// The words of each phrase, in the same order.
        var words = PhraseWords()
        /// By phrase: the needles it was written in, in the order they were added; the first is
        /// the text it was first found as.
        var needles = Grouped<Int32>()
        /// A bit per phrase: set when one of its needles is a text the client shows (so the
        /// phrase is in its public text, and no finding in its portal).
        var publicPhrases: [UInt64] = []

        init(_ inventory: AuditInventory) {
            let scalars = ScalarCache()
            let allText = inventory.allText.map { FoldedKey(TextNormalizer.store($0.text, scalars: scalars)) }
            var ids: [FoldedKey: Int32] = [:]
            var places: [(group: Int32, value: Int32)] = []
            places.reserveCapacity(inventory.privateText.count + inventory.allText.count)
            func add(_ needle: Int32, minimumBytes: Int, _ key: FoldedKey) {
                guard key.bytes.count >= minimumBytes else { return }
                if let id = ids[key] {
                    places.append((id, needle))
                } else {
                    let id = Int32(keys.count)
                    ids[key] = id
                    keys.append(key)
                    words.append(PhraseIndex.words(key.bytes))
                    places.append((id, needle))
                }
            }
            for (number, (needle, inAll)) in zip(inventory.privateText, inventory.privateInAll).enumerated() {
                let key = inAll >= 0 ? allText[Int(inAll)] : FoldedKey(TextNormalizer.store(needle.text, scalars: scalars))
                add(AuditInventory.privateReference(number), minimumBytes: needle.minimumBytes, key)
            }
            for (number, (needle, key)) in zip(inventory.allText, allText).enumerated() {
                add(Int32(number), minimumBytes: needle.minimumBytes, key)
            }
            needles = Grouped(places, groups: keys.count)
            var shown = [Bool](repeating: false, count: inventory.allText.count)
            for inAll in inventory.publicInAll where inAll >= 0 { shown[Int(inAll)] = true }
            publicPhrases = [UInt64](repeating: 0, count: (keys.count + 63) / 64)
            for phrase in 0..<keys.count where needles[phrase].contains(where: { $0 >= 0 && shown[Int($0)] }) {
                publicPhrases[phrase >> 6] |= 1 << UInt64(phrase & 63)
            }
        }
    }
}
