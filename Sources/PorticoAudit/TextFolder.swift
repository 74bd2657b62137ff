import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The fold: lowercase letters and digits, anything else a word break, one space between words.
/// The original folded Characters: a Character is a word character when its first scalar is
/// alphabetic or numeric, and then all of it (combining marks included) is kept.
struct TextFolder {
    /// The output so far (owned: `release()` frees it).
    private var out: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    var pendingSpace = false
    let scalars: ScalarCache
    /// The last scalar folded, and the output before it, to take it back if what follows joins it.
    private(set) var last: UInt32 = 0
    private var hasLast = false
    private var countBeforeLast = 0
    private var pendingBeforeLast = false
    /// A stretch where scalars may join (a combining mark and what it sits on), folded by Swift.
    private var joining: [UInt8] = []
    private var inJoining = false
    private var joiningEndsSimple = false

    init(capacity: Int, scalars: ScalarCache) {
        self.capacity = max(capacity, 16)
        out = .allocate(capacity: self.capacity)
        self.scalars = scalars
    }

    @inline(__always)
    mutating func ascii(_ byte: UInt8) {
        if inJoining {
            if joiningEndsSimple {
                flushJoining()
            } else {
                joining.append(byte)
                joiningEndsSimple = true
                last = UInt32(byte)
                return
            }
        }
        countBeforeLast = count
        pendingBeforeLast = pendingSpace
        last = UInt32(byte)
        hasLast = true
        let folded = Self.fold(byte)
        if folded != 0 {
            if pendingSpace {
                if count > 0 { put(0x20) }
                pendingSpace = false
            }
            put(folded)
        } else {
            pendingSpace = true
        }
    }

    /// An ASCII byte folded: a letter lowercased, a digit as it is, 0 for a word break.
    @inline(__always)
    private static func fold(_ byte: UInt8) -> UInt8 {
        let lower = byte | 0x20
        if (byte &- 0x30) < 10 { return byte }
        return (lower &- 0x61) < 26 ? lower : 0
    }

    /// Folds the ASCII bytes from `start` up to the first non-ASCII byte (or, in markup, `<` or
    /// `&`), as `ascii(_:)` one by one would; returns where it stopped.
    @inline(__always)
    mutating func plain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, markup: Bool) -> Int {
        let end = bytes.count
        var index = start
        @inline(__always) func isPlain(_ byte: UInt8) -> Bool {
            byte < 0x80 && (!markup || (byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&")))
        }
        while inJoining, index < end, isPlain(bytes[index]) {
            ascii(bytes[index])
            index += 1
        }
        guard index < end, isPlain(bytes[index]) else { return index }
        // Room for a space and a byte per byte left.
        if capacity - count < 2 * (end - index) + 2 { grow(to: count + 2 * (end - index) + 2) }
        let out = self.out
        var written = count, pending = pendingSpace
        var before = countBeforeLast, pendingBefore = pendingBeforeLast, lastByte: UInt8 = 0
        // Each byte's fold from a table (see `foldTable`): one load instead of three range tests.
        (markup ? Self.markupFolds : Self.textFolds).withUnsafeBufferPointer { folds in
            while index < end {
                let byte = bytes[index]
                let folded = folds[Int(byte)]
                if folded == Self.stop { break }
                before = written
                pendingBefore = pending
                lastByte = byte
                if folded != 0 {
                    if pending {
                        if written > 0 { out[written] = 0x20; written += 1 }
                        pending = false
                    }
                    out[written] = folded
                    written += 1
                } else {
                    pending = true
                }
                index += 1
            }
        }
        count = written
        pendingSpace = pending
        countBeforeLast = before
        pendingBeforeLast = pendingBefore
        last = UInt32(lastByte)
        hasLast = true
        return index
    }

    /// What `plain` makes of each byte: `fold`, or `stop` where the plain run ends (a byte of a
    /// multi-byte scalar; in markup, `<` and `&`).
    private static let stop: UInt8 = 0xFF
    private static let textFolds = foldTable(markup: false)
    private static let markupFolds = foldTable(markup: true)

    private static func foldTable(markup: Bool) -> [UInt8] {
        (0...255).map { (value: Int) -> UInt8 in
            let byte = UInt8(value)
            if byte >= 0x80 || (markup && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&"))) { return stop }
            return fold(byte)
        }
    }

    mutating func scalar(_ value: UInt32) {
        let info = scalars.info(value)
        if inJoining {
            if info.simple && joiningEndsSimple {
                flushJoining()
            } else {
                UTF8Scan.append(value, to: &joining)
                joiningEndsSimple = info.simple
                last = value
                return
            }
        }
        guard info.simple else {
            // Take back the scalar before (it may be what this one joins) and fold both, and what
            // follows, as Swift's Characters.
            joining.removeAll(keepingCapacity: true)
            if hasLast {
                count = countBeforeLast
                pendingSpace = pendingBeforeLast
                UTF8Scan.append(last, to: &joining)
            }
            UTF8Scan.append(value, to: &joining)
            inJoining = true
            joiningEndsSimple = false
            last = value
            return
        }
        countBeforeLast = count
        pendingBeforeLast = pendingSpace
        last = value
        hasLast = true
        for byte in info.fold {
            if byte == 0x20 {
                pendingSpace = true
            } else {
                if pendingSpace {
                    if count > 0 { put(0x20) }
                    pendingSpace = false
                }
                put(byte)
            }
        }
    }

    /// Folds the joining stretch, which ends in a simple scalar: the simple scalar that comes next
    /// starts a grapheme of its own, so what follows folds on its own.
    private mutating func flushJoining() {
        fold(String(decoding: joining, as: UTF8.self))
        inJoining = false
        hasLast = false
    }

    /// The original fold of a String, continuing this one.
    private mutating func fold(_ text: String) {
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingSpace, count > 0 { put(0x20) }
                pendingSpace = false
                for byte in character.utf8 { put(byte) }
            } else {
                pendingSpace = true
            }
        }
    }

    /// Starts a new text with the same buffer (folding many short texts with one folder).
    mutating func reset() {
        count = 0
        pendingSpace = false
        last = 0
        hasLast = false
        countBeforeLast = 0
        pendingBeforeLast = false
        joining.removeAll(keepingCapacity: true)
        inJoining = false
        joiningEndsSimple = false
    }

    /// The folded text, lent to `body` (valid until the folder folds again or is released).
    mutating func withFinished<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if inJoining {
            fold(String(decoding: joining, as: UTF8.self))
            inJoining = false
        }
        return body(UnsafeBufferPointer(start: out, count: count))
    }

    /// The folded text (the folder stays usable until released).
    mutating func finish() -> [UInt8] {
        withFinished { Array($0) }
    }

    func release() {
        out.deallocate()
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        if count == capacity { grow() }
        out[count] = byte
        count += 1
    }

    private mutating func grow(to minimum: Int = 0) {
        let larger = max(capacity * 2, minimum)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        buffer.update(from: out, count: count)
        out.deallocate()
        out = buffer
        capacity = larger
    }
}
