/// Search over everything the portal shows. The index travels inside the page as JSON text in
/// an inert `<template>` (`indexJSON`, written as it is: see below), so search
/// works from `file://` and inside encrypted portals; without JavaScript the page lists every
/// page of the portal instead.
public struct SearchPage: Sendable, Encodable {
    public struct Group: Sendable, Encodable {
        public var label = ""
        public var links: [Link] = []
        public init() {}
    }

    public var page: PageChrome
    /// JSON array of `{"k": kind, "t": title, "c": context, "a": author, "u": href, "x": text}`;
    /// `<`, `>` and `&` are written as `\u003c`…, so it holds nothing an HTML parser reads as markup
    /// or a character reference: the default theme writes it unescaped (`{{{indexJSON}}}`; HTML-escaping
    /// every quote made the index a tenth larger, to be escaped, compared and audited in each build).
    public var indexJSON = "[]"
    /// Every page of the portal by kind, for readers without JavaScript.
    public var groups: [Group] = []
    public init(page: PageChrome) { self.page = page }
}
