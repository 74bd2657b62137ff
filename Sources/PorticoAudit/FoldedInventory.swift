import Foundation

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
            // Every needle is folded into one buffer and looked up there; only a phrase not seen
            // before becomes an array (a client writes the same lines in many tickets).
            var folder = TextFolder(capacity: 4096, scalars: ScalarCache())
            defer { folder.release() }
            var table = FoldedTable(capacity: inventory.privatePieces.count + inventory.allPieces.count)
            var places: [(group: Int32, value: Int32)] = []
            places.reserveCapacity(inventory.privatePieces.count + inventory.allPieces.count)
            inventory.bytes.withUnsafeBufferPointer { bytes in
                func add(_ needle: Int32, _ piece: AuditInventory.Piece) {
                    TextNormalizer.store(UnsafeBufferPointer(rebasing: bytes[piece.start..<piece.end]), into: &folder)
                    folder.withFinished { folded in
                        guard folded.count >= Int(piece.minimumBytes) else { return }
                        let hash = FoldedTable.hash(folded)
                        let (found, slot) = table.find(folded, hash: hash, in: keys)
                        if let found {
                            places.append((found, needle))
                            return
                        }
                        let key = FoldedKey(Array(folded), hash: hash)
                        table.file(Int32(keys.count), hash: hash, at: slot)
                        places.append((Int32(keys.count), needle))
                        keys.append(key)
                        words.append(PhraseIndex.words(key.bytes))
                    }
                }
                for (number, piece) in inventory.privatePieces.enumerated() { add(AuditInventory.privateReference(number), piece) }
                for (number, piece) in inventory.allPieces.enumerated() { add(Int32(number), piece) }
            }
            needles = Grouped(places, groups: keys.count)
            var shown = [Bool](repeating: false, count: inventory.allPieces.count)
            for inAll in inventory.publicInAll where inAll >= 0 { shown[Int(inAll)] = true }
            publicPhrases = [UInt64](repeating: 0, count: (keys.count + 63) / 64)
            for phrase in 0..<keys.count where needles[phrase].contains(where: { $0 >= 0 && shown[Int($0)] }) {
                publicPhrases[phrase >> 6] |= 1 << UInt64(phrase & 63)
            }
        }
    }

    /// Open addressing from folded bytes to the number of the phrase in `keys` that holds them.
    struct FoldedTable {
        /// A phrase's number plus one (0: empty), and the hash it was filed under.
        private var slots: [(phrase: Int32, hash: UInt64)]
        private let mask: Int

        init(capacity: Int) {
            var size = 16
            while size < 2 * capacity { size <<= 1 }
            slots = Array(repeating: (0, 0), count: size)
            mask = size - 1
        }

        /// The number of the phrase in `keys` with these bytes (whose `hash` they are), or where
        /// to file it (`file`).
        func find(_ folded: UnsafeBufferPointer<UInt8>, hash: UInt64, in keys: [FoldedKey]) -> (phrase: Int32?, slot: Int) {
            var slot = Int(truncatingIfNeeded: hash >> 7) & mask
            while slots[slot].phrase != 0 {
                let phrase = slots[slot].phrase - 1
                if slots[slot].hash == hash, keys[Int(phrase)].bytes.withUnsafeBufferPointer({
                    $0.count == folded.count && memcmp($0.baseAddress!, folded.baseAddress!, folded.count) == 0
                }) {
                    return (phrase, slot)
                }
                slot = (slot + 1) & mask
            }
            return (nil, slot)
        }

        /// Files phrase number `phrase` at the empty slot `find` gave for its bytes.
        mutating func file(_ phrase: Int32, hash: UInt64, at slot: Int) {
            slots[slot] = (phrase + 1, hash)
        }

        /// A 64-bit hash of bytes, eight at a time (the table is the audit's own, from store text).
        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            guard let base = bytes.baseAddress else { return hash }
            let raw = UnsafeRawPointer(base)
            var index = 0
            while index + 8 <= bytes.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
                index += 8
            }
            var tail: UInt64 = 0, shift: UInt64 = 0
            while index < bytes.count {
                tail |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            return hash ^ (hash >> 29)
        }
    }
}
