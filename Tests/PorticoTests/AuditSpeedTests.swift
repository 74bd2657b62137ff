import Foundation
import Testing
@testable import PorticoAudit
@testable import PorticoPortal
@testable import PorticoSite
@testable import PorticoStore

/// The audit's byte-level text handling (normaliser, runs, links, phrase index, directory walk)
/// must find exactly what the original String-based code found: fixed examples, then the fast
/// code checked against the original on random and exhaustive input.
@Suite struct AuditSpeedTests {
    static let cases = Int(ProcessInfo.processInfo.environment["PORTICO_PROPERTY_CASES"] ?? "") ?? 1000

    func output(_ text: String) -> String {
        String(decoding: TextNormalizer.output(Data(text.utf8)), as: UTF8.self)
    }

    func store(_ text: String) -> String {
        String(decoding: TextNormalizer.store(text), as: UTF8.self)
    }

    // MARK: Examples

    @Test func decodesNamedDecimalAndHexEntities() {
        #expect(output("<p>Fish &amp; chips &lt;b&gt;bold&lt;/b&gt; caf&#233; &#x4E2D;&#x6587; &#X41;</p>")
            == "fish chips b bold b café 中文 x41")
        #expect(output("don&#39;t&nbsp;stop &quot;now&quot; &apos;ok&apos;") == "don t stop now ok")
        // Entities are decoded once: `&amp;lt;` is the text "&lt;".
        #expect(output("a &amp;lt; b") == "a lt b")
        // An invalid number decodes to nothing at all, joining its neighbours, as it always did.
        #expect(output("ab&#xD800;cd &#99999999999;ef") == "abcd ef")
    }

    @Test func undoesJSONEscapes() {
        #expect(output(#"{"title":"Caf\u00e9 \"menu\"\nNext\/page","n":"\u00C9COLE"}"#) == "title café menu next page n école")
        #expect(output(#"["Tab\\ndone"]"#) == "tab done")
    }

    @Test func unfoldsICalendarLinesAndEscapes() {
        let ics = "BEGIN:VEVENT\r\nSUMMARY:Quarterly rev\r\n iew\\, final\\; signed\r\nDESCRIPTION:Line one\\nline tw\r\n\to\r\nEND:VEVENT\r\n"
        #expect(output(ics) == "begin vevent summary quarterly review final signed description line one line two end vevent")
    }

    @Test func tagsSplitWords() {
        #expect(output("ab<br>cd") == "ab cd")
        #expect(output("<p>one<em>two</em>three</p>") == "one two three")
        #expect(output("<a href=\"x\" title=\"hidden words\">shown</a>") == "shown")
    }

    @Test func foldsNonASCIILettersAndDigits() {
        #expect(store("Čšž ČŠŽ Straße STRASSE ẞ") == "čšž čšž straße strasse ß")
        #expect(store("ÉCOLE Ørsted ÅSA") == "école ørsted åsa")
        #expect(store("Invoice #2026-004, 1.5 h; room ②") == "invoice 2026 004 1 5 h room ②")
        // NFD: the combining accent stays part of its word.
        #expect(store("Cafe\u{301} au lait") == "cafe\u{301} au lait")
        #expect(output("<b>CAFE\u{301}</b>s") == "cafe\u{301} s")
        // A mark after a space joins the space, not the next word.
        #expect(store("a \u{301}b") == "a b")
        #expect(store("naïve → café — 100 %") == "naïve café 100")
    }

    @Test func storeAndOutputFoldTheSameSentenceAlike() {
        let markdown = "Čarobni **café** & Co. 'Zürich' — 42 Straße (NFD: cafe\u{301})"
        let html = "<p>Čarobni <strong>café</strong> &amp; Co. &#39;Zürich&#39; — 42 Straße (NFD: cafe&#x301;)</p>"
        #expect(store(markdown) == output(html))
        #expect(store(markdown) == "čarobni café co zürich 42 straße nfd cafe\u{301}")
        let json = #"{"text":"\u010carobni caf\u00e9 & Co. 'Z\u00fcrich' \u2014 42 Stra\u00dfe (NFD: cafe\u0301)"}"#
        #expect("text " + store(markdown) == output(json))
    }

    // MARK: Against the original

    @Test func matchesTheOriginalOnRandomText() {
        var random = AuditRandom(seed: 7)
        var decided = 0
        for _ in 0..<Self.cases * 5 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(upTo: 40) { bytes += Self.pieces[random.next(upTo: Self.pieces.count)] }
            let data = Data(bytes)
            let expected = LegacyTextNormalizer.output(data)
            if let fast = TextNormalizer.fastOutput(data) {
                decided += 1
                #expect(fast == expected, "\(Self.show(bytes))")
            }
            #expect(TextNormalizer.output(data) == expected, "\(Self.show(bytes))")
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(TextNormalizer.store(text) == LegacyTextNormalizer.store(text), "\(Self.show(bytes))")
        }
        // Most input is decided without the original code.
        #expect(decided > Self.cases * 2)
    }

    /// The audit folds a client's texts one after the other with one folder (started over for
    /// each): nothing of one text, such as a joining stretch or a pending space, reaches the next.
    @Test func oneFolderForManyTextsFoldsEachAsAlone() {
        var random = AuditRandom(seed: 8)
        var folder = TextFolder(capacity: 16, scalars: ScalarCache())
        defer { folder.release() }
        for _ in 0..<Self.cases * 5 {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(upTo: 40) { bytes += Self.pieces[random.next(upTo: Self.pieces.count)] }
            let text = String(decoding: bytes, as: UTF8.self)
            TextNormalizer.store(Substring(text), into: &folder)
            #expect(folder.withFinished { Array($0) } == LegacyTextNormalizer.store(text), "\(Self.show(bytes))")
        }
    }

    @Test func foldsEveryScalarAsTheOriginal() {
        var scalars: [Unicode.Scalar] = []
        for value in UInt32(0x80)...0x10FFFF { if let scalar = Unicode.Scalar(value) { scalars.append(scalar) } }
        var start = 0
        while start < scalars.count {
            var text = String.UnicodeScalarView()
            for scalar in scalars[start..<min(start + 64, scalars.count)] {
                text.append(contentsOf: "a".unicodeScalars)
                text.append(scalar)
                text.append(contentsOf: "b ".unicodeScalars)
                text.append(scalar)
                text.append(scalar)
                text.append(contentsOf: " 1".unicodeScalars)
                text.append(scalar)
                text.append(contentsOf: ". ".unicodeScalars)
            }
            let string = String(text)
            let fast = TextNormalizer.store(string), original = LegacyTextNormalizer.store(string)
            #expect(fast == original, "scalars from U+\(String(scalars[start].value, radix: 16))")
            if fast != original { return }
            start += 64
        }
    }

    @Test func decodesEscapesAndEntitiesNextToEveryJoiningScalarAsTheOriginal() {
        // Scalars that join a neighbour, and a sample of the rest: each next to every pattern.
        let cache = ScalarCache()
        var scalars: [Unicode.Scalar] = []
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if !cache.info(value).simple || value % 97 == 0 { scalars.append(scalar) }
        }
        let patterns = ["&amp;", "&lt;", "&#65;", "&#x41;", "&#38;", "\\n", "\\,", "\\u0041", "\\\\", "\\", "<b>", "\r\n ", "&", ";"]
        var start = 0
        while start < scalars.count {
            var text = ""
            for scalar in scalars[start..<min(start + 16, scalars.count)] {
                for pattern in patterns { text += "x\(pattern)\(Character(scalar))y\(Character(scalar))\(pattern)z " }
            }
            let data = Data(text.utf8)
            let original = LegacyTextNormalizer.output(data)
            #expect(TextNormalizer.output(data) == original, "scalars from U+\(String(scalars[start].value, radix: 16))")
            if let fast = TextNormalizer.fastOutput(data) { #expect(fast == original) }
            start += 16
        }
    }

    @Test func splitsRunsAndFindsLinksAsTheOriginal() {
        let pieces = ["word", "Two", " ", ". ", "! ", "? ", ".", "!", "?", "\n", "\r\n", "\r", "\u{85}", "\u{2028}", "\u{0B}",
                      "é", "e\u{301}", ". \u{301}", "\u{600}", "](", "](file.pdf)", "[a](b c)", ")", "](x\u{301})", "%20", "\t", "]", "("]
        var random = AuditRandom(seed: 11)
        for _ in 0..<Self.cases * 5 {
            var markdown = ""
            for _ in 0..<random.next(upTo: 30) { markdown += pieces[random.next(upTo: pieces.count)] }
            let runs = markdown.split(whereSeparator: \.isNewline).flatMap { $0.split(separator: #/[.!?] /#) }.map(String.init)
            #expect(AuditInventory.runs(markdown).map(String.init) == runs, "\(Self.show(Array(markdown.utf8)))")
            let links = markdown.matches(of: /\]\(([^)\s]+)/).map { String($0.1) }
            #expect(AuditInventory.links(markdown) == links, "\(Self.show(Array(markdown.utf8)))")
        }
    }

    @Test func phraseIndexFindsWhatAComparisonOfEveryPhraseFinds() {
        var random = AuditRandom(seed: 3)
        let vocabulary = ["a", "b", "c", "d", "client", "0", "north"]
        func text(_ count: Int) -> [UInt8] {
            Array((0..<count).map { _ in vocabulary[random.next(upTo: vocabulary.count)] }.joined(separator: " ").utf8)
        }
        for _ in 0..<Self.cases / 5 {
            let phrases = (0..<(1 + random.next(upTo: 30))).map { _ in text(random.next(upTo: 6)) }
            // Half the time among thousands of phrases that never match: few matches in a large
            // index are sorted, many in a small one collected by bits; both must agree.
            let fillers = random.next(upTo: 2) == 0 ? (0..<3_000).map { Array("filler \($0)".utf8) } : []
            let index = PhraseIndex(phrases + fillers)
            let haystack = text(random.next(upTo: 60))
            let words = PhraseIndex.words(haystack)
            let expected = phrases.indices.filter { index in
                let phrase = PhraseIndex.words(phrases[index])
                guard !phrase.isEmpty, phrase.count <= words.count else { return false }
                return (0...(words.count - phrase.count)).contains { words[$0..<$0 + phrase.count].elementsEqual(phrase) }
            }
            #expect(index.matchList(in: haystack) == expected.map(Int32.init))
        }
    }

    @Test func walksFoldersAsTheFileManagerDid() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("audit-walk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let manager = FileManager.default
        for folder in ["a/b", "target/t", ".hidden", "é"] { try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true) }
        for file in ["top", ".dot", "a/b/f.txt", "a/.h", "target/t/x.bin", ".hidden/in", "é/ü.md", "a/b/Z"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
        try manager.createSymbolicLink(atPath: root + "/a/linked-folder", withDestinationPath: "../target")
        try manager.createSymbolicLink(atPath: root + "/a/linked-file", withDestinationPath: "../top")
        try manager.createSymbolicLink(atPath: root + "/a/broken", withDestinationPath: "nowhere")
        var expected: [String] = []
        let walker = try #require(manager.enumerator(atPath: root))
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue { expected.append(relative) }
        }
        #expect(DirectoryWalk.files(under: root) == expected.sorted())
        #expect(DirectoryWalk.files(under: root).contains("a/linked-file"))
        #expect(!DirectoryWalk.files(under: root).contains { $0.hasPrefix("a/linked-folder/") })
        #expect(DirectoryWalk.files(under: root + "/missing").isEmpty)
    }

    @Test func hashesAsHex() {
        #expect(Auditor.hash(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    // MARK: The whole audit against the original algorithm

    @Test func findsWhatTheOriginalAuditFindsInLeakyOutput() throws {
        let store = try TemporaryStore(CanaryStore.files)
        try TestBuild.run(store)
        let acme = SharePath.folder(clientID: "acme", linkVersion: 1, secret: TestBuild.secret)
        let other = SharePath.folder(clientID: "other", linkVersion: 1, secret: TestBuild.secret)
        let output = store.output
        func append(_ file: String, _ text: String) throws {
            let path = output + "/" + file
            let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            try (old + text).write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(try compareWithOriginal(store: store.store, output: output).isEmpty)
        try append(acme + "/index.html", "<p>canary-priv-ticket-<em>body</em> &amp; CANARY&#45;PRIV&#x2D;MILESTONE</p>")
        try append(acme + "/feed.xml", "<entry>OTHER&#45;CLIENT&#45;TICKET</entry>")
        try append(acme + "/calendar.ics", "DESCRIPTION:CANARY-PRIV-DISCU\r\n SSION-BODY\\, more\\nCANARY-CLIENT-NO\r\n\tTES\r\n")
        try append(acme + "/search.json", #"{"t":"canary\u002dpriv\u002dguide body","u":"Acme Bakery"}"#)
        try append("index.html", "<p>Acme Bakery</p><p>OTHER-CLIENT-NAME</p>")
        try append(other + "/index.html", "<p>PUBLIC-TICKET-TWIN, Acme Bakery and canary\u{301}-email@internal.example</p>")
        try Data("CANARY-FILE-PRIV-ATTACHMENT".utf8).write(to: URL(fileURLWithPath: output + "/" + acme + "/files/renamed.dat"))
        try Data("OTHER-CLIENT-FILE".utf8).write(to: URL(fileURLWithPath: output + "/" + acme + "/files/copy.bin"))
        try Data("harmless".utf8).write(to: URL(fileURLWithPath: output + "/" + acme + "/files/canary-internal-file.txt"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: output + "/" + acme + "-notes.txt"))
        let findings = try compareWithOriginal(store: store.store, output: output)
        #expect(findings.count >= 10, "\(findings)")
    }

    @Test func findsWhatTheOriginalAuditFindsInRandomLeaks() throws {
        var random = AuditRandom(seed: 5)
        for seed in 0..<UInt64(max(2, Self.cases / 100)) {
            let generated = RandomStore(seed: seed)
            let store = try TemporaryStore(generated.files)
            var options = BuildOptions(store: store.store, output: store.output, now: TestBuild.now,
                                       environment: ["PORTICO_TEST_SECRET": "property"])
            options.audit = false
            _ = try SiteBuilder(options: options).build()
            let pages = DirectoryWalk.files(under: store.output).filter { $0.hasSuffix(".html") || $0.hasSuffix(".xml") || $0.hasSuffix(".ics") }
            guard !pages.isEmpty, !generated.markers.isEmpty else { continue }
            for _ in 0..<4 {
                let page = store.output + "/" + pages[random.next(upTo: pages.count)]
                let marker = generated.markers[random.next(upTo: generated.markers.count)].text
                let forms = [marker, marker.lowercased(), "<b>\(marker)</b>", marker.map { "&#\($0.asciiValue ?? 63);" }.joined()]
                let old = (try? String(contentsOfFile: page, encoding: .utf8)) ?? ""
                try (old + forms[random.next(upTo: forms.count)]).write(toFile: page, atomically: true, encoding: .utf8)
            }
            _ = try compareWithOriginal(store: store.store, output: store.output)
        }
    }

    /// Runs the audit and the original algorithm (reimplemented plainly below) and expects the same findings.
    @discardableResult
    func compareWithOriginal(store path: String, output: String) throws -> [AuditFinding] {
        let (store, _) = try StoreSession.open(path)
        let folders = OutputAudit.folders(in: output, clients: store.clients.map(\.id))
        let boilerplate = ["Overview", "Search", "Updates feed (Atom)"]
        let findings = Auditor(store: store, output: output, folders: folders, boilerplate: boilerplate).run()
        let original = Self.originalAudit(store: store, output: output, folders: folders, boilerplate: boilerplate)
        #expect(findings == original)
        return findings
    }

    /// The audit as it was: String-based normaliser, every phrase compared at every word, every file
    /// hashed, areas by `hasPrefix`.
    static func originalAudit(store: Store, output: String, folders: [String: String], boilerplate: [String]) -> [AuditFinding] {
        struct Secret { var item: String; var owner: String?; var isPrivate: Bool }
        let inventories = store.clients.map { AuditInventory(client: $0, store: store) }
        var outputFiles: [String] = []
        if let walker = FileManager.default.enumerator(atPath: output) {
            while let relative = walker.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: output + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                    outputFiles.append(relative)
                }
            }
        }
        outputFiles.sort()
        let runs = { (markdown: String) in
            markdown.split(whereSeparator: \.isNewline).flatMap { $0.split(separator: #/[.!?] /#) }.map(String.init)
        }
        let sharedPublic = store.sharedGuides.filter { !$0.isPrivate }.flatMap { [$0.title] + runs($0.body.markdown) }
            + boilerplate + [store.settings.agency.name]
        var secrets: [[Secret]] = [], phrases: [[UInt64]] = [], texts: [String] = [], ids: [[UInt8]: Int] = [:]
        for inventory in inventories {
            for (needle, isPrivate) in inventory.privateText.map({ ($0, true) }) + inventory.allText.map({ ($0, false) }) {
                let folded = LegacyTextNormalizer.store(String(needle.text))
                guard folded.count >= needle.minimumBytes else { continue }
                let secret = Secret(item: needle.item, owner: inventory.clientID, isPrivate: isPrivate)
                if let id = ids[folded] {
                    secrets[id].append(secret)
                } else {
                    ids[folded] = phrases.count
                    secrets.append([secret])
                    phrases.append(PhraseIndex.words(folded))
                    texts.append(String(needle.text))
                }
            }
        }
        func matches(_ folded: [UInt8]) -> [Int] {
            let words = PhraseIndex.words(folded)
            return phrases.indices.filter { index in
                let phrase = phrases[index]
                guard !phrase.isEmpty, phrase.count <= words.count else { return false }
                return (0...(words.count - phrase.count)).contains { words[$0..<$0 + phrase.count].elementsEqual(phrase) }
            }
        }
        func corpus(_ texts: [String]) -> [UInt8] { texts.flatMap { LegacyTextNormalizer.store($0) + [0x20, 0x01, 0x20] } }
        let commonEverywhere = Set(matches(corpus(sharedPublic)))
        func hash(_ path: String) -> String { FileManager.default.contents(atPath: path).map(Auditor.hash) ?? "" }
        var fileSecrets: [String: [Secret]] = [:], nameSecrets: [String: [Secret]] = [:]
        for inventory in inventories {
            for (file, isPrivate) in inventory.privateFiles.map({ ($0, true) }) + inventory.allFiles.map({ ($0, false) }) {
                let secret = Secret(item: file.item, owner: inventory.clientID, isPrivate: isPrivate)
                fileSecrets[hash(file.path), default: []].append(secret)
                nameSecrets[(file.path as NSString).lastPathComponent, default: []].append(secret)
            }
        }
        var areas: [(prefix: String?, client: AuditInventory?)] = inventories.compactMap { inventory in
            folders[inventory.clientID].map { ($0, inventory) }
        }
        areas.append((nil, nil))
        var findings: [AuditFinding] = []
        for area in areas {
            let client = area.client
            let commonHere = Set(client.map { matches(corpus($0.publicText)) } ?? [])
            let publicHashes = Set(client?.publicFiles.map(hash) ?? [])
            let publicNames = Set(client?.publicFiles.map { ($0 as NSString).lastPathComponent } ?? [])
            func forbidden(_ secret: Secret) -> Bool {
                guard let here = client?.clientID else { return true }
                return secret.owner != here || secret.isPrivate
            }
            let files = outputFiles.filter { file in
                if let prefix = area.prefix { return file.hasPrefix(prefix + "/") }
                return !folders.values.contains { file.hasPrefix($0 + "/") }
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: output + "/" + file) else { continue }
                let digest = Auditor.hash(data)
                if !publicHashes.contains(digest), let secret = fileSecrets[digest]?.first(where: forbidden) {
                    findings.append(AuditFinding(file: file, item: secret.item, kind: "file contents"))
                }
                let name = (file as NSString).lastPathComponent
                if !publicNames.contains(name), let secret = nameSecrets[name]?.first(where: forbidden) {
                    findings.append(AuditFinding(file: file, item: secret.item, kind: "file name"))
                }
                guard Auditor.isText(file) else { continue }
                for match in matches(LegacyTextNormalizer.output(data)) where !commonEverywhere.contains(match) && !commonHere.contains(match) {
                    for secret in secrets[match] where forbidden(secret) {
                        findings.append(AuditFinding(file: file, item: secret.item, kind: "text '\(texts[match].prefix(60))'"))
                    }
                }
            }
        }
        return Array(Set(findings)).sorted { ($0.file, $0.item, $0.kind) < ($1.file, $1.item, $1.kind) }
    }

    @Test func isTextAgreesWithThePathExtensionRules() {
        for file in ["a/b.html", "a/B.HTML", "a/files/x.html", "a/.html", "a/x.", "a/x", "a/x..json", "a/.x.css", "a/b.c/d", "a/é.txt",
                     "files/x.txt", "a/x.tar.gz", "a/x.svg", "x.js", "a/b c.t-t"] {
            let name = (file as NSString).lastPathComponent
            let expected = !file.contains("/files/") && (["html", "xml", "ics", "json", "csv", "txt", "eml", "js", "css", "svg"]
                .contains((name as NSString).pathExtension.lowercased()) || !name.contains("."))
            #expect(Auditor.isText(file) == expected, "\(file)")
        }
    }

    @Test func storeFileFilterAgreesWithThePathRules() {
        for relative in ["a.md", "a.json", "a.MD", ".hidden", "x/.h.txt", "x/.md", "x/a.", "x/a.md.txt", "x/a.txt.md", "x/b", "é/ü.md",
                         "x/.", "files/report.pdf", "a..json", "a/b.json/c"] {
            let ext = (relative as NSString).pathExtension
            let expected = (relative as NSString).lastPathComponent.hasPrefix(".") || ext == "md" || ext == "json"
            #expect(AuditInventory.isSourceOrHidden(relative) == expected, "\(relative)")
        }
    }

    // MARK: Input

    static let pieces: [[UInt8]] = [
        "a", "B", "z", "Q", "0", "7", " ", "  ", "\n", "\r\n", "\r", "\t", ".", "-", "'", "x", "u", "lt", "amp", "00e9", ";", "#",
        "<", ">", "<b>", "</p>", "<a href=\"&amp;\">", "&", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&nbsp;", "&#", "&#x",
        "&#65;", "&#x41;", "&#233;", "&#x301;", "&#38;", "&#x26;", "&#108;", "&#59;", "&#1e3;", "&#99999999999;", "&#xD800;",
        "&#x110000;", "&#X41;", "\\", "\\n", "\\N", "\\,", "\\;", "\\\"", "\\/", "\\\\", "\\u00e9", "\\u0301", "\\uD83D",
        "\\u003c", "\\u0026", "\\u005c", "\\u00", "\r\n ", "\r\n\t", "é", "e\u{301}", "\u{301}", "\u{345}", "ß", "ẞ", "İ", "Σ",
        "č", "Š", "ž", "中", "क", "्", "ष", "ि", "\u{600}", "🇸", "🇮", "👍", "🏽", "\u{200D}", "\u{FE0F}", "각", "\u{1100}",
        "\u{1161}", "\u{11A8}", "①", "½", "Ⅻ", "\u{212A}", "\u{FEFF}", "\u{85}", "\u{2028}", "’", "→", "○", "·",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]

    static func show(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
    }
}

/// A small seeded generator, so a failure can be replayed.
private struct AuditRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(bound, 1)))
    }
}
