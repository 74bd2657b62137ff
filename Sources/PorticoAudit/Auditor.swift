import Crypto
import Foundation
import PorticoStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing found where it must not be.
public struct AuditFinding: Sendable, CustomStringConvertible, Hashable {
    /// The output file, relative to the output folder.
    public var file: String
    /// The store item it came from.
    public var item: String
    /// How it was found: text, file contents or file name.
    public var kind: String

    public var description: String { "\(file): leak: \(kind) of \(item)" }
}

/// Scans a built output, independently of the renderer, for the text and files of private items
/// and for any client's content outside that client's own portal.
public struct Auditor {
    let store: Store
    let output: String
    /// Client id to its folder in the output.
    let folders: [String: String]
    /// Text every portal carries (the theme's interface strings): never a finding.
    let boilerplate: [String]

    /// Reads an output file by its relative path; encrypted portals pass a reader that decrypts.
    let read: @Sendable (String) -> Data?

    /// Portal folders to scan; nil scans all. Incremental builds scan what they rewrote.
    let only: Set<String>?

    /// Clients the store was loaded without (an incremental build's unchanged ones), as an
    /// earlier audit summed them up: nothing of them may appear in the portals scanned.
    let known: [AuditSummary]

    /// Top-level entries of the output (portal folders, shared files) that are in another folder
    /// than `output`, by name: what a build left where it was while it made the rest anew.
    let elsewhere: [String: String]

    /// What `prepare` worked out beforehand from the same store, boilerplate and known clients.
    let prepared: Preparation?

    /// Files (relative to the output) the build already checked with `prepared`, from the bytes
    /// it wrote or found there unchanged (`Preparation.check(portalOf:files:)`): not read again.
    let checked: Set<String>

    public init(store: Store, output: String, folders: [String: String], boilerplate: [String] = [],
                read: (@Sendable (String) -> Data?)? = nil, only: Set<String>? = nil, known: [AuditSummary] = [],
                elsewhere: [String: String] = [:], prepared: Preparation? = nil, checked: Set<String> = []) {
        self.prepared = prepared
        self.checked = checked
        self.only = only
        self.known = known
        self.elsewhere = elsewhere
        self.read = read ?? { relative in
            FileManager.default.contents(atPath: (elsewhere[String(relative.prefix { $0 != "/" })] ?? output) + "/" + relative)
        }
        self.store = store
        self.output = output
        self.folders = folders
        self.boilerplate = boilerplate
    }

