/// Suggests the field a user probably meant. Words people use for "private" map to it
/// explicitly: a misspelt visibility flag must never quietly publish what was meant to be hidden.
enum DidYouMean {
    static let privateSynonyms: Set<String> = [
        "internal", "hidden", "secret", "confidential", "public", "visible", "visibility",
        "isprivate", "is_private", "is-private", "private_", "privat", "privte", "priavte", "prvate", "pirvate",
    ]

    static func suggestion(for key: String, among known: [String]) -> String? {
        let lowered = key.lowercased()
        if known.contains("private"), privateSynonyms.contains(lowered) { return "private" }
        if let exact = known.first(where: { $0.lowercased() == lowered }) { return exact }
        let limit = max(1, key.count / 3)
        let ranked = known
            .map { ($0, distance(lowered, $0.lowercased())) }
            .filter { $0.1 <= limit }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        return ranked.first?.0
    }

    /// Damerau–Levenshtein (optimal string alignment) distance: a swapped pair counts once.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
