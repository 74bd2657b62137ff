import Crypto
import Foundation

/// The theme a build uses: Mustache templates, static assets and interface strings. The default
/// theme is compiled into the binary; folders given later replace files of the same name, so a
/// store can override one template without copying the rest.
public struct Theme: Sendable {
    /// Template name (file name without `.mustache`) to its text.
    public var templates: [String: String] = [:]
    /// Where each template came from, for error messages.
    public var templateSources: [String: String] = [:]
    /// Files under `assets/`, by name.
    public var assets: [String: Data] = [:]
    /// Interface strings by language code.
    public var translations: [String: [String: String]] = [:]
    /// Problems that do not stop a build (missing translations).
    public var warnings: [String] = []
    /// Digest of every file of the theme as used: a new theme means every page is rendered again.
    public var fingerprint = ""

    public struct LoadError: Error, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var column: Int?
        public var message: String
        public var description: String {
            "\(file)\(line.map { ":\($0)" } ?? "")\(column.map { ":\($0)" } ?? ""): error: \(message)"
        }
    }

    /// The fingerprint of the embedded default theme, worked out when it was embedded
    /// (`ThemeDigest`; a test checks it against the files): a build with nothing to do needs no
    /// more of the theme, and does not decode it.
    public static var builtInFingerprint: String { EmbeddedTheme.fingerprint }

    /// The built-in theme's files, decoded once per process.
    static let builtIn: [String: (Data, String)] = {
        var files: [String: (Data, String)] = [:]
        for (path, base64) in EmbeddedTheme.base64Files {
            if let data = Data(base64Encoded: base64) { files[path] = (data, "(built-in theme)/" + path) }
        }
        return files
    }()

    /// What a theme with overrides hashes to: each path, a NUL and its bytes, in path order.
    static func fingerprint(of files: [String: (Data, String)]) -> String {
        var hasher = SHA256()
        for path in files.keys.sorted() {
            hasher.update(data: Data((path + "\u{0}").utf8))
            hasher.update(data: files[path]!.0)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The embedded default theme with each folder of `overrides` laid over it in turn.
    public static func load(overrides: [String]) throws -> Theme {
        var files = builtIn
        for directory in overrides {
            let root = URL(fileURLWithPath: directory).standardizedFileURL
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
                if relative.hasPrefix(".") || relative.contains("/.") { continue }
                files[relative] = (try Data(contentsOf: url), directory + "/" + relative)
            }
        }
        var theme = Theme()
        theme.fingerprint = overrides.isEmpty ? builtInFingerprint : fingerprint(of: files)
        for (path, (data, source)) in files {
            if path.hasSuffix(".mustache"), !path.contains("/") {
                guard let text = String(data: data, encoding: .utf8) else {
                    throw LoadError(file: source, message: "template is not valid UTF-8")
                }
                let name = String(path.dropLast(".mustache".count))
                theme.templates[name] = text
                theme.templateSources[name] = source
            } else if path.hasPrefix("assets/") {
                theme.assets[String(path.dropFirst("assets/".count))] = data
            } else if path.hasPrefix("i18n/"), path.hasSuffix(".json") {
                let language = String(path.dropFirst("i18n/".count).dropLast(".json".count))
                theme.translations[language] = try strings(data, source: source)
            }
        }
        theme.checkTranslations(sources: files.mapValues(\.1))
        return theme
    }

    private static func strings(_ data: Data, source: String) throws -> [String: String] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw LoadError(file: source, message: "invalid JSON: \(error.localizedDescription)")
        }
        guard let table = object as? [String: Any] else {
            throw LoadError(file: source, message: "expected an object of \"key\": \"text\" pairs")
        }
        var strings: [String: String] = [:]
        for (key, value) in table {
            guard let text = value as? String else {
                throw LoadError(file: source, message: "the value of '\(key)' must be text")
            }
            strings[key] = text
        }
        return strings
    }

    /// Every language should have every English key; a missing one falls back to English.
    private mutating func checkTranslations(sources: [String: String]) {
        guard let english = translations["en"] else {
            warnings.append("theme has no i18n/en.json: interface strings will show as keys")
            return
        }
        for (language, table) in translations.sorted(by: { $0.key < $1.key }) where language != "en" {
            let missing = english.keys.filter { table[$0] == nil }.sorted()
            if !missing.isEmpty {
                let source = sources["i18n/\(language).json"] ?? "i18n/\(language).json"
                warnings.append("\(source): warning: \(missing.count) string(s) missing, English used: \(missing.prefix(8).joined(separator: ", "))")
            }
        }
    }
}
