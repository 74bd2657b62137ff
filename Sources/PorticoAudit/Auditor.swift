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

    /// A phrase or file that must not appear somewhere, and whose it is.
    private struct Secret {
        var item: String
        /// The client it belongs to (nil: the agency's, e.g. a private shared guide).
        var owner: String?
        /// Private to its owner (else: public in the owner's portal, but nobody else's).
        var isPrivate: Bool
    }

    public func run() -> [AuditFinding] {
        let inventories = store.clients.map { AuditInventory(client: $0, store: store) }
        let outputFiles = Self.files(under: output)
        let sharedPublic = store.sharedGuides.filter { !$0.isPrivate }.flatMap { [$0.title] + AuditInventory.runs($0.body.markdown) }
            + boilerplate + [store.settings.agency.name]

        // One index of every distinctive phrase of every client, built once; a phrase written in
        // many places is indexed once and remembers every place (its secrets).
        var secrets: [[Secret]] = []
        var phrases: [[UInt8]] = []
        var texts: [String] = []
        var phraseIDs: [[UInt8]: Int] = [:]
        for inventory in inventories {
            for (needle, isPrivate) in inventory.privateText.map({ ($0, true) }) + inventory.allText.map({ ($0, false) }) {
                let folded = TextNormalizer.store(needle.text)
                guard folded.count >= needle.minimumBytes else { continue }
                let secret = Secret(item: needle.item, owner: inventory.clientID, isPrivate: isPrivate)
                if let id = phraseIDs[folded] {
                    secrets[id].append(secret)
                } else {
                    phraseIDs[folded] = phrases.count
                    secrets.append([secret])
                    phrases.append(folded)
                    texts.append(needle.text)
                }
            }
        }
        let index = PhraseIndex(phrases)
        // Phrases that are also public text are not distinctive: for everyone (shared guides,
        // interface strings) or for the client whose public text holds them.
        let commonEverywhere = index.matches(in: Self.corpus(sharedPublic))

        // Every store file by content hash and by name, hashed once.
        var fileSecrets: [String: [Secret]] = [:], nameSecrets: [String: [Secret]] = [:]
        var hashes: [String: String] = [:]
        func hash(_ path: String) -> String {
            if let known = hashes[path] { return known }
            let digest = Self.hash(of: path)
            hashes[path] = digest
            return digest
        }
        for inventory in inventories {
            let files = inventory.privateFiles.map { ($0, true) } + inventory.allFiles.map { ($0, false) }
            for (file, isPrivate) in files {
                let secret = Secret(item: file.item, owner: inventory.clientID, isPrivate: isPrivate)
                fileSecrets[hash(file.path), default: []].append(secret)
                nameSecrets[(file.path as NSString).lastPathComponent, default: []].append(secret)
            }
        }

        var findings: [AuditFinding] = []
        for area in areas(inventories) {
            let client = area.client
            let commonHere = client.map { index.matches(in: Self.corpus($0.publicText)) } ?? []
            let publicHashes = Set(client?.publicFiles.map(hash) ?? [])
            let publicNames = Set(client?.publicFiles.map { ($0 as NSString).lastPathComponent } ?? [])
            /// Whether `secret` must not appear in this area.
            func forbidden(_ secret: Secret) -> Bool {
                guard let here = client?.clientID else { return true }
                return secret.owner != here || secret.isPrivate
            }
            for file in outputFiles where area.contains(file) {
                guard let data = read(file) else {
                    findings.append(AuditFinding(file: file, item: "an encrypted file", kind: "content that cannot be decrypted to be checked"))
                    continue
                }
                let digest = Self.hash(data)
                if !publicHashes.contains(digest), let secret = fileSecrets[digest]?.first(where: forbidden) {
                    findings.append(AuditFinding(file: file, item: secret.item, kind: "file contents"))
                }
                let name = (file as NSString).lastPathComponent
                if !publicNames.contains(name), let secret = nameSecrets[name]?.first(where: forbidden) {
                    findings.append(AuditFinding(file: file, item: secret.item, kind: "file name"))
                }
                guard Self.isText(file) else { continue }
                for match in index.matches(in: TextNormalizer.output(data)).sorted()
                where !commonEverywhere.contains(match) && !commonHere.contains(match) {
                    for secret in secrets[match] where forbidden(secret) {
                        findings.append(AuditFinding(file: file, item: secret.item, kind: "text '\(texts[match].prefix(60))'"))
                    }
                }
            }
        }
        return Array(Set(findings)).sorted { ($0.file, $0.item, $0.kind) < ($1.file, $1.item, $1.kind) }
    }

    /// A part of the output: one client's portal, or everything outside the portals.
    private struct Area {
        var prefix: String?
        var excludedPrefixes: [String]
        var client: AuditInventory?

        func contains(_ file: String) -> Bool {
            if let prefix { return file.hasPrefix(prefix + "/") }
            return !excludedPrefixes.contains { file.hasPrefix($0 + "/") }
        }
    }

    private func areas(_ inventories: [AuditInventory]) -> [Area] {
        var areas: [Area] = []
        for inventory in inventories {
            guard let folder = folders[inventory.clientID], only?.contains(folder) ?? true else { continue }
            areas.append(Area(prefix: folder, excludedPrefixes: [], client: inventory))
        }
        // Everything outside the portals (root page, assets, headers) names no client at all.
        areas.append(Area(prefix: nil, excludedPrefixes: Array(folders.values), client: nil))
        return areas
    }

    /// Texts folded and joined so that no phrase runs from one text into the next.
    static func corpus(_ texts: [String]) -> [UInt8] {
        var corpus: [UInt8] = []
        for text in texts {
            // A word no phrase contains keeps phrases from running from one text into the next.
            corpus += TextNormalizer.store(text) + [0x20, 0x01, 0x20]
        }
        return corpus
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
