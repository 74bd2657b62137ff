import Foundation
import PorticoAudit
import PorticoPortal
import PorticoRender
import PorticoStore

/// `portico digest`: per client, an email (`<output>/<client-id>/digest.eml`) of what changed in
/// that client's portal since a date, made from the redacted portal like the pages. Nothing is
/// sent. The output folder is replaced as a whole (like a build), so a message of an earlier run
/// is never sent again by mistake, and the messages pass the leak audit before they are written.
public enum DigestRun {
    public struct Options: Sendable {
        public var store: String
        public var output: String
        public var since: StoreDate
        public var now: Date
        public var templates: String?
        public var environment: [String: String]
        public var audit = true

        public init(store: String = "Content", output: String = "Digests", since: StoreDate, now: Date = Date(),
                    templates: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.store = store
            self.output = output
            self.since = since
            self.now = now
            self.templates = templates
            self.environment = environment
        }
    }

    public struct Written: Sendable {
        public var clientID: String
        /// Relative to the output folder.
        public var path: String
        public var changes: Int
        public var recipients: Int
    }

    public struct Result: Sendable {
        public var written: [Written]
        /// Clients without a message, and why (nothing new, no address, expired portal).
        public var skipped: [(id: String, reason: String)]
        public var warnings: [String]
        public var output: String
    }

    public static let fileName = "digest.eml"

    public static func run(_ options: Options) throws(BuildFailure) -> Result {
        let (store, storeWarnings) = try StoreSession.open(options.store)
        var warnings = storeWarnings.map(\.description)
        let theme: Theme
        do {
            theme = try Theme.load(overrides: BuildOptions(store: options.store, templates: options.templates).themeOverrides)
        } catch {
            throw .theme("\(error)")
        }
        warnings += theme.warnings
        guard let email = store.settings.agency.email, MIMEMessage.isUsable(email) else {
            throw .output("portico.json's agency has no usable \"email\": a digest needs it as its From address; nothing was written")
        }
        let from = MIMEMessage.Address(name: store.settings.agency.name, email: email)
        let secret = ShareSecret.read(store.settings, environment: options.environment)
        if let warning = secret.warning { warnings.append(warning) }
        // Encrypted portals: the digest says how much changed, not what (see ClientPortalBuilder+Digest).
        var encrypted: [String: String] = [:]
        for client in store.clients where client.portal.access != .link { encrypted[client.id] = "digest" }
        let builder = PortalBuilder(store: store, now: options.now, translations: theme.translations,
                                    assets: PortalAssets(stylesheet: "", script: "", favicon: "", logo: nil),
                                    shareSecret: secret.value, opaqueFileNames: encrypted)

        var messages: [(id: String, text: String, bytes: [UInt8], changes: Int, recipients: Int)] = []
        var skipped: [(id: String, reason: String)] = []
        for client in store.clients {
            if let reason = PortalExpiry.reason(client, now: options.now) {
                skipped.append((client.id, reason))
                continue
            }
            var fragment: String?
            if client.portal.access == .key {
                do {
                    fragment = try PortalLock.resolve(client, secret: secret.value, baseURL: store.settings.baseURL, environment: [:])?.linkFragment
                } catch {
                    skipped.append((client.id, "\(error)".replacingOccurrences(of: "error: ", with: "")))
                    continue
                }
            }
            let digest = builder.digest(client, since: options.since, from: from, linkFragment: fragment)
            for note in digest.skippedRecipients { warnings.append("warning: \(client.id): contact \(note); left out of the digest") }
            guard digest.changes > 0 else {
                skipped.append((client.id, "nothing new in the portal since \(options.since)"))
                continue
            }
            guard !digest.recipients.isEmpty else {
                skipped.append((client.id, "no contact with an email address"))
                continue
            }
            messages.append((client.id, digest.message.text + "\n" + digest.message.html, digest.message.bytes,
                             digest.changes, digest.recipients.count))
        }

        let writer = try OutputWriter(destination: options.output)
        do throws(BuildFailure) {
            var written: [Written] = []
            var readable: [String: Data] = [:]
            for message in messages {
                let path = message.id + "/" + fileName
                try writer.write(Data(message.bytes), to: path)
                readable[path] = Data(message.text.utf8)
                written.append(Written(clientID: message.id, path: path, changes: message.changes, recipients: message.recipients))
            }
            if options.audit {
                // The audit reads the decoded text and HTML (quoted-printable would hide words from it).
                let staging = writer.staging
                let texts = readable
                let folders = Dictionary(uniqueKeysWithValues: messages.map { ($0.id, $0.id) })
                let findings = Auditor(store: store, output: staging, folders: folders,
                                       boilerplate: theme.translations.values.flatMap(\.values),
                                       read: { relative in texts[relative] ?? FileManager.default.contents(atPath: staging + "/" + relative) }).run()
                if !findings.isEmpty { throw BuildFailure.leak(findings) }
            }
            try writer.commit()
            writer.finishRemoving()
            return Result(written: written, skipped: skipped, warnings: warnings, output: writer.destination)
        } catch {
            writer.discard()
            throw error
        }
    }
}
