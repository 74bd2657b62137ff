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
    /// Whether `phrase` occurs in the text client number `client` shows. Most phrases a portal
    /// shows are its client's own (one of its needles is a text it shows): that settles it
    /// without the client's public text being searched, which is then done once, for the rest.
    func isCommon(_ phrase: Int32, in client: Int) -> Bool {
        if Int(phrase) < sources.count {
            // A phrase's places are in client order, a client's at most once.
            let places = sources[Int(phrase)]
            var low = places.startIndex, high = places.endIndex
            while low < high {
                let middle = (low + high) / 2
                if Int(places[middle] >> 32) < client { low = middle + 1 } else { high = middle }
            }
            if low < places.endIndex, Int(places[low] >> 32) == client {
                let number = Int(places[low] & 0xFFFF_FFFF)
                if publicPhrases[client][number >> 6] & (1 << UInt64(number & 63)) != 0 { return true }
            }
        }
        return commonHere.phrases(of: client) {
            Set(index.matchList(in: Auditor.corpus(inventories[client].publicText.map(String.init))))
        }.contains(phrase)
    }
}
