import Foundation
import PorticoStore
import PorticoView

/// `search.html`: a search page whose index is the text of this client's visible portal and
/// nothing else (built from the redacted model, like the pages). The index is embedded in the
/// page (JSON in an inert `<template>`) rather than written beside it: that works from `file://`
/// (where a browser refuses to fetch a JSON file), and in encrypted portals the index is sealed
/// with the page, so no separate search file is ever published.
extension ClientPortalBuilder {
    static let searchPath = "search.html"
    /// Long guides are indexed up to this many characters of text each.
    static let searchTextLimit = 6_000

    struct SearchEntry: Encodable {
        /// Kind ("Task"), title, context (project), author, href from the search page, text.
        var k: String
        var t: String
        var c: String
        var a: String
        var u: String
        var x: String
    }

    func searchEntries() -> [SearchEntry] {
        var entries: [SearchEntry] = []
        /// `text`: its first part is plain text (`plainText`, collapsed already) unless `plainFirst` is false.
        func add(_ kind: String, _ title: String, context: String = "", author: String = "", status: String? = nil,
                 path: String, text: [String], plainFirst: Bool = true) {
            // Collapsing plain text in ASCII changes nothing (a test checks it): alone, it is taken as
            // it is. (Elsewhere a space that a mark joins can come out otherwise the second time.)
            let first = text.first ?? ""
            let joined = plainFirst && text.dropFirst().allSatisfy(\.isEmpty) && PlainText.isASCII(first)
                ? first : PlainText.collapse(text.filter { !$0.isEmpty }.joined(separator: " "))
            let label = localizer.text(kind) + (status.map { " (\($0))" } ?? "")
            // A character has at least one byte: a text of at most the limit in bytes is whole.
            let indexed = joined.utf8.count <= Self.searchTextLimit ? joined : String(joined.prefix(Self.searchTextLimit))
            entries.append(SearchEntry(k: label, t: title, c: context, a: author,
                                       u: RelativePath.href(from: Self.searchPath, to: path), x: indexed))
        }
        for project in client.projects {
            add("project", project.title, path: projectPath(project), text: [project.summary.map(plainText) ?? ""])
            for milestone in orderedMilestones(project) {
                add("milestone", milestone.title, context: project.title, path: projectPath(project) + "#m-" + milestone.id,
                    text: [plainText(milestone.body.markdown)])
            }
            for ticket in orderedTickets(project.tickets) {
                let page = ticketPath(project, ticket)
                add("search_kind_task", ticket.title, context: project.title, status: statusBadge(ticket.status).label, path: page,
                    text: [plainText(ticket.body.markdown)]
                        + ticket.attachments.map { $0.title ?? $0.file } + ticket.time.compactMap(\.note))
                for comment in ticket.comments {
                    add("search_kind_comment", ticket.title, context: project.title, author: author(comment.author).name,
                        path: page + "#c-" + comment.id, text: [plainText(comment.body.markdown)]
                            + comment.attachments.map { $0.title ?? $0.file })
                }
            }
            for discussion in project.discussions.sorted(by: { $0.id < $1.id }) {
                let page = discussionPath(project, discussion)
                add("search_kind_discussion", discussion.title, context: project.title, author: author(discussion.author).name,
                    path: page, text: [plainText(discussion.body.markdown)]
                        + discussion.attachments.map { $0.title ?? $0.file })
                for comment in discussion.comments {
                    add("search_kind_comment", discussion.title, context: project.title, author: author(comment.author).name,
                        path: page + "#c-" + comment.id, text: [plainText(comment.body.markdown)]
                            + comment.attachments.map { $0.title ?? $0.file })
                }
            }
        }
        for guide in redaction.guides {
            add("guide", guide.title, path: guidePath(guide), text: [plainText(guide.body.markdown)])
        }
        for invoice in client.invoices.sorted(by: { $0.number > $1.number }) {
            add("invoice", localizer.text("title_invoice", ["number": invoice.number]), status: invoiceBadge(invoice).label,
                path: invoicePath(invoice),
                text: [localizer.money(invoiceTotals(invoice).total, currency: currency(of: invoice))] + invoice.lines.map(\.text),
                plainFirst: false)
        }
        return entries
    }

    func buildSearch() {
        let path = Self.searchPath
        var chrome = chrome(path: path, heading: localizer.text("title_search"),
                            breadcrumbs: [(localizer.text("nav_overview"), Self.overviewPath)], section: "search")
        chrome.searchScript = parent.assets.search
        var page = SearchPage(page: chrome)
        let entries = searchEntries()
        page.indexJSON = Self.scriptSafeJSON(entries)

        // Without JavaScript: every page, by kind.
        func group(_ key: String, _ links: [Link]) {
            guard !links.isEmpty else { return }
            var group = SearchPage.Group()
            group.label = localizer.text(key)
            group.links = links
            page.groups.append(group)
        }
        func link(_ label: String, _ target: String) -> Link { Link(label: label, href: RelativePath.href(from: path, to: target)) }
        group("projects", client.projects.map { link($0.title, projectPath($0)) })
        group("tasks", client.projects.flatMap { project in orderedTickets(project.tickets).map { link($0.title, ticketPath(project, $0)) } })
        group("title_discussions", client.projects.flatMap { project in
            project.discussions.sorted { $0.id < $1.id }.map { link($0.title, discussionPath(project, $0)) }
        })
        group("guides", redaction.guides.map { link($0.title, guidePath($0)) })
        group("invoices", client.invoices.sorted { $0.number > $1.number }
            .map { link(localizer.text("title_invoice", ["number": $0.number]), invoicePath($0)) })
        add(path, .search(page))
    }

    /// JSON in which `<`, `>` and `&` (which only ever occur inside strings, where `\u003c` means
    /// the same) cannot form markup, even where it is not escaped again.
    static func scriptSafeJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("[]".utf8)
        return TextReplacement.scriptSafe(Array(data))
    }

    /// The search index as `scriptSafeJSON` writes it (keys sorted), without `JSONEncoder`.
    static func scriptSafeJSON(_ entries: [SearchEntry]) -> String {
        var json = JSONText(capacity: entries.reduce(2) { $0 + 40 + $1.k.utf8.count + $1.t.utf8.count + $1.c.utf8.count
            + $1.a.utf8.count + $1.u.utf8.count + $1.x.utf8.count })
        json.raw("[")
        for (index, entry) in entries.enumerated() {
            json.raw(index == 0 ? "{\"a\":" : ",{\"a\":")
            json.string(entry.a)
            json.raw(",\"c\":")
            json.string(entry.c)
            json.raw(",\"k\":")
            json.string(entry.k)
            json.raw(",\"t\":")
            json.string(entry.t)
            json.raw(",\"u\":")
            json.string(entry.u)
            json.raw(",\"x\":")
            json.string(entry.x)
            json.raw("}")
        }
        json.raw("]")
        return TextReplacement.scriptSafe(json.bytes)
    }
}
