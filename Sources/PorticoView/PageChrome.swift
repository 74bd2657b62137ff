/// What every page of a portal shares: titles, navigation, paths, language and strings.
public struct PageChrome: Sendable, Encodable {
    public struct NavItem: Sendable, Encodable {
        public var label: String
        public var href: String
        public var current: Bool
        public init(label: String, href: String, current: Bool) {
            self.label = label
            self.href = href
            self.current = current
        }
    }

    /// The `<title>`: page heading and client name.
    public var title: String
    public var heading: String
    /// BCP 47 language of the page, e.g. `en-AU`, `sl-SI`.
    public var lang: String
    /// Relative path from this page to the shared `assets/` folder (ends with `/`).
    public var assets: String
    /// Fingerprinted asset file names inside `assets/`.
    public var stylesheet: String
    public var script: String
    public var favicon: String
    /// Relative link to the portal's overview page.
    public var home: String
    public var agencyName: String
    public var agencyURL: String?
    /// Fingerprinted logo inside `assets/`, when the agency has one.
    public var agencyLogo: String?
    public var clientName: String
    public var nav: [NavItem]
    public var breadcrumbs: [Link]
    /// "Updated 22 November 2026 at 18:40" in the client's locale and time zone.
    public var updated: String
    public var updatedISO: String
    /// Interface strings in the client's language, looked up as `{{page.t.key}}`.
    public var t: [String: String]
    /// Relative links to the portal's Atom feed and calendar; nil for encrypted portals, which
    /// have neither (a feed reader or calendar app could not decrypt them).
    public var feed: String?
    public var calendar: String?
    /// The search page's script inside `assets/`, set on the search page only.
    public var searchScript: String?

    public init(title: String, heading: String, lang: String, assets: String, stylesheet: String, script: String,
                favicon: String, home: String, agencyName: String, agencyURL: String?, agencyLogo: String?,
                clientName: String, nav: [NavItem], breadcrumbs: [Link], updated: String, updatedISO: String,
                t: [String: String]) {
        self.title = title
        self.heading = heading
        self.lang = lang
        self.assets = assets
        self.stylesheet = stylesheet
        self.script = script
        self.favicon = favicon
        self.home = home
        self.agencyName = agencyName
        self.agencyURL = agencyURL
        self.agencyLogo = agencyLogo
        self.clientName = clientName
        self.nav = nav
        self.breadcrumbs = breadcrumbs
        self.updated = updated
        self.updatedISO = updatedISO
        self.t = t
    }
}
