import Foundation

/// Each client's phrases of the index that occur in the text it shows (not findings in its
/// portal), worked out the first time a scan asks for a client and kept for the other scans
/// (scans of one portal run on several threads).
final class CommonPhrases: @unchecked Sendable {
    private let lock = NSLock()
    private var sets: [Set<Int32>?]

    init(clients: Int) {
        sets = Array(repeating: nil, count: clients)
    }

    func phrases(of client: Int, _ make: () -> Set<Int32>) -> Set<Int32> {
        lock.lock()
        defer { lock.unlock() }
        if let known = sets[client] { return known }
        let made = make()
        sets[client] = made
        return made
    }
}

extension Auditor.Preparation {
    /// Whether `phrase` is one of client number `client`'s own phrases that it shows (one of its
    /// needles for it is a text the client shows): most phrases a portal shows are, and that
    /// settles them without the client's public text being searched.
    func isShownOwnPhrase(_ phrase: Int32, of client: Int) -> Bool {
        guard Int(phrase) < sources.count else { return false }
        // A phrase's places are in client order, a client's at most once.
        let places = sources[Int(phrase)]
        var low = places.startIndex, high = places.endIndex
        while low < high {
            let middle = (low + high) / 2
            if Self.unpack(places[middle]).client < client { low = middle + 1 } else { high = middle }
        }
        guard low < places.endIndex, case let (found, number) = Self.unpack(places[low]), found == client else { return false }
        return publicPhrases[client][number >> 6] & (1 << UInt64(number & 63)) != 0
    }

    /// Every phrase of the index in the text client number `client` shows: searched for the first
    /// time a scan needs it (see `isShownOwnPhrase`), then kept.
    func phrasesInPublicText(of client: Int) -> Set<Int32> {
        commonHere.phrases(of: client) { Auditor.phrases(of: index, inPublicTextOf: inventories[client]) }
    }

    /// Whether `phrase` occurs in the text client number `client` shows.
    func isCommon(_ phrase: Int32, in client: Int) -> Bool {
        isShownOwnPhrase(phrase, of: client) || phrasesInPublicText(of: client).contains(phrase)
    }
}
