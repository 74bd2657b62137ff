import Foundation
import PropertyBased
import Testing
@testable import PorticoSite
@testable import PorticoStore

/// The loader's fast paths answer exactly what the general code answers: the simple front
/// matter reader against Yams, the byte-level front matter split against the Character-level
/// one, the path helpers against NSString. And the fingerprint's digest cache never hides a
/// change.
@Suite struct StoreFastPathTests {
    static let cases = Int(ProcessInfo.processInfo.environment["PORTICO_PROPERTY_CASES"] ?? "") ?? 1000

    // MARK: Front matter

    /// Pieces front matter is made of, common and hostile, so random text often is simple
    /// front matter and often is one character away from it.
    static let keys = ["title", "status", "due", "private", "a", "x-y", "k_2", "Title", "1a", "-k", "é", "a b", "yes", "null", "<<", "tickets"]
    static let values = [
        "open", "Ticket 79 of client 0", "2026-03-20", "2026-03-14T09:30:00+11:00", "true", "false", "True", "FALSE", "yes", "no",
        "null", "Null", "~", "1", "-5", "+3", "1.5", ".5", "-.5", "1e3", "1E-3", "0x1F", "1_000", "--1", "1-2", "1.2.3", ".inf", "nan",
        "a:b", "a: b", "a:", "https://example.com/a?b=c#d", "a #b", "a#b", "#c", "'quoted'", "\"quoted\"", "it's", "say \"hi\"",
        "[1, 2]", "{a: 1}", "x,y[z]{w}", "- item", "-item", "? q", "&anchor", "*alias", "!tag x", "|", ">", "%x", "@x", "`x`",
        "Café — plan", "ü😀", "\u{A0}x\u{A0}", "x\u{2028}y", "x\u{85}y", "x\u{FEFF}y", "a\tb", "a  b", "a ", " a", "",
        "Ünïcödé", "日本語のチケット", "a\u{301}", "x: y: z", "1:2", "a|b>c!d%e@f`g&h*i",
    ]

    static func randomFrontMatter(_ random: inout SplitMix) -> String {
        var lines: [String] = []
        for _ in 0..<random.int(in: 0...6) {
            switch random.int(in: 0...19) {
            case 0: lines.append("")
            case 1: lines.append(random.chance(0.5) ? "  " : "# comment")
            case 2: lines.append("  continued")
            case 3: lines.append("- item")
            case 4: lines.append("...")
            default:
                let key = keys[random.int(in: 0...(keys.count - 1))]
                var value = values[random.int(in: 0...(values.count - 1))]
                if random.chance(0.2) { value += values[random.int(in: 0...(values.count - 1))] }
                let gap = random.chance(0.8) ? " " : random.chance(0.5) ? "   " : ""
                lines.append(key + ":" + gap + value)
            }
        }
        var text = lines.joined(separator: "\n")
        if random.chance(0.3) { text += "\n" }
        if random.chance(0.05) { text = "\n" + text }
        return text
    }

