extension Auditor.Preparation {
    /// A phrase's place, client `client`'s phrase number `phrase`, packed as `sources` keeps it
    /// (so that a phrase's places sort by client).
    static func place(client: Int, phrase: Int) -> UInt64 { UInt64(client) << 32 | UInt64(phrase) }

    static func unpack(_ place: UInt64) -> (client: Int, phrase: Int) { (Int(place >> 32), Int(place & 0xFFFF_FFFF)) }

    /// Where a phrase of the index was written, in store order (for a finding: rare, so made here
    /// rather than kept for every phrase while the audit is prepared).
    func secrets(of phrase: Int) -> [Auditor.Secret] {
        guard phrase < sources.count else {
            let clientID = knownClient(of: phrase)
            return [Auditor.Secret(item: "client \(clientID)", owner: clientID, isPrivate: true)]
        }
        var secrets: [Auditor.Secret] = []
        for source in sources[phrase] {
            let (client, number) = Self.unpack(source)
            let inventory = inventories[client]
            for reference in needles[client][number] {
                let (needle, isPrivate) = inventory.needle(reference)
                secrets.append(Auditor.Secret(item: needle.item, owner: inventory.clientID, isPrivate: isPrivate))
            }
        }
        return secrets
    }

    /// The text a phrase of the index was first found as.
    func text(of phrase: Int) -> String {
        guard phrase < sources.count else { return "(a text of client \(knownClient(of: phrase)))" }
        let source = sources[phrase].first!
        let (client, number) = Self.unpack(source)
        return String(inventories[client].needle(needles[client][number].first!).needle.text)
    }

    /// Every phrase's secrets and text, in index order (for tests).
    var secrets: [[Auditor.Secret]] { (0..<index.count).map(secrets(of:)) }
    var texts: [String] { (0..<index.count).map(text(of:)) }

    private func knownClient(of phrase: Int) -> String {
        knownEnds.first { phrase < $0.end }!.clientID
    }
}
