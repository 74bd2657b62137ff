import Crypto
import Foundation
import PorticoPortal
import PorticoRender
import PorticoStore

/// The shared `assets/` folder: theme files and the agency logo under fingerprinted names
/// (`portico.3f2a9c1b0d.css`), so hosts may cache them forever and a new theme is never stale.
struct AssetPublisher {
    var files: [(name: String, data: Data)] = []
    var names: PortalAssets
    /// The script that decrypts the pages of encrypted portals.
    var unlockScript: String

    init(theme: Theme, store: Store) throws(BuildFailure) {
        var published: [String: String] = [:]
        var files: [(String, Data)] = []
        for (name, data) in theme.assets.sorted(by: { $0.key < $1.key }) {
            let fingerprinted = Self.fingerprint(name, data)
            published[name] = fingerprinted
            files.append((fingerprinted, data))
        }
        for required in ["portico.css", "portico.js", "portico-unlock.js", "favicon.svg"] where published[required] == nil {
            throw .theme("the theme has no assets/\(required)")
        }
        var logo: String?
        if let relative = store.settings.agency.logo, let path = StorePath.resolve(relative, in: store.root),
           let data = FileManager.default.contents(atPath: path) {
            let name = "logo." + (relative as NSString).pathExtension.lowercased()
            logo = Self.fingerprint(name, data)
            files.append((logo!, data))
        }
        self.files = files
        names = PortalAssets(stylesheet: published["portico.css"]!, script: published["portico.js"]!,
                             favicon: published["favicon.svg"]!, logo: logo)
        names.search = published["portico-search.js"]
        unlockScript = published["portico-unlock.js"]!
    }

    static func fingerprint(_ name: String, _ data: Data) -> String {
        let digest = InputFingerprint.hex(SHA256.hash(data: data).prefix(5))
        let base = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
        return ext.isEmpty ? "\(base).\(digest)" : "\(base).\(digest).\(ext)"
    }
}
