import Foundation
import Mustache
import PropertyBased
import Testing
@testable import PorticoPortal
@testable import PorticoRender
@testable import PorticoSite
import PorticoThemeDigest
import PorticoView

/// Portico renders with its own Mustache engine (for speed); swift-mustache, whose syntax and
/// whitespace rules the theme format follows, is the reference. Both must give the same bytes:
/// for every page of the sample store, and for random templates with random data.
@Suite struct TemplateEngineTests {
    static let cases = Int(ProcessInfo.processInfo.environment["PORTICO_PROPERTY_CASES"] ?? "") ?? 1000
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func samplePortalsRenderAsTheReferenceEngineDoes() throws {
        let theme = try Theme.load(overrides: [])
        let renderer = try PageRenderer(theme: theme)
        let reference = try Self.referenceLibrary(theme.templates)
        let (store, _) = try StoreSession.open(Self.repository.appendingPathComponent("Content").path)
        let builder = PortalBuilder(store: store, now: TestBuild.now, translations: theme.translations,
                                    assets: PortalAssets(stylesheet: "a.css", script: "a.js", favicon: "f.svg", logo: nil), shareSecret: nil)
        var pages = 0
        for client in store.clients {
            for (path, page) in builder.build(client).0.pages {
                let mine = String(decoding: try renderer.render(page), as: UTF8.self)
                let theirs = reference.render(Self.anyTree(RenderValueEncoder.encode(page.value)), withTemplate: page.template)
                #expect(mine == theirs, "\(client.id)/\(path) renders differently")
                pages += 1
            }
        }
        #expect(pages > 40)
        var locked = LockedPage()
        locked.payload = "<&>\"'"
        locked.t = ["unlock": "Odkleni <portal>"]
        #expect(try renderer.render(locked) == reference.render(Self.anyTree(RenderValueEncoder.encode(locked)), withTemplate: "locked"))
    }

    /// A renderer's separate copy (one per portal, so threads do not share reference counts)
    /// renders every sample page to the same bytes, from storage of its own.
    @Test func aSeparateCopyRendersTheSameFromStorageOfItsOwn() throws {
        let theme = try Theme.load(overrides: [])
        let renderer = try PageRenderer(theme: theme)
        let copy = renderer.separateCopy()
        let (store, _) = try StoreSession.open(Self.repository.appendingPathComponent("Content").path)
        let builder = PortalBuilder(store: store, now: TestBuild.now, translations: theme.translations,
                                    assets: PortalAssets(stylesheet: "a.css", script: "a.js", favicon: "f.svg", logo: nil), shareSecret: nil)
        for client in store.clients {
            for (path, page) in builder.build(client).0.pages {
                #expect(try copy.render(page) == renderer.render(page), "\(client.id)/\(path)")
            }
        }
        func buffers(_ library: TemplateLibrary) -> [UnsafeRawPointer?] {
            func walk(_ nodes: [TemplateNode]) -> [UnsafeRawPointer?] {
                nodes.flatMap { node -> [UnsafeRawPointer?] in
                    switch node {
                    case let .text(bytes): return [bytes.withUnsafeBytes { $0.baseAddress }]
                    case let .section(_, body, _): return walk(body)
                    default: return []
                    }
                }
            }
            return library.templates.keys.sorted().flatMap { walk(library.templates[$0]!) }
        }
        let original = buffers(renderer.library), copied = buffers(copy.library)
        #expect(original.count == copied.count && original.count > 100)
        #expect(zip(original, copied).allSatisfy { $0 != $1 })
    }

