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
        let language = String(locale.split(separator: "-").first ?? "en").lowercased()
        var merged = translations["en"] ?? [:]
        for (key, value) in translations[language] ?? [:] { merged[key] = value }
        return merged
    }

    /// The client's portal, and the problems found while building it (errors stop the build).
    public func build(_ client: Client) -> (ClientPortal, [Diagnostic]) {
        let builder = ClientPortalBuilder(parent: self, client: client)
        return builder.build()
    }
}
