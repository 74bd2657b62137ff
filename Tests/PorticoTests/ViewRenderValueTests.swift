import Foundation
import Testing
@testable import PorticoPortal
@testable import PorticoRender
@testable import PorticoSite
import PorticoView

/// The views converted by hand (`ViewRenderValues.swift`) give what `Encoder` conversion gives:
/// checked on every such value in the sample store's pages; and the sample store sets every field
/// of those types at least once (a field added to a view but not to its conversion fails here,
/// as soon as the showcase shows it, which it must).
@Suite struct ViewRenderValueTests {
    @Test func handConversionsEqualEncoderConversionsOnEveryPageOfTheSampleStore() throws {
        let theme = try Theme.load(overrides: [])
        let (store, _) = try StoreSession.open(TemplateEngineTests.repository.appendingPathComponent("Content").path)
        // The assets as a build names them (the agency's logo, the search page's script).
        let builder = PortalBuilder(store: store, now: TestBuild.now, translations: theme.translations,
                                    assets: try AssetPublisher(theme: theme, store: store).names, shareSecret: nil)
        var checked: [String: Int] = [:]
        var fieldsSet: [String: Set<String>] = [:]
        var fieldsAll: [String: Set<String>] = [:]
        func visit(_ value: Any) {
            // An optional is looked into (a cast to a protocol would unwrap it).
            if Mirror(reflecting: value).displayStyle != .optional, let convertible = value as? any RenderConvertible, let encodable = value as? any Encodable {
                let type = String(reflecting: Swift.type(of: value))
                let same = Self.same(convertible.renderValue, RenderValueEncoder.encode(encodable))
                #expect(same, "\(type) converts differently")
                checked[type, default: 0] += 1
                for child in Mirror(reflecting: value).children {
                    guard let label = child.label else { continue }
                    fieldsAll[type, default: []].insert(label)
                    let inner = Mirror(reflecting: child.value)
                    let isEmpty = (inner.displayStyle == .optional || inner.displayStyle == .collection) && inner.children.isEmpty
                    if !isEmpty { fieldsSet[type, default: []].insert(label) }
                }
            }
            for child in Mirror(reflecting: value).children { visit(child.value) }
        }
        for client in store.clients {
            for (path, page) in builder.build(client).0.pages {
                visit(page.value)
                let same = Self.same(PageRenderer.value(of: page), RenderValueEncoder.encode(page.value))
                #expect(same, "\(client.id)/\(path) converts differently")
            }
        }
        let types = ["PageChrome", "PageChrome.NavItem", "TicketPage", "TicketPage.TimeLine", "ProjectPage",
                     "ProjectPage.MilestoneSection", "TicketRow", "Badge", "Link", "DateText", "PersonView", "ProgressMeter",
                     "SearchPage", "SearchPage.Group"]
        #expect(Set(checked.keys) == Set(types.map { "PorticoView." + $0 }))
        for (type, all) in fieldsAll {
            #expect(all.subtracting(fieldsSet[type] ?? []).isEmpty, "the sample store never sets \(type).\(all.subtracting(fieldsSet[type] ?? []).sorted())")
        }
    }

    @Test func theComparisonTellsValuesApart() {
        let one = RenderValue.fields(["a": .text("x"), "b": .list([.flag(true)]), "c": nil])
        #expect(Self.same(one, .object(["a": .text("x"), "b": .list([.flag(true)])])))
        #expect(!Self.same(one, .object(["b": .list([.flag(true)]), "a": .text("x")])))
        #expect(!Self.same(one, .object(["a": .text("x"), "b": .list([.flag(false)])])))
        #expect(!Self.same(one, .object(["a": .text("x")])))
        #expect(!Self.same(.strings(["k": "v"]), .strings(["k": "w"])))
        #expect(!Self.same(.integer(1), .double(1)))
    }

    /// Equal values: the same cases, fields in the same order.
    static func same(_ left: RenderValue, _ right: RenderValue) -> Bool {
        switch (left, right) {
        case let (.text(a), .text(b)): return a == b
        case let (.flag(a), .flag(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.strings(a), .strings(b)): return a == b
        case let (.list(a), .list(b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case let (.object(a), .object(b)):
            return a.names == b.names && zip(a.values, b.values).allSatisfy { same($0, $1) }
        default: return false
        }
    }
}