    @Test func randomTemplatesRenderAsTheReferenceEngineDoes() async {
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var generator = TemplateGenerator(random: SplitMix(seed: UInt64(seed)))
            let templates = generator.templates()
            let data = generator.object(depth: 0)
            var mine = TemplateLibrary()
            var reference = MustacheLibrary()
            var mineFails = false, referenceFails = false
            for (name, text) in templates {
                do { mine.register(try TemplateParser.parse(text), named: name) } catch { mineFails = true }
                do { reference.register(try MustacheTemplate(string: text), named: name) } catch { referenceFails = true }
            }
            #expect(mineFails == referenceFails, "seed \(seed): parse outcome differs for \(templates)")
            guard !mineFails, !referenceFails else { return }
            let ours = mine.render(data, with: "main").map { String(decoding: $0, as: UTF8.self) }
            let theirs = reference.render(Self.anyTree(data), withTemplate: "main")
            #expect(ours == theirs, "seed \(seed): templates \(templates)")
        }
    }

    /// The default theme's fingerprint, worked out when it was embedded, is its files' digest;
    /// one byte changed changes it; a theme with an override file is hashed as it loads, and
    /// never takes the default's fingerprint.
    @Test func theBuiltInThemesFingerprintIsItsFilesHash() throws {
        let files = Theme.builtIn.mapValues { [UInt8]($0.0) }
        #expect(ThemeDigest.fingerprint(files) == Theme.builtInFingerprint)
        #expect(try Theme.load(overrides: []).fingerprint == Theme.builtInFingerprint)
        var changed = files
        changed["layout.mustache"]![0] ^= 1
        #expect(ThemeDigest.fingerprint(changed) != Theme.builtInFingerprint)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("/* extra */".utf8).write(to: folder.appendingPathComponent("extra.css"))
        let overridden = try Theme.load(overrides: [folder.path])
        var withExtra = Theme.builtIn
        withExtra["extra.css"] = (Data("/* extra */".utf8), "")
        #expect(overridden.fingerprint == Theme.fingerprint(of: withExtra))
        #expect(overridden.fingerprint != Theme.builtInFingerprint)
    }

    @Test func parseErrorsNameLineAndColumn() {
        #expect(throws: TemplateParser.Failure.self) { try TemplateParser.parse("{{#a}}\n  {{/b}}") }
        do {
            _ = try TemplateParser.parse("line one\n  {{#a}}\n  {{/b}}")
            Issue.record("a wrong closing tag parsed")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 6)
            #expect(error.message.contains("'b'"))
        }
        do {
            _ = try TemplateParser.parse("<p>{{#items}}\n")
            Issue.record("an unclosed section parsed")
        } catch {
            #expect(error.message.contains("never closed"))
        }
    }

    @Test func escapesTheFiveHTMLCharacters() {
        var out: [UInt8] = []
        HTMLEscaper.append("a<b>&\"c'ž🙂", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a&lt;b&gt;&amp;&quot;c&#39;ž🙂")
    }

    static func referenceLibrary(_ templates: [String: String]) throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in templates { library.register(try MustacheTemplate(string: text), named: name) }
        return library
    }

    /// What swift-mustache reads, from a render value: objects and lists as the dictionaries
    /// and arrays it was handed before, except that they print as nothing (as Portico's engine
    /// prints them) rather than as Swift's debug description.
    static func anyTree(_ value: RenderValue) -> Any {
        switch value {
        case let .text(text): return text
        case let .flag(flag): return flag
        case let .integer(number): return number
        case let .double(number): return number
        case let .list(items): return ReferenceList(items: items.map(anyTree))
        case let .object(object): return ReferenceObject(fields: Dictionary(uniqueKeysWithValues: object.fields.map { ($0.0, anyTree($0.1)) }))
        case let .strings(strings): return ReferenceObject(fields: strings)
        }
    }
}

struct ReferenceObject: MustacheParent, MustacheTransformable, CustomStringConvertible {
    var fields: [String: Any]
    var description: String { "" }
    func child(named name: String) -> Any? { fields[name] }
    func transform(_ name: String) -> Any? {
        switch name {
        case "count": return fields.count
        case "empty": return fields.isEmpty
        default: return nil
        }
    }
}

/// An array as swift-mustache saw one: a sequence with no named members.
struct ReferenceList: MustacheSequence, MustacheParent, MustacheTransformable, CustomStringConvertible {
    var items: [Any]
    var description: String { "" }
    func child(named name: String) -> Any? { nil }
    func makeIterator() -> IndexingIterator<[Any]> { items.makeIterator() }
    func transform(_ name: String) -> Any? {
        switch name {
        case "first": return items.first
        case "last": return items.last
        case "reversed": return ReferenceList(items: items.reversed())
        case "count": return items.count
        case "empty": return items.isEmpty
        default: return nil
        }
    }
}