    @Test func simpleFrontMatterAgreesWithYams() async {
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            for _ in 0..<20 {
                let text = Self.randomFrontMatter(&random)
                let offset = random.int(in: 0...3)
                guard let fast = SimpleFrontMatter.parse(text, file: "t.md", lineOffset: offset) else { continue }
                do {
                    let full = try YAMLSourceParser.parseWithYams(text, file: "t.md", lineOffset: offset)
                    #expect(Self.describe(fast) == Self.describe(full), "\(text.debugDescription)")
                } catch {
                    Issue.record("fast path accepted \(text.debugDescription), which Yams rejects: \(error)")
                }
            }
        }
    }

    @Test func simpleFrontMatterTakesTheCommonCase() throws {
        let text = "title: Ticket 79 of client 0\nstatus: open\ndue: 2026-03-20\nestimate: 1.5\nprivate: false\nsource: trello:abc"
        let fast = try #require(SimpleFrontMatter.parse(text, file: "t.md", lineOffset: 1))
        #expect(Self.describe(fast) == Self.describe(try YAMLSourceParser.parseWithYams(text, file: "t.md", lineOffset: 1)))
        // Anything richer is left to Yams.
        for other in ["title: 'A'", "tags: [a, b]", "a: b # c", "a:\n  - b", "a: b\n  c", "a: b\na: c", "a: |\n  b", "", "a: b\r\nc: d"] {
            #expect(SimpleFrontMatter.parse(other, file: "t.md", lineOffset: 1) == nil, "\(other.debugDescription)")
        }
    }

    /// The tree as text: kinds, values and every location, keys included.
    static func describe(_ node: SourceNode) -> String {
        let place = "@\(node.location)"
        switch node.value {
        case let .string(text): return "s\(text.debugDescription)\(place)"
        case let .number(number): return "n\(number)\(place)"
        case let .bool(flag): return "b\(flag)\(place)"
        case .null: return "null\(place)"
        case let .array(items): return "[" + items.map(describe).joined(separator: ",") + "]\(place)"
        case let .object(members):
            return "{" + members.map { "\($0.key.debugDescription)@\($0.keyLocation)=\(describe($0.value))" }.joined(separator: ",") + "}\(place)"
        }
    }

    // MARK: Front matter split

    @Test func frontMatterSplitAgreesWithTheCharacterLevelSplit() async {
        let pieces = ["---", " --- ", "---\t", "-- -", "...", "----", "title: A", "", "Body", "\r", "\r\n", "\n", "\n\n", " ",
                      "\u{301}", "é", "---\u{301}", "😀", "\t"]
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            for _ in 0..<20 {
                var text = ""
                for _ in 0..<random.int(in: 0...12) {
                    text += pieces[random.int(in: 0...(pieces.count - 1))]
                    if random.chance(0.6) { text += "\n" }
                }
                let (yaml, body, line) = TextItem.split(text)
                // `TextItem.split` as it was written before its byte-level fast path.
                let expected = TextItem.splitByCharacters(text)
                #expect(yaml == expected.0 && body == expected.1 && line == expected.2, "\(text.debugDescription)")
            }
        }
    }

    // MARK: Path helpers

    @Test func fileNameHelpersAgreeWithNSString() async {
        // File names as a listing gives them: never a slash (NSString traps on some).
        let pieces = ["t-00079", ".", "md", "json", "a", "-", "_", "..", " ", "é", "x.y", "index", "A", "9", "~"]
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix(seed: UInt64(seed))
            for _ in 0..<20 {
                var name = ""
                for _ in 0..<random.int(in: 0...5) { name += pieces[random.int(in: 0...(pieces.count - 1))] }
                // Absolute paths of non-empty components (NSString itself traps on some odd paths).
                let components = ["a", "t-00079.md", ".", "..", "é", "x y", "index.json", "..."]
                var path = ""
                for _ in 0..<random.int(in: 1...5) { path += "/" + components[random.int(in: 0...(components.count - 1))] }
                #expect(FileName.pathExtension(name) == (name as NSString).pathExtension, "\(name.debugDescription)")
                #expect(FileName.deletingPathExtension(name) == (name as NSString).deletingPathExtension, "\(name.debugDescription)")
                #expect(FileName.deletingLastComponent(path) == (path as NSString).deletingLastPathComponent, "\(path.debugDescription)")
            }
        }
    }

    // MARK: Loader

    @Test func parallelLoadingReportsInFolderOrder() throws {
        var files: [String: String] = [
            "portico.json": #"{ "agency": { "name": "A" }, "baseURL": "https://a.example" }"#,
            "team.json": #"{ "people": [ { "id": "maja", "name": "Maja" } ] }"#,
        ]
        for client in 0..<12 {
            let id = String(format: "c%02d", client)
            files["clients/\(id)/client.json"] = #"{ "name": "C", "colour": "red" }"#
            files["clients/\(id)/projects/p/project.json"] = #"{ "title": "P" }"#
            files["clients/\(id)/projects/p/tickets/t1.md"] = "---\ntitle: T\nassignees: [nobody]\nstatsu: open\n---\nBody\n"
            files["clients/\(id)/projects/p/tickets/t2.md"] = "---\ntitle: 'T'\nprivate: maybe\n---\n"
        }
        files["clients/Bad Name/client.json"] = "{}"
        let store = try TemporaryStore(files)
        var runs: [[String]] = []
        for _ in 0..<3 {
            let log = DiagnosticLog()
            _ = StoreLoader(root: store.store, log: log).load()
            runs.append(log.diagnostics.map(\.description))
        }
        #expect(runs[0] == runs[1] && runs[1] == runs[2])
        // Clients in folder order, each with its own problems in reading order.
        let clients = runs[0].compactMap { $0.firstMatch(of: /clients\/(c\d\d)\//).map { String($0.1) } }
        #expect(clients == clients.sorted())
        #expect(runs[0].contains { $0.contains("c03/projects/p/tickets/t1.md:4:1: error: unknown field 'statsu'") }, "\(runs[0])")
        #expect(runs[0].contains { $0.contains("c11/projects/p/tickets/t2.md:3:10: error: 'private' should be true or false") }, "\(runs[0])")
        #expect(runs[0].contains { $0.contains("'Bad Name' is not a valid client id") })
    }

    // MARK: Fingerprint

    /// A fingerprint that trusts files changed up to now (test files are all brand new).
    static func fingerprint(_ root: String, known: FileDigests? = nil) -> InputFingerprint {
        InputFingerprint(storeRoot: root, known: known, settledBefore: FileTime.now().minus(seconds: -1))
    }

    /// Writes `text` to `path` and sets its modification time back: only the change time moves.
    static func rewriteKeepingModificationTime(_ path: String, _ text: String) throws {
        let before = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: before], ofItemAtPath: path)
    }

    @Test func digestsAreTakenFromTheCacheOnlyWhileTheFileIsUnchanged() throws {
        let store = try TemporaryStore(["clients/a/x.md": "one", "clients/a/sub/y.md": "two", "clients/a/z.md": "three"])
        let folder = store.store + "/clients/a"
        let first = Self.fingerprint(store.store)
        let key = first.digest(of: folder)
        let table = first.digests
        #expect(table.count == 3 && first.learnedDigests)
        // Same files: same key, whether read or taken from the table.
        let again = Self.fingerprint(store.store, known: table)
        #expect(again.digest(of: folder) == key)
        #expect(!again.learnedDigests && again.digests.count == 3)
        // A wrong digest in the table is believed while the file's stamp matches (that is what
        // makes a rebuild cheap), and dropped as soon as the file changes in any way. (Without
        // the folder's summary, which would be taken whole: see the next test.)
        var forged = table
        forged.folders[folder]!["x.md"]!.digest = Digest32(bytes: Array(repeating: 7, count: 32))
        forged.roots = [:]
        #expect(Self.fingerprint(store.store, known: forged).digest(of: folder) != key)
        // Same size, same modification time: still seen (the change time moved).
        try Self.rewriteKeepingModificationTime(folder + "/x.md", "ONE")
        let edited = Self.fingerprint(store.store, known: forged)
        let editedKey = edited.digest(of: folder)
        #expect(editedKey != key)
        #expect(editedKey == Self.fingerprint(store.store).digest(of: folder))
        #expect(edited.digests.folders[folder]!["x.md"]!.digest != forged.folders[folder]!["x.md"]!.digest)
    }

    @Test func aFolderListedWithItsRecordedStampsTakesItsRecordedDigest() throws {
        let store = try TemporaryStore(["clients/a/x.md": "one", "clients/a/sub/y.md": "two", "clients/b/z.md": "three"])
        let folder = store.store + "/clients/a"
        let first = Self.fingerprint(store.store)
        let key = first.digest(of: folder)
        let table = first.digests
        #expect(table.roots[folder]?.digest == key && first.learnedDigests)
        // A recorded digest is believed whole while every stamp under the folder is the same:
        // none of its files is looked up (their entries are carried over as they were).
        var forged = table
        forged.roots[folder]!.digest = "forged"
        forged.folders[folder]!["x.md"]!.digest = Digest32(bytes: Array(repeating: 7, count: 32))
        let believed = Self.fingerprint(store.store, known: forged)
        #expect(believed.digest(of: folder) == "forged")
        #expect(!believed.learnedDigests && believed.digests.allFolders == forged.folders && believed.digests.roots == forged.roots)
        // Any change under it (here only the change time of a file in a subfolder) and it is
        // digested again from its files' own entries.
        try Self.rewriteKeepingModificationTime(folder + "/sub/y.md", "two")
        forged.folders[folder]!["x.md"] = table.folders[folder]!["x.md"]
        let again = Self.fingerprint(store.store, known: forged)
        #expect(again.digest(of: folder) == key)
        #expect(again.digests.roots[folder]?.digest == key && again.learnedDigests)
        // A new file, a removed one, a rename: each a different listing.
        for change in [{ try store.write("clients/a/n.md", "") }, { try store.remove("clients/a/n.md") },
                       { try FileManager.default.moveItem(atPath: folder + "/x.md", toPath: folder + "/w.md") }] {
            let stamps = StoreListing(folder, realRoot: store.store).stamps
            try change()
            #expect(StoreListing(folder, realRoot: store.store).stamps != stamps)
        }
        // Files too new to trust, and folders holding a link, are never summarised.
        #expect(InputFingerprint(storeRoot: store.store).digests.roots.isEmpty)
        let recent = InputFingerprint(storeRoot: store.store)
        _ = recent.digest(of: folder)
        #expect(recent.digests.roots.isEmpty)
        try FileManager.default.createSymbolicLink(atPath: store.store + "/clients/b/link.md", withDestinationPath: "z.md")
        let linked = Self.fingerprint(store.store)
        _ = linked.digest(of: store.store + "/clients/b")
        #expect(linked.digests.roots.isEmpty && linked.digests.count == 2)
    }

    @Test func everyKindOfChangeChangesTheKey() throws {
        let store = try TemporaryStore(["clients/a/x.md": "one", "clients/a/y.md": "two", "target1.md": "t1", "target2.md": "t2"])
        let folder = store.store + "/clients/a"
        var keys: [String] = []
        func key() -> String {
            let current = Self.fingerprint(store.store)
            let first = current.digest(of: folder)
            // Taken from the table it just made: the same answer.
            #expect(Self.fingerprint(store.store, known: current.digests).digest(of: folder) == first)
            return first
        }
        keys.append(key())
        try FileManager.default.moveItem(atPath: folder + "/y.md", toPath: folder + "/w.md")
        keys.append(key())
        try store.write("clients/a/v.md", "")
        keys.append(key())
        try store.remove("clients/a/v.md")
        #expect(key() == keys[1])
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.md", withDestinationPath: "../../target1.md")
        keys.append(key())
        try FileManager.default.removeItem(atPath: folder + "/link.md")
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.md", withDestinationPath: "../../target2.md")
        keys.append(key())
        try store.write("target2.md", "T2")
        keys.append(key())
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try store.write("clients/a/sub/.hidden", "h")
        keys.append(key())
        #expect(Set(keys).count == keys.count, "\(keys)")
        // A symlink loop ends.
        try FileManager.default.createSymbolicLink(atPath: folder + "/sub/loop", withDestinationPath: "..")
        _ = key()
        #expect(InputFingerprint(storeRoot: store.store).digest(of: store.store + "/missing") == "absent")
    }

    @Test func recentlyChangedFilesAreNotRecorded() throws {
        let store = try TemporaryStore(["clients/a/x.md": "one"])
        let fingerprint = InputFingerprint(storeRoot: store.store)
        _ = fingerprint.digest(of: store.store + "/clients/a")
        #expect(fingerprint.digests.count == 0)
    }

    @Test func cacheRoundTrips() throws {
        var cache = BuildCache()
        cache.buildID = "id"
        cache.sharedKey = "shared\"\\\n\u{1}é"
        cache.audited = true
        cache.clients = ["a": .init(inputKey: "k", folder: "f", files: ["index.html": "1", "x \"y\".pdf": "2"]),
                         "b": .init(inputKey: "k2", folder: "", files: [:])]
        let stamp = FileStamp(device: UInt64.max, inode: 12, size: 34,
                              modified: FileTime(seconds: 5, nanoseconds: 6), changed: FileTime(seconds: -7, nanoseconds: 8))
        cache.digests.folders = ["/s/a": ["x.md": .init(stamp: stamp, digest: Digest32(bytes: Array(0..<32)))], "/s/b\t": [:]]
        cache.digests.roots = ["/s/a": .init(stamps: Digest32(bytes: Array(32..<64)), digest: "d\"1"), "/s/c": .init(stamps: Digest32(bytes: []), digest: "")]
        let bytes = cache.serialized()
        #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil, "the cache stays JSON")
        let read = try #require(BuildCache.parse(bytes: bytes))
        #expect(read.buildID == cache.buildID && read.sharedKey == cache.sharedKey && read.audited)
        #expect(read.clients == cache.clients)
        #expect(read.digests.entries(in: "/s/a")?["x.md"] == cache.digests.folders["/s/a"]?["x.md"])
        #expect(read.digests.entries(in: "/s/b\t") != nil)
        #expect(read.digests.roots == cache.digests.roots)
        // Numbers are written as `String(number)` writes them, the extremes and zero too.
        var extremes = BuildCache()
        let extreme = FileStamp(device: UInt64(1) << 63, inode: 0, size: Int64.max,
                                modified: FileTime(seconds: -1, nanoseconds: 999_999_999), changed: FileTime(seconds: 10, nanoseconds: 0))
        extremes.digests.folders = ["/s": ["z": .init(stamp: extreme, digest: Digest32(bytes: Array(repeating: 0, count: 32)))]]
        let numbers = [Int64.min, 0, Int64.max, -1, 999_999_999, 10, 0].map { String($0) }.joined(separator: ",")
        #expect(String(decoding: extremes.serialized(), as: UTF8.self).contains("[\"z\"," + numbers + ",\""))
        #expect(BuildCache.parse(bytes: extremes.serialized())?.digests.entries(in: "/s")?["z"] == extremes.digests.folders["/s"]?["z"])
        #expect(BuildCache.parse(bytes: Array(bytes.dropLast(2))) == nil)
        #expect(BuildCache.parse(bytes: Array(#"{"generation":"portico-output-1","buildID":"x","clients":{}}"#.utf8)) == nil)

        // Saved reusing the lines of the one read, a changed cache is written exactly as from scratch.
        var changed = read
        changed.clients["a"]?.files["index.html"] = "3"
        changed.clients["c"] = .init(inputKey: "k3", folder: "g", files: ["p.html": "4"])
        changed.digests.folders["/s/b\t"] = ["y.md": .init(stamp: stamp, digest: Digest32(bytes: Array(repeating: 7, count: 32)))]
        var fresh = changed
        fresh.clientLines = [:]
        fresh.digests = FileDigests(folders: changed.digests.allFolders, roots: changed.digests.roots)
        #expect(changed.serialized(reusing: read) == fresh.serialized())
        #expect(read.serialized(reusing: read) == bytes)

        // Read without the clients' files (a build with nothing to do), then with them.
        var lazy = try #require(BuildCache.parse(bytes: bytes, files: false))
        #expect(lazy.clients["a"]?.files.isEmpty == true && lazy.clients["a"]?.inputKey == "k")
        #expect(lazy.counts["a"]?.pages == 1 && lazy.counts["a"]?.files == 2 && lazy.counts["b"]?.files == 0)
        #expect(lazy.serialized(reusing: lazy) == bytes)
        lazy.loadFiles()
        #expect(lazy.clients == read.clients && lazy.counts.isEmpty)
    }
}
