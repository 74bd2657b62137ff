import Crypto
import Foundation
import PorticoStore

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

    public init(store: Store, output: String, folders: [String: String], boilerplate: [String] = [],
                read: (@Sendable (String) -> Data?)? = nil, only: Set<String>? = nil) {
        self.only = only
        self.read = read ?? { relative in FileManager.default.contents(atPath: output + "/" + relative) }
        self.store = store
        self.output = output
        self.folders = folders
        self.boilerplate = boilerplate
    }

    /// Output files read as text; others (copied attachments, images) are checked by hash and name.
    static func isText(_ file: String) -> Bool {
        let textTypes: Set<String> = ["html", "xml", "ics", "json", "csv", "txt", "eml", "js", "css", "svg"]
        let name = (file as NSString).lastPathComponent
        return !file.contains("/files/") && (textTypes.contains((name as NSString).pathExtension.lowercased()) || !name.contains("."))
    }

    public func run() -> [AuditFinding] {
        let inventories = store.clients.map { AuditInventory(client: $0, store: store) }
        let outputFiles = Self.files(under: output)
        var findings: [AuditFinding] = []
        let sharedPublic = store.sharedGuides.filter { !$0.isPrivate }.flatMap { [$0.title] + AuditInventory.runs($0.body.markdown) }
            + boilerplate
        for area in areas(inventories) {
            let publicSet = Set((area.publicText + sharedPublic).map(TextNormalizer.store))
            let publicCorpus = MultiPatternSearch.joinedCorpus(area.publicText + sharedPublic)
            var needles = area.needles.filter { needle in
                let folded = TextNormalizer.store(needle.text)
                return folded.count >= needle.minimumBytes && !publicSet.contains(folded)
            }
            // A needle that is part of some public text (a common phrase) is not distinctive.
            let foldedNeedles = needles.map { Self.word(TextNormalizer.store($0.text)) }
            let inPublic = MultiPatternSearch(foldedNeedles).matches(in: publicCorpus)
            needles = needles.enumerated().filter { !inPublic.contains($0.offset) }.map(\.element)
            let search = MultiPatternSearch(needles.map { Self.word(TextNormalizer.store($0.text)) })
            let secretHashes = Dictionary(area.files.map { (Self.hash(of: $0.path), $0) }, uniquingKeysWith: { first, _ in first })
            let publicHashes = Set(area.publicFiles.map(Self.hash(of:)))
            let secretNames = Dictionary(area.files.map { (($0.path as NSString).lastPathComponent, $0) }, uniquingKeysWith: { first, _ in first })
            let publicNames = Set(area.publicFiles.map { ($0 as NSString).lastPathComponent })
            for file in outputFiles where area.contains(file) {
                guard let data = read(file) else {
                    findings.append(AuditFinding(file: file, item: "an encrypted file", kind: "content that cannot be decrypted to be checked"))
                    continue
                }
                let digest = Self.hash(data)
                if let secret = secretHashes[digest], !publicHashes.contains(digest) {
                    findings.append(AuditFinding(file: file, item: secret.item, kind: "file contents"))
                }
                let name = (file as NSString).lastPathComponent
                if let secret = secretNames[name], !publicNames.contains(name) {
                    findings.append(AuditFinding(file: file, item: secret.item, kind: "file name"))
                }
                guard Self.isText(file) else { continue }
                for index in search.matches(in: Self.word(TextNormalizer.output(data))).sorted() {
                    findings.append(AuditFinding(file: file, item: needles[index].item, kind: "text '\(needles[index].text.prefix(60))'"))
                }
            }
        }
        return Array(Set(findings)).sorted { ($0.file, $0.item, $0.kind) < ($1.file, $1.item, $1.kind) }
    }

    /// A part of the output and what must not appear in it.
    struct Area {
        var prefix: String?
        var excludedPrefixes: [String]
        var needles: [AuditInventory.Needle]
        var files: [AuditInventory.SecretFile]
        var publicText: [String]
        var publicFiles: Set<String>

        func contains(_ file: String) -> Bool {
            if let prefix { return file.hasPrefix(prefix + "/") }
            return !excludedPrefixes.contains { file.hasPrefix($0 + "/") }
        }
    }

    private func areas(_ inventories: [AuditInventory]) -> [Area] {
        var areas: [Area] = []
        for inventory in inventories {
            guard let folder = folders[inventory.clientID], only?.contains(folder) ?? true else { continue }
            let others = inventories.filter { $0.clientID != inventory.clientID }
            areas.append(Area(prefix: folder, excludedPrefixes: [],
                              needles: inventory.privateText + others.flatMap(\.allText),
                              files: inventory.privateFiles + others.flatMap(\.allFiles),
                              publicText: inventory.publicText, publicFiles: inventory.publicFiles))
        }
        // Everything outside the portals (root page, assets, headers) names no client at all.
        areas.append(Area(prefix: nil, excludedPrefixes: Array(folders.values),
                          needles: inventories.flatMap { $0.privateText + $0.allText },
                          files: inventories.flatMap { $0.privateFiles + $0.allFiles },
                          publicText: [store.settings.agency.name], publicFiles: []))
        return areas
    }

    /// Folded text padded with spaces, so needles match whole words only ("client 0" must not
    /// match inside "client 0008").
    static func word(_ folded: [UInt8]) -> [UInt8] {
        [0x20] + folded + [0x20]
    }

    static func hash(of path: String) -> String {
        FileManager.default.contents(atPath: path).map(hash) ?? ""
    }

    static func hash(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    static func files(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }
}

extension MultiPatternSearch {
    /// Folded texts joined with a separator no needle contains.
    static func joinedCorpus(_ texts: [String]) -> [UInt8] {
        var corpus: [UInt8] = []
        for text in texts {
            corpus += Auditor.word(TextNormalizer.store(text))
        }
        return corpus
    }
}