/// Random Mustache templates over a small vocabulary of names, with the constructs whose
/// whitespace rules are subtle: standalone tags, indented partials, inheritance, comments.
struct TemplateGenerator {
    var random: SplitMix
    let names = ["a", "b", "c", "items", "flag"]

    mutating func templates() -> [String: String] {
        ["main": template(depth: 0), "p": template(depth: 2), "q": template(depth: 2),
         "parent": "<{{$head}}default head{{/head}}>\n  {{$body}}\n  body default\n  {{/body}}\n" + template(depth: 2)]
    }

    mutating func template(depth: Int) -> String {
        var text = ""
        for _ in 0..<random.int(in: 1...6) { text += piece(depth: depth) }
        return text
    }

    private mutating func pick<T>(_ options: [T]) -> T { options[random.int(in: 0...options.count - 1)] }

    private mutating func piece(depth: Int) -> String {
        let indent = pick(["", "", " ", "  ", "\t"])
        let newline = pick(["\n", "\n", "", "\r\n"])
        let name = pick(names)
        switch random.int(in: 0...15) {
        case 0: return pick(["text", " words ", "<b>", "&amp;", "ž"])
        case 1: return newline + indent
        case 2: return "{{\(name)}}"
        case 3: return "{{{\(name)}}}"
        case 4: return "{{& \(name) }}"
        case 5, 6:
            guard depth < 3 else { return "x" }
            let sigil = pick(["#", "^"])
            return indent + "{{\(sigil)\(name)}}" + newline + template(depth: depth + 1) + indent + "{{/\(name)}}" + newline
        case 7: return indent + "{{! a comment }}" + newline
        case 8:
            // Partials include no partials, so nothing recurses forever.
            guard depth < 2 else { return "w" }
            return indent + "{{> \(pick(["p", "q", "missing"]))}}" + newline
        case 9: return "{{.}}"
        case 10: return "{{\(pick(["a.b", "items.a", ".a", "flag.c"]))}}"
        case 11: return "{{\(pick(["count", "empty", "first", "last", "reversed", "uppercased"]))(\(name))}}"
        case 12:
            guard depth < 3 else { return "y" }
            let sigil = pick(["#", "^"])
            let transform = pick(["first", "last", "index", "even", "odd"])
            return "{{\(sigil)\(transform)()}}\(template(depth: depth + 1)){{/\(transform)()}}"
        case 13: return "{{index()}}"
        case 14:
            // Not nested: a block that re-includes its parent recurses forever in any engine.
            guard depth < 1 else { return "z" }
            return indent + "{{<parent}}" + newline + indent + "  {{$body}}" + newline + indent + "  " + template(depth: depth + 1)
                + newline + indent + "  {{/body}}" + newline + indent + "{{/parent}}" + newline
        // `head` is never overridden: a partial expanding an overridden block it is part of would recurse.
        default: return indent + "{{$head}}inline default{{/head}}" + newline
        }
    }

    mutating func object(depth: Int) -> RenderValue {
        var fields: [String: RenderValue] = [:]
        for name in names where random.chance(0.8) { fields[name] = value(depth: depth) }
        return .object(RenderObject(fields))
    }

    private mutating func value(depth: Int) -> RenderValue {
        switch random.int(in: 0...5) {
        case 0: return .text(pick(["plain", "", "<tag> & \"q\" 'a'", "line\none", "ž🙂"]))
        case 1: return .flag(random.chance(0.5))
        case 2: return .integer(random.int(in: -2...3))
        case 3 where depth < 2: return .list((0..<random.int(in: 0...3)).map { _ in object(depth: depth + 1) })
        case 4 where depth < 2: return object(depth: depth + 1)
        default: return .text("v\(random.int(in: 0...9))")
        }
    }
}
