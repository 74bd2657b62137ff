import Foundation

/// Reads a store folder (format v1) into model values. Every problem is logged with its
/// location and loading goes on, so one run reports everything that is wrong.
public struct StoreLoader {
    let files: StoreFiles
    var log: DiagnosticLog { files.log }

    /// `displayRoot` is how the store folder is named in messages (defaults to the path as given).
    public init(root: String, displayRoot: String? = nil, log: DiagnosticLog) {
        var shown = displayRoot ?? root
        while shown.hasPrefix("./") { shown.removeFirst(2) }
        while shown.count > 1, shown.hasSuffix("/") { shown.removeLast() }
        files = StoreFiles(root: root, displayRoot: shown, log: log)
    }

    /// Loads the store; nil when the store cannot be loaded at all (no folder, no portico.json).
    /// Check `log.hasErrors` afterwards: a returned store may still be incomplete.
    /// Client folders named in `skipping` are left out (an incremental build's unchanged clients,
    /// whose portals it carries over: loading them would only give what the last build had).
    public func load(skipping: Set<String> = []) -> Store? {
        let root = files.root
        guard files.isDirectory(root) else {
            log.error(files.at(root), "the store folder does not exist (use --store to name another, or `portico init` to create one)")
            return nil
        }
        let settingsPath = root + "/portico.json"
        guard files.exists(settingsPath) else {
            log.error(files.at(settingsPath), "missing portico.json: every store needs its site settings (see `portico init`)")
            return nil
        }
        let settings = loadSettings(settingsPath)
        let team = loadTeam(root + "/team.json")
        let sharedGuides = loadGuides(in: root + "/guides", isClientGuide: false)
        // Clients are read in parallel, each logging apart; their clients and diagnostics are
        // then taken in folder order, exactly as one pass over the folders would have made them.
        let entries = files.list(root + "/clients").filter { !skipping.contains($0.name) }
        let loaderFiles = files
        let loaded = Parallel.map(entries.count) { index -> (Client?, [Diagnostic]) in
            let clientLog = DiagnosticLog()
            let loader = StoreLoader(files: loaderFiles.logging(to: clientLog))
            return (loader.loadClientFolder(entries[index], settings: settings), clientLog.diagnostics)
        }
        var clients: [Client] = []
        for (client, diagnostics) in loaded {
            for diagnostic in diagnostics { log.append(diagnostic) }
            if let client { clients.append(client) }
        }
        reportUnexpected(in: root, allowed: ["portico.json", "team.json", "guides", "files", "clients", "Templates", "README.md"])
        guard let settings else { return nil }
        return Store(root: root, displayRoot: files.displayRoot, settings: settings, team: team, sharedGuides: sharedGuides, clients: clients)
    }

    private init(files: StoreFiles) {
        self.files = files
    }

    private func loadClientFolder(_ entry: StoreFiles.Entry, settings: Settings?) -> Client? {
        guard entry.isDirectory else {
            log.error(files.at(entry.path), "only client folders belong in clients/")
            return nil
        }
        guard Identifier.check(entry.name, what: "client", at: files.at(entry.path), log: log) else { return nil }
        return loadClient(id: entry.name, directory: entry.path, settings: settings)
    }

    /// A JSON record file parsed to a field reader, or nil after logging why not.
    func readRecord(_ path: String, what: String) -> FieldReader? {
        guard let text = files.readText(path) else { return nil }
        do {
            let node = try JSONSourceParser.parse(Data(text.utf8), file: files.display(path))
            return FieldReader(node, what: what, log: log)
        } catch {
            log.error(error.location, error.message)
            return nil
        }
    }

    /// Warns about files a user may expect to be used but Portico ignores.
    func reportUnexpected(in directory: String, allowed: Set<String>) {
        for entry in files.list(directory) where !allowed.contains(entry.name) {
            log.warning(files.at(entry.path), "not part of the store format; ignored")
        }
    }

    private func loadSettings(_ path: String) -> Settings? {
        guard let fields = readRecord(path, what: "portico.json") else { return nil }
        defer { fields.finish() }
        var agency = Settings.Agency(name: "", email: nil, url: nil, logo: nil)
        if let reader = fields.object("agency", what: "agency", required: true) {
            agency = Settings.Agency(name: reader.nonEmptyString("name", required: true) ?? "",
                                     email: reader.string("email"), url: reader.string("url"), logo: reader.string("logo"))
            if let logo = agency.logo { checkStoreFile(logo, relativeTo: files.root, at: reader.location(of: "logo")) }
            reader.finish()
        }
        let timezone = fields.string("timezone") ?? "UTC"
        checkTimeZone(timezone, at: fields.location(of: "timezone"))
        return Settings(agency: agency,
                        baseURL: fields.string("baseURL") ?? "",
                        timezone: timezone,
                        locale: fields.string("locale") ?? "en-GB",
                        shareSecretEnv: fields.string("shareSecretEnv"))
    }

    private func loadTeam(_ path: String) -> [TeamMember] {
        guard files.exists(path) else {
            log.error(files.at(path), "missing team.json: list the agency's people there")
            return []
        }
        guard let fields = readRecord(path, what: "team.json") else { return [] }
        defer { fields.finish() }
        var people: [TeamMember] = []
        for node in fields.array("people") {
            guard let person = FieldReader(node, what: "person", log: log) else { continue }
            defer { person.finish() }
            guard let id = person.string("id", required: true),
                  Identifier.check(id, what: "team member", at: person.location(of: "id"), log: log) else { continue }
            if people.contains(where: { $0.id == id }) {
                log.error(person.location(of: "id"), "duplicate team member id '\(id)'")
            }
            people.append(TeamMember(id: id, name: person.nonEmptyString("name", required: true) ?? id,
                                     role: person.string("role"), email: person.string("email"),
                                     hourlyCost: person.number("hourlyCost", minimum: 0)))
        }
        return people
    }

    func checkTimeZone(_ identifier: String, at location: SourceLocation) {
        if TimeZone(identifier: identifier) == nil {
            log.error(location, "unknown time zone '\(identifier)'; use an IANA name like Europe/London")
        }
    }

    /// Checks a path written in the store names an existing file inside `base` and the store.
    @discardableResult
    func checkStoreFile(_ relative: String, relativeTo base: String, at location: SourceLocation) -> String? {
        guard let path = StorePath.resolve(relative, in: base), path.hasPrefix(files.root + "/") else {
            log.error(location, "'\(relative)' must be a relative path inside the store (no '..' or absolute paths)")
            return nil
        }
        guard files.exists(path), !files.isDirectory(path) else {
            log.error(location, "file '\(relative)' does not exist (looked for \(files.display(path)))")
            return nil
        }
        guard files.isInsideStore(path) else {
            log.error(location, "'\(relative)' is a link that leads outside the store")
            return nil
        }
        return path
    }
}
