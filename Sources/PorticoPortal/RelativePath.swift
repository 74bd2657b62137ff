/// Links between output files, always relative so a portal works under any path and from file://.
enum RelativePath {
    /// The href from the page at `from` to the file at `to`, both relative to one root.
    static func href(from: String, to: String) -> String {
        let fromDirectory = Array(from.split(separator: "/").dropLast())
        let target = to.split(separator: "/")
        var common = 0
        while common < fromDirectory.count, common < target.count - 1, fromDirectory[common] == target[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromDirectory.count - common)
        return (ups + target[common...].map(String.init)).joined(separator: "/")
    }

    /// From a page in a portal to the shared `assets/` folder beside the portals.
    static func assets(from page: String) -> String {
        String(repeating: "../", count: page.split(separator: "/").count) + "assets/"
    }
}
