import Foundation
import PorticoMarkdown
import PorticoStore

/// `feed.xml`: the portal's updates as Atom 1.0, for feed readers. Entry ids are tag URIs made
/// of the item's place in the portal (never of a date or a position), so a rebuild never makes a
/// reader show an entry twice; links are absolute when portico.json has a baseURL.
extension ClientPortalBuilder {
    static let feedPath = "feed.xml"
    /// Tag URIs carry the date their authority name was held; one fixed date keeps ids stable forever.
    static let tagDate = "2026"
    /// Feed readers keep what they have seen; the newest entries are enough.
    static let feedLimit = 100

    /// The portal's absolute address (`https://portal.example/acme-…/`), when portico.json has a baseURL.
    var portalURL: String? {
        var base = parent.store.settings.baseURL
        guard !base.isEmpty else { return nil }
        if !base.hasSuffix("/") { base += "/" }
        return base + parent.folder(for: client) + "/"
    }

    /// A portal-relative path as a link from outside the portal: absolute when the address is
    /// known, else relative to the portal's root (where the feed and calendar live).
    func externalLink(_ path: String) -> String {
        (portalURL ?? "") + path
    }

    /// The naming authority of tag URIs and calendar UIDs: the portal's host, else the agency's
    /// mail domain.
    var tagAuthority: String {
        if let host = URL(string: parent.store.settings.baseURL)?.host, !host.isEmpty { return host.lowercased() }
        if let email = parent.store.settings.agency.email, let at = email.lastIndex(of: "@") {
            let domain = email[email.index(after: at)...].lowercased()
            if !domain.isEmpty, domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) { return domain }
        }
        return "portico.invalid"
    }

    func tag(_ key: String) -> String {
        "tag:\(tagAuthority),\(Self.tagDate):\(client.id)" + (key.isEmpty ? "" : "/" + key)
    }

    func buildFeed() {
        guard !isEncrypted else { return }
        let events = events()
        let agency = parent.store.settings.agency
        let entries = events.prefix(Self.feedLimit).map { event in
            AtomFeed.Entry(id: tag(event.key), title: localizer.text("feed_entry_title", ["what": event.what, "title": event.title]),
                           link: externalLink(event.target), published: event.instant, author: event.author,
                           category: (event.kind.rawValue, localizer.text("feed_kind_" + event.kind.rawValue)),
                           summary: event.summary)
        }
        let feed = AtomFeed(id: tag(""), title: localizer.text("feed_title", ["client": client.name]),
                            subtitle: localizer.text("feed_subtitle", ["agency": agency.name]),
                            language: client.locale, selfLink: portalURL.map { $0 + Self.feedPath },
                            alternateLink: externalLink(Self.overviewPath),
                            updated: events.first?.instant ?? today.start(in: timeZone), authorName: agency.name,
                            authorURI: agency.url.flatMap { URLPolicy.isSafeExternal($0) ? $0 : nil },
                            timeZone: timeZone, entries: Array(entries))
        documents.append((Self.feedPath, Array(feed.xml().utf8)))
    }
}
