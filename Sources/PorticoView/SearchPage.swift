/// Search over everything the portal shows. The index travels inside the page as JSON text in
/// an inert `<template>` (`indexJSON`, escaped by the template engine like any text), so search
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
    /// `<`, `>` and `&` are also written as `\u003c`…, so even unescaped it could not close its element.
    public var indexJSON = "[]"
    /// Every page of the portal by kind, for readers without JavaScript.
    public var groups: [Group] = []
    public init(page: PageChrome) { self.page = page }
}
