/// Links between output files, always relative so a portal works under any path and from file://.
enum RelativePath {
    /// The href from the page at `from` to the file at `to`, both relative to one root.
    /// (Empty components, as in `a//b`, do not count; the link joins the rest with single `/`.)
    static func href(from: String, to: String) -> String {
        var from = from, to = to
        let fast: String? = from.withUTF8 { source in
            to.withUTF8 { target in
                // Swift compares non-ASCII names by canonical equivalence: leave those to `reference`.
                guard !source.contains(where: { $0 >= 0x80 }), !target.contains(where: { $0 >= 0x80 }) else { return nil }
                return href(source, target)
            }
        }
        return fast ?? reference(from: from, to: to)
    }

    private static func href(_ source: UnsafeBufferPointer<UInt8>, _ target: UnsafeBufferPointer<UInt8>) -> String {
        let slash = UInt8(ascii: "/")
        let directories = max(0, components(source) - 1)
        let targetCount = components(target)
        // Skip the components both share, as long as the target keeps its last one.
        var common = 0
        var s = 0, t = 0
        while common < directories, common < targetCount - 1 {
            while source[s] == slash { s += 1 }
            while target[t] == slash { t += 1 }
            var sEnd = s, tEnd = t
            while sEnd < source.count, source[sEnd] != slash { sEnd += 1 }
            while tEnd < target.count, target[tEnd] != slash { tEnd += 1 }
            guard sEnd - s == tEnd - t, (0..<(sEnd - s)).allSatisfy({ source[s + $0] == target[t + $0] }) else { break }
            common += 1
            s = sEnd
            t = tEnd
        }
        var out: [UInt8] = []
        out.reserveCapacity(3 * (directories - common) + target.count - t)
        for _ in 0..<max(0, directories - common) {
            if !out.isEmpty { out.append(slash) }
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "."))
        }
        while t < target.count {
            while t < target.count, target[t] == slash { t += 1 }
            guard t < target.count else { break }
            var end = t
            while end < target.count, target[end] != slash { end += 1 }
            if !out.isEmpty { out.append(slash) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: target[t..<end]))
            t = end
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Non-empty `/`-separated components.
    private static func components(_ path: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var previous = UInt8(ascii: "/")
        for byte in path {
            if byte != UInt8(ascii: "/") && previous == UInt8(ascii: "/") { count += 1 }
            previous = byte
        }
        return count
    }

    /// The definition `href` must match, and its path for non-ASCII names.
    static func reference(from: String, to: String) -> String {
        let fromDirectory = Array(from.split(separator: "/").dropLast())
        let target = to.split(separator: "/")
        var common = 0
        while common < fromDirectory.count, common < target.count - 1, fromDirectory[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromDirectory.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }

    /// From a page in a portal to the shared `assets/` folder beside the portals.
    static func assets(from page: String) -> String {
        var page = page
        let count = page.withUTF8 { components($0) }
        return String(repeating: "../", count: count) + "assets/"
    }
}
