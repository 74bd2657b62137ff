/// The default theme's fingerprint, worked out when the theme is embedded (by
/// `PorticoThemeEmbedder`) and checked against the embedded files by a test: FNV-1a (64-bit)
/// over each file's path, a NUL and its bytes, in path order. It only has to change when the
/// theme does (a theme of overrides is fingerprinted with SHA-256 as it loads); without
/// swift-crypto the build tool compiles in seconds rather than a minute.
public enum ThemeDigest {
    public static func fingerprint(_ files: [String: [UInt8]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for path in files.keys.sorted() {
            for byte in path.utf8 { add(byte) }
            add(0)
            for byte in files[path]! { add(byte) }
        }
        let hex = String(hash, radix: 16)
        return "embedded-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
