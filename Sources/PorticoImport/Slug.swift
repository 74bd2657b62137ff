import Foundation
import PorticoStore

/// Store ids made from names: "Write homepage copy!" → `write-homepage-copy`.
enum Slug {
    /// Lowercase ASCII letters and digits joined by single hyphens, at most `limit` characters
    /// (cut at a hyphen where possible); empty when the name has no letters or digits.
    static func make(_ name: String, limit: Int = 48) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
            .replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "æ", with: "ae")
            .replacingOccurrences(of: "ø", with: "o").replacingOccurrences(of: "đ", with: "d")
            .replacingOccurrences(of: "ł", with: "l").replacingOccurrences(of: "&", with: " and ")
            .lowercased()
        var slug = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            let isAlphanumeric = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isAlphanumeric {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.unicodeScalars.append(scalar)
            } else if scalar != "'" && scalar != "’" {
                pendingHyphen = true
            }
        }
        if slug.count > limit {
            let cut = String(slug.prefix(limit))
            if let hyphen = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: hyphen) >= limit / 2 {
                slug = String(cut[..<hyphen])
            } else {
                slug = cut.hasSuffix("-") ? String(cut.dropLast()) : cut
            }
        }
        return slug
    }

    /// `base`, or `base-2`, `base-3`, … : the first that `isTaken` refuses and that is a valid id.
    static func unique(_ base: String, isTaken: (String) -> Bool) -> String {
        if Identifier.isValid(base), !isTaken(base) { return base }
        var number = 2
        while true {
            let suffix = "-\(number)"
            let candidate = String(base.prefix(64 - suffix.count)) + suffix
            if Identifier.isValid(candidate), !isTaken(candidate) { return candidate }
            number += 1
        }
    }
}
