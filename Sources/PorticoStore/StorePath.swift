import Foundation

/// Resolution of the relative paths written in store files.
public enum StorePath {
    /// `relative` resolved against `base`, lexically; nil for absolute paths, URLs, empty names,
    /// or paths that climb above `base` with `..`. Callers decide which roots are allowed.
    public static func resolve(_ relative: String, in base: String, allowParent: Bool = false) -> String? {
        guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.contains("\\"), !relative.contains("\0"),
              !relative.contains(":") else { return nil }
        var parts = base.split(separator: "/").map(String.init)
        let baseDepth = parts.count
        for component in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                if !allowParent, parts.count < baseDepth { return nil }
            default: parts.append(String(component))
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
