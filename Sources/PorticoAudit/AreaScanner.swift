import Foundation

/// Checks files of one area of the output (a client's portal, or everything outside the
/// portals) against a preparation: contents by hash, names, and text. `Auditor.scan` uses one per
/// batch of files read from disk; a build uses one per portal for the bytes it has just rendered
/// (`Auditor.Preparation.check(portalOf:files:)`).
struct AreaScanner {
    let preparation: Auditor.Preparation
    /// Whose portal this is; nil outside the portals (where nobody's content belongs).
    let owner: String?
    /// The index of `owner` in the preparation's inventories.
    let client: Int?
    let checks: Auditor.AreaChecks
    /// Per scanner: not shared between threads.
    let scalars = ScalarCache()

    init(preparation: Auditor.Preparation, inventory: Int?) {
        self.preparation = preparation
        owner = inventory.map { preparation.inventories[$0].clientID }
        client = inventory
        checks = inventory.map { preparation.clientChecks[$0] } ?? Auditor.AreaChecks(publicNames: [], publicBySize: nil)
    }

    /// Whether `secret` must not appear in this area.
    private func forbidden(_ secret: Auditor.Secret) -> Bool {
        guard let owner else { return true }
        return secret.owner != owner || secret.isPrivate
    }

    /// The findings in `file` (relative to the output), whose contents are `data`.
    func check(_ file: String, _ data: Data, into findings: inout [AuditFinding]) {
        let preparation = preparation
        let (publicNames, publicBySize) = checks.parts
        let sameSize = preparation.contentsBySize.candidates(size: data.count)
        if !sameSize.isEmpty {
            let storeFiles = preparation.storeFiles, contentSecrets = preparation.contentSecrets
            let digest = Auditor.hash(data)
            let isPublic = publicBySize?.paths(size: data.count).contains { storeFiles.hash(of: $0) == digest } ?? false
            if !isPublic, let match = sameSize.first(where: {
                forbidden(contentSecrets[$0].secret) && storeFiles.hash(of: contentSecrets[$0].path) == digest
            }) {
                findings.append(AuditFinding(file: file, item: contentSecrets[match].secret.item, kind: "file contents"))
            }
        }
        let name = Self.lastComponent(file)
        if !publicNames.contains(name), let secret = preparation.nameSecrets[name]?.first(where: forbidden) {
            findings.append(AuditFinding(file: file, item: secret.item, kind: "file name"))
        }
        guard Auditor.isText(file) else { return }
        // What the client's public text holds, fetched once per file if its own phrases do not settle a match.
        var shownHere: Set<Int32>?
        for match in preparation.index.matchList(in: TextNormalizer.output(data, scalars: scalars))
        where !preparation.commonEverywhere.contains(match) {
            if let client {
                if preparation.isShownOwnPhrase(match, of: client) { continue }
                if shownHere == nil { shownHere = preparation.phrasesInPublicText(of: client) }
                if shownHere!.contains(match) { continue }
            }
            let forbiddenHere = preparation.secrets(of: Int(match)).filter(forbidden)
            guard !forbiddenHere.isEmpty else { continue }
            let kind = "text '\(preparation.text(of: Int(match)).prefix(60))'"
            for secret in forbiddenHere { findings.append(AuditFinding(file: file, item: secret.item, kind: kind)) }
        }
    }

    /// The last component of a relative path as the walk makes them (no empty components).
    private static func lastComponent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }
}

extension Auditor.Preparation {
    /// The findings in files of `clientID`'s portal, checked as the audit checks the files it
    /// reads (paths relative to the output). A build checks the bytes it has just rendered this
    /// way, while they are in memory, and tells the audit (`checked`) not to read them again.
    public func check(portalOf clientID: String, files: [(path: String, data: Data)]) -> [AuditFinding] {
        guard let inventory = clientIDs.firstIndex(of: clientID) else {
            // Not a client of this store: every file is read and checked by the audit itself.
            return []
        }
        let scanner = AreaScanner(preparation: self, inventory: inventory)
        var findings: [AuditFinding] = []
        for (path, data) in files { scanner.check(path, data, into: &findings) }
        return findings
    }
}