    /// Output files read as text; others (copied attachments, images) are checked by hash and name.
    static func isText(_ file: String) -> Bool {
        let utf8 = Array(file.utf8)
        guard utf8.allSatisfy({ $0 < 0x80 }), utf8.last != UInt8(ascii: "/"), !utf8.isEmpty else {
            let name = (file as NSString).lastPathComponent
            return !file.contains("/files/") && (textTypes.contains((name as NSString).pathExtension.lowercased()) || !name.contains("."))
        }
        // ASCII: the same by bytes (the extension is what follows the name's last dot, unless
        // that dot starts or ends the name).
        let slash = Array("/files/".utf8)
        for start in 0..<max(0, utf8.count - slash.count + 1) where utf8[start] == slash[0] && Array(utf8[start..<start + slash.count]) == slash {
            return false
        }
        let nameStart = (utf8.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        guard let dot = utf8[nameStart...].lastIndex(of: UInt8(ascii: ".")) else { return true }
        guard dot > nameStart, dot < utf8.count - 1 else { return false }
        return textTypes.contains(String(decoding: utf8[(dot + 1)...], as: UTF8.self).lowercased())
    }

    private static let textTypes: Set<String> = ["html", "xml", "ics", "json", "csv", "txt", "eml", "js", "css", "svg"]

    /// A phrase or file that must not appear somewhere, and whose it is.
    struct Secret: Sendable {
        var item: String
        /// The client it belongs to (nil: the agency's, e.g. a private shared guide).
        var owner: String?
        /// Private to its owner (else: public in the owner's portal, but nobody else's).
        var isPrivate: Bool
    }

    public func run() -> [AuditFinding] {
        runSummarizing().findings
    }

    /// The findings, and a summary of each client of the store for later audits (see `known`).
    /// A finding that involves a `known` client names it only by its id (its texts are not known):
    /// audit again with the client loaded to learn which item it is.
    public func runSummarizing() -> (findings: [AuditFinding], summaries: [AuditSummary]) {
        let store = store, output = output, elsewhere = elsewhere
        // A preparation is used only for the store it was made from.
        if let prepared, prepared.clientIDs == store.clients.map(\.id) {
            return scan(Self.outputFiles(output, elsewhere: elsewhere), prepared, checked: checked)
        }
        let (inventories, folded, files) = Self.inventories(store, walk: { Self.outputFiles(output, elsewhere: elsewhere) })
        let preparation = Preparation(store: store, inventories: inventories, folded: folded, boilerplate: boilerplate, known: known)
        Discard.later(consume folded)
        // Not the preparation the build checked files with: every file is read and checked.
        let result = scan(files, preparation, checked: [])
        Discard.later(consume preparation)
        return result
    }

    /// What an audit checks against, worked out from the store alone (and the boilerplate and
    /// known clients): a build works it out while it is still writing the output.
    public static func prepare(store: Store, boilerplate: [String] = [], known: [AuditSummary] = []) -> Preparation {
        let (inventories, folded, _) = inventories(store)
        defer { Discard.later(consume folded) }
        return Preparation(store: store, inventories: inventories, folded: folded, boilerplate: boilerplate, known: known)
    }

    /// In parallel: each client's inventory, its texts folded and its distinct phrases; and, with
    /// `walk`, the output's files (the first task: the walk is the longest, and must not be left to
    /// run alone at the end).
    private static func inventories(_ store: Store, walk: (@Sendable () -> [String])? = nil)
        -> (inventories: [AuditInventory], folded: [FoldedInventory], files: [String]) {
        let clients = store.clients, offset = walk == nil ? 0 : 1
        let prepared = Parallel.map(clients.count + offset) { index -> Prepared in
            if let walk, index == 0 { return .files(walk()) }
            let inventory = AuditInventory(client: clients[index - offset], store: store)
            return .client(inventory, FoldedInventory(inventory))
        }
        var made: (inventories: [AuditInventory], folded: [FoldedInventory], files: [String]) = ([], [], [])
        for slot in prepared {
            switch slot {
            case let .files(files): made.files = files
            case let .client(inventory, folds):
                made.inventories.append(inventory)
                made.folded.append(folds)
            }
        }
        return made
    }

    /// The phrases and files of every client, indexed, with whose they are.
    public struct Preparation: Sendable {
        let clientIDs: [String]
        let inventories: [AuditInventory]
        let index: PhraseIndex
        /// By phrase of the store (the first `sources.count` in the index): the clients' phrases
        /// it is, as `client << 32 | phrase`, in store order; the first is its text as first found.
        let sources: Grouped<UInt64>
        /// By client: the needles of each of its phrases (`FoldedInventory.needles`).
        let needles: [Grouped<Int32>]
        /// The clients known from a summary, each with the end of its phrases in the index
        /// (they follow the store's).
        let knownEnds: [(clientID: String, end: Int)]
        /// Phrases that are public text for everyone (shared guides, interface strings).
        let commonEverywhere: Set<Int32>
        let storeFiles: StoreFileHashes
        let contentSecrets: [(path: String, secret: Secret)]
        let nameSecrets: [String: [Secret]]
        let contentsBySize: StoreFileHashes.BySize
        /// By client (as `inventories`): what its portal's files are checked against.
        let clientChecks: [AreaChecks]
        /// By client: its phrases written in a text it shows (`FoldedInventory.publicPhrases`).
        let publicPhrases: [[UInt64]]
        /// By client: every phrase of the index in the text it shows, worked out only for a client
        /// whose portal has a phrase that `publicPhrases` does not settle (see `isCommon`).
        let commonHere: CommonPhrases
        /// Each client summed up for later audits (see `known`).
        public let summaries: [AuditSummary]

        init(store: Store, inventories: [AuditInventory], folded: [FoldedInventory], boilerplate: [String], known: [AuditSummary]) {
            clientIDs = store.clients.map(\.id)
            // Of the folded texts, only where each phrase was written is kept (for findings): what
            // the scan needs of them is worked out here.
            self.inventories = inventories
            let sharedPublic = store.sharedGuides.filter { !$0.isPrivate }.flatMap { [$0.title] + AuditInventory.runs($0.body.markdown).map(String.init) }
                + boilerplate + [store.settings.agency.name]

            // One index of every distinctive phrase of every client, built once; a phrase written in
            // many places is indexed once and remembers every place (by number), in store order.
            // Repeats are found in shards by hash, in parallel; each shard keeps store order, so a
            // phrase's text is where it was first found and its secrets are in store order.
            let shardCount = 64
            let shardsByClient = Parallel.map(folded.count) { client -> [[Int32]] in
                var shards = [[Int32]](repeating: [], count: shardCount)
                for (number, key) in folded[client].keys.enumerated() { shards[Int(key.hash & UInt64(shardCount - 1))].append(Int32(number)) }
                return shards
            }
            // Each shard also gathers its phrases' words and places, so that joining the shards
            // (in order) is copying arrays, not one phrase at a time on one core.
            let shards = Parallel.map(shardCount) { shard -> (words: PhraseWords, sources: Grouped<UInt64>) in
                let count = folded.indices.reduce(0) { $0 + shardsByClient[$1][shard].count }
                var table = FoldedTable(capacity: count)
                var keys: [FoldedKey] = []
                var words = PhraseWords()
                var places: [(group: Int32, value: UInt64)] = []
                places.reserveCapacity(count)
                for client in folded.indices {
                    for number in shardsByClient[client][shard] {
                        let key = folded[client].keys[Int(number)]
                        let (found, slot) = key.bytes.withUnsafeBufferPointer { table.find($0, hash: key.hash, in: keys) }
                        let id = found ?? Int32(keys.count)
                        if found == nil {
                            table.file(id, hash: key.hash, at: slot)
                            keys.append(key)
                            words.append(folded[client].words[Int(number)])
                        }
                        places.append((id, Self.place(client: client, phrase: Int(number))))
                    }
                }
                return (words, Grouped(places, groups: keys.count))
            }
            var phrases = PhraseWords()
            phrases.reserveCapacity(words: shards.reduce(0) { $0 + $1.words.words.count } + known.reduce(0) { $0 + $1.phrases.words.count },
                                    phrases: shards.reduce(0) { $0 + $1.words.count } + known.reduce(0) { $0 + $1.phrases.count })
            var sources = Grouped<UInt64>()
            for shard in shards {
                phrases.append(contentsOf: shard.words)
                sources.append(contentsOf: shard.sources)
            }
            // Known clients' phrases, as words only: forbidden everywhere (their portals are not scanned).
            var knownEnds: [(clientID: String, end: Int)] = []
            for summary in known {
                phrases.append(contentsOf: summary.phrases)
                knownEnds.append((summary.clientID, phrases.count))
            }
            index = PhraseIndex(phrases)
            self.sources = sources
            self.knownEnds = knownEnds
            needles = folded.map(\.needles)
            // Phrases that are also public text are not distinctive: for everyone (shared guides,
            // interface strings) or for the client whose public text holds them.
            commonEverywhere = Set(index.matchList(in: Auditor.corpus(sharedPublic)))

            // Every store file by content hash and by name. A file is only hashed when an output file
            // has its size (equal contents have equal sizes), and then once.
            storeFiles = StoreFileHashes()
            var contentSecrets: [(path: String, secret: Secret)] = []
            var nameSecrets: [String: [Secret]] = [:]
            for inventory in inventories {
                let files = inventory.privateFiles.map { ($0, true) } + inventory.allFiles.map { ($0, false) }
                for (file, isPrivate) in files {
                    let secret = Secret(item: file.item, owner: inventory.clientID, isPrivate: isPrivate)
                    contentSecrets.append((file.path, secret))
                    nameSecrets[(file.path as NSString).lastPathComponent, default: []].append(secret)
                }
            }
            for summary in known {
                for path in summary.files {
                    let secret = Secret(item: "client \(summary.clientID) file \(path)", owner: summary.clientID, isPrivate: true)
                    contentSecrets.append((path, secret))
                    nameSecrets[(path as NSString).lastPathComponent, default: []].append(secret)
                }
            }
            self.contentSecrets = contentSecrets
            self.nameSecrets = nameSecrets
            contentsBySize = storeFiles.bySize(contentSecrets.map(\.path))
            let (index, storeFiles) = (index, storeFiles)
            publicPhrases = folded.map(\.publicPhrases)
            commonHere = CommonPhrases(clients: inventories.count)
            if !known.isEmpty {
                // An incremental build: its portals show phrases they share with the clients known
                // from a summary, which only a search of their public text settles; it is done
                // here, on a core the rendering leaves free, not by the scan after it.
                let searched = Parallel.map(inventories.count) { Auditor.phrases(of: index, inPublicTextOf: inventories[$0]) }
                for (client, phrases) in searched.enumerated() { _ = commonHere.phrases(of: client) { phrases } }
            }
            clientChecks = Parallel.map(inventories.count) { client in
                AreaChecks(publicNames: Set(inventories[client].publicFiles.map { ($0 as NSString).lastPathComponent }),
                           publicBySize: storeFiles.bySize(Array(inventories[client].publicFiles)))
            }
            summaries = zip(inventories, folded).map { inventory, folds in
                AuditSummary(clientID: inventory.clientID, phrases: folds.words,
                             files: Array(Set(inventory.privateFiles.map(\.path) + inventory.allFiles.map(\.path))).sorted())
            }
        }
    }

    /// Checks every file of the output (`outputFiles`) against what `preparation` holds, but for
    /// those the build checked while they were in memory (`checked`).
    private func scan(_ outputFiles: [String], _ preparation: Preparation,
                      checked: Set<String>) -> (findings: [AuditFinding], summaries: [AuditSummary]) {
        let read = read
        let areas = areas(preparation.inventories, outputFiles: checked.isEmpty ? outputFiles : outputFiles.filter { !checked.contains($0) })
        // Files in batches, so that one portal (all an incremental build scans) uses every core.
        var batches: [(area: Int, files: Range<Int>)] = []
        for (areaIndex, area) in areas.enumerated() {
            for start in stride(from: 0, to: area.files.count, by: 32) {
                batches.append((areaIndex, start..<min(start + 32, area.files.count)))
            }
        }
        let found = Parallel.map(batches.count) { [batches] batchIndex -> [AuditFinding] in
            let area = areas[batches[batchIndex].area]
            let scanner = AreaScanner(preparation: preparation, inventory: area.inventory)
            var findings: [AuditFinding] = []
            for file in area.files[batches[batchIndex].files] {
                guard let data = read(file) else {
                    findings.append(AuditFinding(file: file, item: "an encrypted file", kind: "content that cannot be decrypted to be checked"))
                    continue
                }
                scanner.check(file, data, into: &findings)
            }
            return findings
        }
        let findings = Array(Set(found.joined())).sorted { ($0.file, $0.item, $0.kind) < ($1.file, $1.item, $1.kind) }
        return (findings, preparation.summaries)
    }

    /// A phrase's folded text, with its hash worked out when it is made (in parallel): the hash
    /// picks the phrase's shard when repeats across clients are found (see `FoldedTable`).
    struct FoldedKey: Sendable {
        var bytes: [UInt8]
        var hash: UInt64

        /// `hash`: `FoldedTable.hash` of the bytes, worked out by the caller already.
        init(_ bytes: [UInt8], hash: UInt64) {
            self.bytes = bytes
            self.hash = hash
        }
    }

    /// What one area's files are checked against: its client's published files by name and by size.
    struct AreaChecks: Sendable {
        var publicNames: Set<String>
        var publicBySize: StoreFileHashes.BySize?

        var parts: (Set<String>, StoreFileHashes.BySize?) { (publicNames, publicBySize) }
    }

    private enum Prepared: Sendable {
        case client(AuditInventory, FoldedInventory)
        case files([String])
    }

    /// A part of the output: one client's portal, or everything outside the portals, and its files.
    private struct Area {
        var client: AuditInventory?
        /// The index of `client` in the inventories.
        var inventory: Int?
        var files: [String]
    }

    /// The areas to scan, each with its output files: a portal's are those under `folder/`,
    /// the rest's those under no portal's folder (`hasPrefix`, as it always was; files and folders
    /// in ASCII, that is all of them in practice, are told apart by their first path component).
    private func areas(_ inventories: [AuditInventory], outputFiles: [String]) -> [Area] {
        let allFolders = Array(folders.values)
        /// Folders that are one ASCII path component: compared by bytes.
        let simpleFolders = Set(allFolders.filter { Self.isASCII($0) && !$0.contains("/") })
        let otherFolders = allFolders.filter { !simpleFolders.contains($0) }
        var byFolder: [String: [String]] = [:]
        var outside: [String] = []
        var nonASCII: [String] = []
        for file in outputFiles {
            guard Self.isASCII(file) else {
                nonASCII.append(file)
                if !allFolders.contains(where: { file.hasPrefix($0 + "/") }) { outside.append(file) }
                continue
            }
            if let slash = file.utf8.firstIndex(of: UInt8(ascii: "/")), case let first = String(file[..<slash]), simpleFolders.contains(first) {
                byFolder[first, default: []].append(file)
            } else if !otherFolders.contains(where: { file.hasPrefix($0 + "/") }) {
                outside.append(file)
            }
        }
        var areas: [Area] = []
        for (index, inventory) in inventories.enumerated() {
            guard let folder = folders[inventory.clientID], only?.contains(folder) ?? true else { continue }
            let files = simpleFolders.contains(folder)
                ? (byFolder[folder] ?? []) + nonASCII.filter { $0.hasPrefix(folder + "/") }
                : outputFiles.filter { $0.hasPrefix(folder + "/") }
            areas.append(Area(client: inventory, inventory: index, files: files.sorted()))
        }
        // Everything outside the portals (root page, assets, headers) names no client at all.
        areas.append(Area(client: nil, inventory: nil, files: outside.sorted()))
        return areas
    }

    private static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// The phrases of `index` that occur in the text `inventory`'s client shows.
    static func phrases(of index: PhraseIndex, inPublicTextOf inventory: AuditInventory) -> Set<Int32> {
        Set(index.matchList(in: corpus(inventory.publicText)))
    }

    /// Texts folded and joined so that no phrase runs from one text into the next.
    static func corpus(_ texts: [String], scalars: ScalarCache = ScalarCache()) -> [UInt8] {
        var corpus: [UInt8] = []
        for text in texts {
            corpus += TextNormalizer.store(text, scalars: scalars)
            corpus += textBreak
        }
        return corpus
    }

    /// A word no phrase contains keeps phrases from running from one text into the next.
    static let textBreak: [UInt8] = [0x20, 0x01, 0x20]

    static func hash(of path: String) -> String {
        FileManager.default.contents(atPath: path).map(hash) ?? ""
    }

    static func hash(_ data: Data) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Every file of the output: those under `output` but for the top-level entries found
    /// elsewhere, and those; in no particular order (`areas` sorts each area's).
    static func outputFiles(_ output: String, elsewhere: [String: String]) -> [String] {
        var files = DirectoryWalk.unsortedFilesInParallel(under: output)
        guard !elsewhere.isEmpty else { return files }
        files.removeAll { elsewhere[String($0.prefix { $0 != "/" })] != nil }
        // In parallel: a build that leaves its portals in place has every portal here, and the
        // audit walks them while nothing else runs.
        let entries = elsewhere.sorted(by: { $0.key < $1.key })
        let found = Parallel.map(entries.count) { index -> [String] in
            let (name, root) = entries[index]
            let path = root + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { return [] }
            return info.st_mode & S_IFMT == S_IFDIR ? DirectoryWalk.unsortedFiles(under: path, named: name) : [name]
        }
        for entry in found { files += entry }
        return files
    }

    static func files(under folder: String) -> [String] {
        DirectoryWalk.files(under: folder)
    }
}
