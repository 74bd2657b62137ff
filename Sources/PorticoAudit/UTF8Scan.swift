import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// UTF-8 decoding as `String(decoding:as:)` does it: an ill-formed sequence becomes U+FFFD and the
/// next byte that can start a scalar starts the next one.
enum UTF8Scan {
    /// The scalar at `index` (a byte of 0x80 or more) and its length in bytes.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let count = bytes.count
        let lead = bytes[index]
        @inline(__always) func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> UInt32? {
            guard index + offset < count else { return nil }
            let byte = bytes[index + offset]
            return byte >= low && byte <= high ? UInt32(byte & 0x3F) : nil
        }
        switch lead {
        case 0xC2...0xDF:
            if let second = continuation(1) { return (UInt32(lead & 0x1F) << 6 | second, 2) }
        case 0xE0...0xEF:
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80, high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            if let second = continuation(1, low, high), let third = continuation(2) {
                return (UInt32(lead & 0x0F) << 12 | second << 6 | third, 3)
            }
        case 0xF0...0xF4:
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80, high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            if let second = continuation(1, low, high), let third = continuation(2), let fourth = continuation(3) {
                return (UInt32(lead & 0x07) << 18 | second << 12 | third << 6 | fourth, 4)
            }
        default:
            break
        }
        return (0xFFFD, 1)
    }

    /// The scalar that ends just before `index` (U+FFFD if the bytes there are ill-formed).
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, endingBefore index: Int) -> UInt32 {
        var start = index - 1
        if bytes[start] < 0x80 { return UInt32(bytes[start]) }
        while start > 0, index - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        if bytes[start] < 0x80 { return 0xFFFD }
        let (scalar, length) = decode(bytes, at: start)
        return start + length == index ? scalar : 0xFFFD
    }

    /// Whether the scalar starting at `index` would join the character before it into one grapheme.
    @inline(__always)
    static func extendsNext(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, scalars: ScalarCache) -> Bool {
        guard index < bytes.count, bytes[index] >= 0x80 else { return false }
        return scalars.info(decode(bytes, at: index).0).extends
    }

    /// Whether the scalar starting at `index` is a mark that joins what comes before it, in Swift's
    /// grapheme breaking or in Foundation's search: where the fast pass stops and lets the original decide.
    @inline(__always)
    static func markNext(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, scalars: ScalarCache) -> Bool {
        guard index < bytes.count, bytes[index] >= 0x80 else { return false }
        let info = scalars.info(decode(bytes, at: index).0)
        return info.extends || info.blocksSearch
    }

    /// Whether the scalar starting at `index` keeps Foundation's search from matching what ends there.
    @inline(__always)
    static func blocksSearchBefore(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, scalars: ScalarCache) -> Bool {
        guard index < bytes.count, bytes[index] >= 0x80 else { return false }
        return scalars.info(decode(bytes, at: index).0).blocksSearch
    }

    /// Whether the scalar before `index` would join the character at `index` into one grapheme.
    @inline(__always)
    static func prependsPrevious(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int, scalars: ScalarCache) -> Bool {
        guard index > 0, bytes[index - 1] >= 0x80 else { return false }
        return scalars.info(scalar(bytes, endingBefore: index)).prepends
    }

    /// The index of the next `byte` from `start`, or the count if there is none.
    static func next(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, Int32(byte), bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte &- 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte &- 0x57)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte &- 0x37)
        default: return nil
        }
    }

    static func length(of scalar: UInt32) -> Int {
        scalar < 0x80 ? 1 : scalar < 0x800 ? 2 : scalar < 0x10000 ? 3 : 4
    }

    static func encode(_ scalar: UInt32) -> [UInt8] {
        var bytes: [UInt8] = []
        append(scalar, to: &bytes)
        return bytes
    }

    @inline(__always)
    static func append(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            bytes.append(UInt8(scalar))
        case ..<0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
