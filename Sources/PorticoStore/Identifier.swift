/// Store ids: `^[a-z0-9][a-z0-9-]{0,63}$`. They become folder and file names in the output,
/// so anything else (dots, slashes, capitals, spaces) is refused.
public enum Identifier {
    public static func isValid(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...64).contains(bytes.count) else { return false }
        for (offset, byte) in bytes.enumerated() {
            let isAlphanumeric = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
            guard isAlphanumeric || (offset > 0 && byte == UInt8(ascii: "-")) else { return false }
        }
        return true
    }

    /// `location` is worked out only for an invalid id (a display path per item otherwise: about
    /// 1% of loading a large store).
    static func check(_ id: String, what: String, at location: @autoclosure () -> SourceLocation, log: DiagnosticLog) -> Bool {
        if isValid(id) { return true }
        log.error(location(), "'\(id)' is not a valid \(what) id: use 1–64 lowercase letters, digits and '-', starting with a letter or digit")
        return false
    }
}
