import Foundation

/// Terminal output: results on stdout, problems on stderr, each line written as it happens, also
/// when stdout is a file or a pipe (`print` would hold it back until exit there, and a log of
/// `portico serve` would never show it serving).
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
