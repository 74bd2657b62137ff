import Foundation
import PorticoStore
import PorticoView

/// Theme file names the pages link to (fingerprinted by the site writer).
public struct PortalAssets: Sendable {
    public var stylesheet: String
    public var script: String
    public var favicon: String
    public var logo: String?
    /// The search page's script (`assets/portico-search.js`, fingerprinted), when the theme has it.
    public var search: String?
    public init(stylesheet: String, script: String, favicon: String, logo: String?) {
        self.stylesheet = stylesheet
        self.script = script
        self.favicon = favicon
        self.logo = logo
    }
}

/// Builds each client's `ClientPortal` view from the store: redaction first, then view values
/// field by field. This is the only code that reads the model on the way to a page.
public struct PortalBuilder: Sendable {
    public let store: Store
    public let now: Date
    /// Interface strings by language (`en`, `sl`); English fills any gap.
    public let translations: [String: [String: String]]
    public let assets: PortalAssets
    public let shareSecret: String?
    /// Client id to the salt for opaque attachment names, for clients whose portal is encrypted.
    public let opaqueFileNames: [String: String]

    public init(store: Store, now: Date, translations: [String: [String: String]], assets: PortalAssets, shareSecret: String?,
                opaqueFileNames: [String: String] = [:]) {
        self.opaqueFileNames = opaqueFileNames
        self.store = store
        self.now = now
        self.translations = translations
        self.assets = assets
        self.shareSecret = shareSecret
    }

    /// The client's output folder name.
    public func folder(for client: Client) -> String {
        SharePath.folder(clientID: client.id, linkVersion: client.portal.linkVersion, secret: shareSecret)
    }

    /// Strings for a locale such as `sl-SI`: its language's table over English.
    public func strings(forLocale locale: String) -> [String: String] {
        shared.strings(locale) {
            let language = String(locale.split(separator: "-").first ?? "en").lowercased()
            var merged = translations["en"] ?? [:]
            for (key, value) in translations[language] ?? [:] { merged[key] = value }
            return merged
        }
    }

    /// The localizer for a locale and time zone, made once for every client that has them
    /// (its formatters are costly to create; it is safe to share between threads).
    func localizer(locale: String, timeZone: TimeZone) -> Localizer {
        shared.localizer(locale, timeZone) {
            Localizer(strings: strings(forLocale: locale), localeIdentifier: locale, timeZone: timeZone)
        }
    }

    /// What the portals of one build share (values that depend only on their keys).
    private let shared = SharedValues()

    /// The client's portal, and the problems found while building it (errors stop the build).
    public func build(_ client: Client) -> (ClientPortal, [Diagnostic]) {
        let builder = ClientPortalBuilder(parent: self, client: client)
        return builder.build()
    }
}

/// Merged string tables by locale and localizers by locale and time zone, for all clients of
/// one build.
private final class SharedValues: @unchecked Sendable {
    private let lock = NSLock()
    private var strings: [String: [String: String]] = [:]
    private var localizers: [String: Localizer] = [:]

    func strings(_ locale: String, make: () -> [String: String]) -> [String: String] {
        lock.lock()
        defer { lock.unlock() }
        if let known = strings[locale] { return known }
        let made = make()
        strings[locale] = made
        return made
    }

    func localizer(_ locale: String, _ timeZone: TimeZone, make: () -> Localizer) -> Localizer {
        let key = locale + "\n" + timeZone.identifier
        lock.lock()
        if let known = localizers[key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let made = make()
        lock.lock()
        defer { lock.unlock() }
        if let known = localizers[key] { return known }
        localizers[key] = made
        return made
    }
}
