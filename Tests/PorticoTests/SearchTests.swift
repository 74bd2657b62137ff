import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite

/// The search page: an index of this client's visible content only, embedded so that it works
/// from file:// and cannot break out of its script element; a page list without JavaScript.
@Suite struct SearchTests {
    struct Entry: Decodable, Equatable {
        var k: String
        var t: String
        var c: String
        var a: String
        var u: String
        var x: String
    }

    static func index(in html: String) throws -> [Entry] {
        let match = try #require(html.firstMatch(of: /<template id="portico-search-index">([\s\S]*?)<\/template>/))
        // A theme may escape the JSON as text (the default writes it as it is); a browser's parser undoes exactly that.
        let text = String(match.1).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode([Entry].self, from: Data(text.utf8))
    }

    static func searchPage(_ files: [String: String], client: String = "acme") throws -> (TemporaryStore, String) {
        let store = try TemporaryStore(files)
        try TestBuild.run(store)
        let folder = SharePath.folder(clientID: client, linkVersion: 1, secret: TestBuild.secret)
        return (store, try String(contentsOfFile: store.output + "/" + folder + "/search.html", encoding: .utf8))
    }

    @Test func indexHoldsTheVisiblePortalAndNothingElse() throws {
        let (_, html) = try Self.searchPage(CanaryStore.files)
        let entries = try Self.index(in: html)
        let all = entries.map { [$0.k, $0.t, $0.c, $0.a, $0.u, $0.x].joined(separator: "\n") }.joined(separator: "\n")
        for marker in ["PUBLIC-TICKET-TWIN", "PUBLIC-TICKET-BODY-TWIN", "PUBLIC-MILESTONE-TWIN", "PUBLIC-DISCUSSION-TWIN",
                       "PUBLIC-DISCUSSION-REPLY-TWIN", "PUBLIC-GUIDE-TWIN", "PUBLIC-CLIENT-GUIDE-TWIN", "PUBLIC-PROJECT-TWIN",
                       "PUBLIC-COMMENT-TWIN", "PUBLIC-INVOICE-TWIN", "PUBLIC-ATTACHMENT-TITLE-TWIN", "first draft"] {
            #expect(all.contains(marker), "\(marker) is not searchable")
        }
        for marker in CanaryStore.privateMarkers + CanaryStore.otherClientMarkers {
            #expect(!all.contains(marker) && !html.contains(marker), "\(marker) is in the search index")
        }
        let comment = try #require(entries.first { $0.u == "projects/web/tickets/public.html#c-2026-11-02-0900-maja" })
        #expect(comment.k == "Comment" && comment.t == "PUBLIC-TICKET-TWIN" && comment.c == "PUBLIC-PROJECT-TWIN" && comment.a == "Maja Novak")
        // Every link of the index points at a page of the portal.
        for entry in entries {
            #expect(!entry.u.hasPrefix("/") && !entry.u.contains("://"), "\(entry.u)")
        }
    }

    @Test func theIndexCannotEndItsElementOrAddScripts() throws {
        var files = CanaryStore.files
        files["clients/acme/projects/web/tickets/xss.md"] = "---\ntitle: \"</script><script>alert(1)</script>\"\n---\nA <!-- b --> & c &amp; \"q\" 'a'\n"
        let (_, html) = try Self.searchPage(files)
        #expect(html.components(separatedBy: "</script>").count == html.components(separatedBy: "<script").count)
        #expect(html.components(separatedBy: "</template>").count == 2)
        // The theme writes the index unescaped: it holds no `<` or `&` (nothing a parser would read
        // as markup or a character reference), so the element's text is the JSON itself.
        let raw = try #require(html.firstMatch(of: /<template id="portico-search-index">([\s\S]*?)<\/template>/)).1
        #expect(!raw.contains("<") && !raw.contains("&") && !raw.contains(">"))
        let decoded = try JSONDecoder().decode([Entry].self, from: Data(raw.utf8))
        #expect(decoded.contains { $0.t == "</script><script>alert(1)</script>" && $0.x.contains("& c & \"q\" 'a'") })
        let entries = try Self.index(in: html)
        #expect(entries.contains { $0.t == "</script><script>alert(1)</script>" })
        #expect(html.contains(#"\u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e"#))
        // Every script element of the page loads a theme file.
        for match in html.matches(of: /<script([^>]*)>/) { #expect(match.1.contains("src=\"") && match.1.contains("assets/")) }
    }

    @Test func pageWorksWithoutJavaScriptAndLoadsOnlyItsOwnScript() throws {
        let (store, html) = try Self.searchPage(CanaryStore.files)
        #expect(html.contains(#"<form class="card search" id="portico-search" role="search" hidden"#))
        #expect(html.contains("<noscript>"))
        #expect(html.contains(#"<a href="projects/web/tickets/public.html">PUBLIC-TICKET-TWIN</a>"#))
        #expect(html.contains(#"<a href="billing/2026-001.html">Invoice 2026-001</a>"#))
        let script = try #require(html.firstMatch(of: /<script src="\.\.\/assets\/(portico-search\.[0-9a-f]+\.js)" defer><\/script>/))
        let source = try String(contentsOfFile: store.output + "/assets/" + script.1, encoding: .utf8)
        #expect(!source.contains("innerHTML") && !source.contains("fetch(") && !source.contains("eval("))
        #expect(!html.contains("style=") && !html.contains("onclick") && !html.contains("onload"))
        // Every page links to the search page.
        let folder = SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)
        let ticket = try String(contentsOfFile: store.output + "/" + folder + "/projects/web/tickets/public.html", encoding: .utf8)
        #expect(ticket.contains(#"href="../../../search.html">Search</a>"#))
        // Only the search page loads the search script.
        #expect(!ticket.contains("portico-search."))
    }

    @Test func slovenianPortalsSearchInSlovenian() throws {
        var files = CanaryStore.files
        files["clients/acme/client.json"] = SampleStores.client("Acme Bakery").replacingOccurrences(of: "en-AU", with: "sl-SI")
        let (_, html) = try Self.searchPage(files)
        #expect(html.contains("<h1 class=\"page-head__title\">Iskanje</h1>"))
        let entries = try Self.index(in: html)
        #expect(entries.contains { $0.k == "Naloga (Pripravljeno za vaš pregled)" && $0.t == "PUBLIC-TICKET-TWIN" })
        #expect(entries.contains { $0.k.hasPrefix("Račun (") && $0.t == "Račun 2026-001" })
    }
}
