import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoSite

/// Every text field that reaches a page is escaped for its context; unsafe URLs never reach one.
@Suite struct EscapingTests {
    static let hostile = #"<script>alert(1)</script>"#

    /// A store whose every text field carries markup, quotes and script URLs.
    static var files: [String: String] {
        var files = CanaryStore.files
        files["portico.json"] = """
        { "agency": { "name": "Agency \\"<b>bold</b>\\"", "email": "hello@agency.example", "url": "javascript:alert('agency')" },
          "baseURL": "https://portal.agency.example/", "timezone": "Europe/London", "locale": "en-GB", "shareSecretEnv": "PORTICO_TEST_SECRET" }
        """
        files["team.json"] = """
        { "people": [ { "id": "maja", "name": "<img src=x onerror=alert('name')>", "role": "\\"><svg onload=alert('role')>" } ] }
        """
        files["clients/acme/client.json"] = """
        { "name": "Acme \(hostile) & 'Co'", "contacts": [ { "name": "Jane \\"<b>\\" O'Neil" } ],
          "timezone": "Australia/Sydney", "locale": "en-AU", "currency": "AUD", "retainer": { "hoursPerMonth": 20 },
          "communication": { "channels": ["<i>Slack</i> \(hostile)"], "responseTime": "\(hostile)", "checkIn": "Mondays 09:00 <b>x</b>" },
          "onboarding": [ { "step": "Step \(hostile)", "done": null } ] }
        """
        files["clients/acme/projects/web/project.json"] = #"{ "title": "Project <iframe src=javascript:alert(1)>", "summary": "[x](javascript:alert(1)) <img src=x onerror=alert(2)>" }"#
        files["clients/acme/projects/web/tickets/public/index.md"] = """
        ---
        title: "Ticket {{page.t.nav_overview}} \(hostile)"
        milestone: launch
        status: review
        assignees: [maja]
        attachments:
          - { file: public-twin-file.txt, title: "\\"><script>alert('attachment')</script>" }
        ---
        Body [link](javascript:alert(1)) <script>alert(3)</script>
        """
        files["clients/acme/projects/web/discussions/open/index.md"] = "---\ntitle: \"Thread \\\"&\\\" <b>\"\nauthor: maja\ndate: 2026-11-01T10:00:00Z\n---\nHello.\n"
        files["clients/acme/projects/web/discussions/open/2026-11-02-1000-client.md"] = "---\nauthor: \"client:Jane \\\"<b>\\\" O'Neil\"\ndate: 2026-11-02T10:00:00Z\n---\nReply.\n"
        files["clients/acme/invoices/2026-001.json"] = """
        { "number": "2026-001", "issued": "2026-11-01", "due": "2030-11-15", "currency": "AUD", "status": "sent",
          "payURL": "https://pay.example/?a=\\"><script>alert('pay')</script>",
          "lines": [ { "text": "<iframe src=javascript:alert('line')>", "quantity": 1, "unit": "<u>h</u>", "price": 45 } ] }
        """
        files["clients/acme/invoices/2026-004.json"] = """
        { "number": "2026-004", "issued": "2026-11-01", "currency": "AUD", "status": "sent", "payURL": "javascript:alert('pay')",
          "lines": [ { "text": "Plain", "quantity": 1, "price": 1 } ] }
        """
        return files
    }

    @Test func noMarkupOrScriptURLFromTheStoreReachesAPage() throws {
        let store = try TemporaryStore(Self.files)
        var options = BuildOptions(store: store.store, output: store.output, now: TestBuild.now,
                                   environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        options.audit = false
        _ = try SiteBuilder(options: options).build()
        let pages = TemporaryStore.files(under: store.output).filter { $0.hasSuffix(".html") }
        var everything = ""
        for page in pages {
            let html = try String(contentsOfFile: store.output + "/" + page, encoding: .utf8)
            everything += html
            for raw in ["<script>alert", "<img src=x", "<svg onload", "<iframe", "<b>bold", "<i>Slack", "<u>h</u>", "<b>x</b>"] {
                #expect(!html.contains(raw), "\(page) contains raw \(raw)")
            }
            #expect(html.range(of: "javascript:", options: .caseInsensitive) == nil || !html.contains("href=\"javascript"), "\(page)")
            for match in html.matches(of: /(?i)(?:href|src)\s*=\s*"([^"]*)"/) {
                #expect(!String(match.1).lowercased().hasPrefix("javascript"), "\(page): \(match.1)")
            }
            // Script elements only load the theme's own files.
            for match in html.matches(of: /<script([^>]*)>/) {
                #expect(match.1.contains("src=\"") && match.1.contains("assets/"), "\(page): <script\(match.1)>")
            }
            // No tag carries an event-handler attribute (escaped text such as `&lt;img onerror=` is fine).
            for tag in html.matches(of: /<[a-zA-Z][^>]*>/) where tag.0.contains(/\son[a-z]+\s*=/) {
                Issue.record("\(page): event handler attribute in \(tag.0)")
            }
        }
        // The escaped forms are what a client reads.
        #expect(everything.contains("Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;Co&#39;"))
        #expect(everything.contains("&lt;img src=x onerror=alert(&#39;name&#39;)&gt;"))
        #expect(everything.contains("&quot;&gt;&lt;svg onload=alert(&#39;role&#39;)&gt;"))
        #expect(everything.contains("&quot;&gt;&lt;script&gt;alert(&#39;attachment&#39;)&lt;/script&gt;"))
        #expect(everything.contains("&lt;iframe src=javascript:alert(&#39;line&#39;)&gt;"))
        #expect(everything.contains("Ticket {{page.t.nav_overview}}"), "Mustache syntax in data is shown, not evaluated")
        // URLs: the safe pay link is attribute-escaped; script URLs are dropped entirely.
        #expect(everything.contains("href=\"https://pay.example/?a=&quot;&gt;&lt;script&gt;alert(&#39;pay&#39;)&lt;/script&gt;\""))
        #expect(!everything.contains("alert('agency')") && !everything.contains("alert(&#39;agency&#39;)"))
        // The reply link's subject is percent-encoded into the mailto URL.
        #expect(everything.contains("subject=Acme%20%3Cscript%3Ealert%281%29%3C%2Fscript%3E%20%26%20%27Co%27%3A%20Thread%20%22%26%22%20%3Cb%3E"))
    }
}
