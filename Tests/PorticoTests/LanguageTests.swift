import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoRender
@testable import PorticoSite
@testable import PorticoStore

/// Every interface string comes from Templates/i18n/<language>.json; English and Slovenian are
/// complete; a missing string falls back to English with a warning; times are the client's,
/// with the agency's beside check-ins.
@Suite struct LanguageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func table(_ language: String) throws -> [String: String] {
        let data = try Data(contentsOf: root.appendingPathComponent("Templates/i18n/\(language).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test func englishAndSlovenianHaveTheSameKeysAndNoEmptyStrings() throws {
        let english = try Self.table("en"), slovenian = try Self.table("sl")
        #expect(Set(english.keys) == Set(slovenian.keys), "\(Set(english.keys).symmetricDifference(slovenian.keys).sorted())")
        for (key, value) in english.merging(slovenian.mapKeys { "sl:" + $0 }, uniquingKeysWith: { a, _ in a }) {
            #expect(!value.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) is empty")
        }
        // Placeholders survive translation.
        for (key, value) in english {
            let wanted = Set(value.matches(of: /\{[a-z]+\}/).map { String($0.output) })
            let found = Set((slovenian[key] ?? "").matches(of: /\{[a-z]+\}/).map { String($0.output) })
            #expect(wanted == found, "\(key): \(wanted) vs \(found)")
        }
    }

    @Test func everyStringTheThemeAndBuilderAskForExists() throws {
        let english = try Self.table("en")
        let templates = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Templates").path)
            .filter { $0.hasSuffix(".mustache") }
        #expect(templates.count > 10)
        for template in templates {
            let text = try String(contentsOf: Self.root.appendingPathComponent("Templates/" + template), encoding: .utf8)
            for match in text.matches(of: /(?:page\.|\{\{)t\.([a-z0-9_-]+)/) {
                #expect(english[String(match.1)] != nil, "\(template) uses missing string '\(match.1)'")
            }
        }
        let sources = Self.root.appendingPathComponent("Sources/PorticoPortal")
        for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /(?:text|plural)\("([a-z0-9_-]+)"/) where !match.1.hasSuffix("_") {
                let key = String(match.1)
                #expect(english[key] != nil || english[key + "_other"] != nil, "\(file) asks for missing string '\(key)'")
            }
            for match in text.matches(of: /"(search_kind_[a-z]+|calendar_[a-z_]+|csv_[a-z]+|feed_[a-z_]+|hours_[a-z_]+|digest_[a-z_]+)"/)
                where !match.1.hasSuffix("_") {
                let key = String(match.1)
                #expect(english[key] != nil || english[key + "_other"] != nil, "\(file) names missing string '\(key)'")
            }
        }
        // Keys made from the model's values.
        for status in Ticket.Status.allCases { #expect(english["status_" + status.rawValue] != nil) }
        for priority in Ticket.Priority.allCases { #expect(english["priority_" + priority.rawValue] != nil) }
        for status in Project.Status.allCases { #expect(english["project_" + status.rawValue] != nil) }
        for status in Invoice.Status.allCases { #expect(english["invoice_" + status.rawValue] != nil) }
        for kind in PortalEvent.Kind.allCases { #expect(english["feed_kind_" + kind.rawValue] != nil) }
        for key in ["reached", "on-track", "at-risk", "overdue", "not-started"] { #expect(english["milestone_" + key] != nil) }
    }

    @Test func aMissingTranslationFallsBackToEnglishWithAWarning() throws {
        var files = CanaryStore.files
        files["clients/acme/client.json"] = SampleStores.client("Acme Bakery").replacingOccurrences(of: "en-AU", with: "sl-SI")
        let store = try TemporaryStore(files)
        var slovenian = try Self.table("sl")
        slovenian.removeValue(forKey: "nav_search")
        slovenian.removeValue(forKey: "feed_title")
        let theme = store.root.appendingPathComponent("Templates/i18n")
        try FileManager.default.createDirectory(at: theme, withIntermediateDirectories: true)
        try JSONEncoder().encode(slovenian).write(to: theme.appendingPathComponent("sl.json"))
        let result = try TestBuild.run(store)
        #expect(result.warnings.contains { $0.contains("sl.json: warning: 2 string(s) missing, English used: feed_title, nav_search") },
                "\(result.warnings)")
        let portal = store.output + "/" + SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)
        let overview = try String(contentsOfFile: portal + "/index.html", encoding: .utf8)
        #expect(overview.contains(">Search</a>"), "English for the missing string")
        #expect(overview.contains(">Pregled</a>"), "Slovenian for the rest")
        let feed = try String(contentsOfFile: portal + "/feed.xml", encoding: .utf8)
        #expect(feed.contains("<title type=\"text\">Acme Bakery: updates</title>"))
        #expect(feed.contains("Nova naloga: PUBLIC-TICKET-TWIN"))
    }

    @Test func checkInTimesAreTheClientsWithTheAgencysBeside() throws {
        var files = CanaryStore.files
        files["clients/acme/client.json"] = SampleStores.client("Acme Bakery", extra: #", "communication": { "channels": [], "checkIn": "Mondays 09:00" }"#)
        files["clients/other/client.json"] = SampleStores.client("OTHER-CLIENT-NAME", extra: #", "locale": "sl-SI", "timezone": "Europe/Ljubljana", "communication": { "channels": [], "checkIn": "ob torkih 8.30" }"#)
            .replacingOccurrences(of: #""timezone": "Australia/Sydney", "locale": "en-AU", "#, with: "")
        let store = try TemporaryStore(files)
        try TestBuild.run(store)
        let acme = store.output + "/" + SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)
        let guides = try String(contentsOfFile: acme + "/guides/index.html", encoding: .utf8)
        // Monday 23 November, 9:00 in Sydney is Sunday 22 November, 22:00 in London (the agency's zone).
        #expect(guides.contains("Every Monday at 9:00"))
        #expect(guides.contains("Next check-in: Mon, 23 Nov 2026 at 9:00"))
        #expect(guides.contains("Sun, 22 Nov 2026 at 10:00") && guides.contains("for Test Agency"))
        let other = store.output + "/" + SharePath.folder(clientID: "other", linkVersion: 1, secret: TestBuild.secret)
        let slovenian = try String(contentsOfFile: other + "/guides/index.html", encoding: .utf8)
        #expect(slovenian.contains("Vsak teden: torek ob 08:30"))
        #expect(slovenian.contains("Pri Test Agency: tor., 24. nov. 2026, 07:30"))
    }
}

private extension Dictionary {
    func mapKeys(_ transform: (Key) -> String) -> [String: Value] {
        Dictionary<String, Value>(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
