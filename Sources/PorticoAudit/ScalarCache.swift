import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the fold needs to know of a non-ASCII scalar, worked out once with Swift's own grapheme
/// breaking and case mapping.
struct ScalarInfo: Sendable {
    /// A grapheme on its own whatever its neighbours (no grapheme rule joins it to anything), and so
    /// is each scalar of its lowercase form.
    var simple: Bool
    /// Joins a preceding letter into one grapheme (combining marks, ZWJ, spacing marks).
    var extends: Bool
    /// Joins a following letter into one grapheme (prepended concatenation marks).
    var prepends: Bool
    /// Keeps Foundation's `replacingOccurrences` and `contains` from matching text just before it
    /// (its own list of combining marks; all of them also extend, in Swift's grapheme breaking).
    var blocksSearch: Bool
    /// For a simple scalar, its lowercase form folded: the UTF-8 of each word scalar, 0x20 for each other.
    var fold: [UInt8]

    init(_ value: UInt32) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        extends = Self.joins("a", scalar)
        prepends = Self.joins(scalar, "a")
        var probe = String.UnicodeScalarView("&lt;".unicodeScalars)
        probe.append(scalar)
        blocksSearch = !String(probe).replacingOccurrences(of: "&lt;", with: "<").unicodeScalars.contains("<")
        simple = !Self.mayJoin(scalar)
        fold = []
        guard simple else { return }
        for lower in scalar.properties.lowercaseMapping.unicodeScalars {
            if lower != scalar, Self.mayJoin(lower) { simple = false; fold = []; return }
            let character = Character(lower)
            if character.isLetter || character.isNumber {
                fold += Array(String(character).utf8)
            } else {
                fold.append(0x20)
            }
        }
    }

    /// Whether any grapheme rule can join `scalar` to a neighbour. Rules that join two scalars with no
    /// prepended or extending mark between them: Hangul syllable sequences and regional indicator pairs.
    /// Longer rules (Indic conjuncts, emoji ZWJ sequences) join only across a mark that extends.
    private static func mayJoin(_ scalar: Unicode.Scalar) -> Bool {
        let hangulL: Unicode.Scalar = "\u{1100}", hangulV: Unicode.Scalar = "\u{1161}", hangulT: Unicode.Scalar = "\u{11A8}"
        let hangulLV: Unicode.Scalar = "\u{AC00}", hangulLVT: Unicode.Scalar = "\u{AC01}", flag: Unicode.Scalar = "\u{1F1F8}"
        return joins("a", scalar) || joins(scalar, "a")
            || joins(hangulL, scalar) || joins(hangulLV, scalar) || joins(hangulLVT, scalar)
            || joins(scalar, hangulL) || joins(scalar, hangulV) || joins(scalar, hangulT)
            || joins(flag, scalar) || joins(scalar, flag)
    }

    private static func joins(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> Bool {
        var pair = String.UnicodeScalarView()
        pair.append(first)
        pair.append(second)
        return String(pair).count == 1
    }
}

/// Scalar facts, cached per thread (no locking on the way) in front of one shared table.
final class ScalarCache {
    private var local: [UInt32: ScalarInfo] = [:]

    @inline(__always)
    func info(_ value: UInt32) -> ScalarInfo {
        if let known = local[value] { return known }
        let info = SharedScalarTable.shared.info(value)
        local[value] = info
        return info
    }
}

final class SharedScalarTable: @unchecked Sendable {
    static let shared = SharedScalarTable()
    private let lock = NSLock()
    private var infos: [UInt32: ScalarInfo] = [:]

    func info(_ value: UInt32) -> ScalarInfo {
        lock.lock()
        let known = infos[value]
        lock.unlock()
        if let known { return known }
        let info = ScalarInfo(value)
        lock.lock()
        infos[value] = info
        lock.unlock()
        return info
    }
}
