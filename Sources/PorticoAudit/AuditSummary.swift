/// What an audit keeps of one client, so that a later audit can check portals against it
/// without loading it: its distinctive phrases (private and public) as the hashes of their
/// words, and the paths of every store file of it. Another client's portal may show none of
/// them. Kept beside the output (never in it) by incremental builds; it holds no text, but
/// word hashes can be guessed back from a dictionary, so it is no less private than the store.
public struct AuditSummary: Sendable, Equatable {
    public var clientID: String
    public var phrases: PhraseWords
    public var files: [String]

    public init(clientID: String, phrases: PhraseWords, files: [String]) {
        self.clientID = clientID
        self.phrases = phrases
        self.files = files
    }
}
