import PorticoAudit
import PorticoStore

/// What a build's audit checks against: its preparation from the loaded store, and what the
/// audit cache sums up of the clients the build left unloaded (`known`, and their entries to
/// keep in the next audit cache). Made where the audit is prepared: for an incremental build on
/// a core the rendering leaves free, so reading the cache's phrases (megabytes) costs it no time.
struct AuditPlan: Sendable {
    /// The audit cache's entries of the unloaded clients, by client.
    let entries: [String: AuditCache.Entry]
    /// Their summaries, in client order.
    let known: [AuditSummary]
    let preparation: Auditor.Preparation

    /// Nil when `cacheFile` does not hold an entry for every client in `skipped` (it was damaged
    /// after its input keys were read): the build must then load every client.
    static func make(store: Store, boilerplate: [String], skipped: Set<String>, cacheFile: [UInt8]?) -> AuditPlan? {
        var entries: [String: AuditCache.Entry] = [:]
        if !skipped.isEmpty {
            guard let cache = cacheFile.flatMap({ AuditCache.parse(bytes: $0) }) else { return nil }
            for id in skipped {
                guard let entry = cache.entries[id] else { return nil }
                entries[id] = entry
            }
        }
        let known = skipped.sorted().map { entries[$0]!.summary }
        return AuditPlan(entries: entries, known: known,
                         preparation: Auditor.prepare(store: store, boilerplate: boilerplate, known: known))
    }

    /// The audit cache this plan leaves for later builds: each loaded client's summary as the
    /// preparation worked it out, and the unloaded clients' entries as they were. Summaries
    /// describe inputs, not an output: good for any later build from the same inputs, whatever
    /// this build's audit finds.
    func nextCache(inputKeys: [String: String]) -> AuditCache {
        var cache = AuditCache()
        for summary in preparation.summaries {
            cache.entries[summary.clientID] = AuditCache.Entry(inputKey: inputKeys[summary.clientID] ?? "", summary: summary)
        }
        for (id, entry) in entries { cache.entries[id] = entry }
        return cache
    }
}
