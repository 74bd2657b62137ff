import Foundation
import PropertyBased
import Testing
@testable import PorticoPortal
@testable import PorticoSite

/// Random stores with a marker in every private and public place and every client: built
/// (without the audit, so this test is the judge), no private or cross-client marker may reach
/// any output byte or file name, and every public marker must reach its own client's portal.
@Suite struct ConfidentialityPropertyTests {
    static let cases = Int(ProcessInfo.processInfo.environment["PORTICO_PROPERTY_CASES"] ?? "") ?? 1000

    @Test func randomStoresNeverLeak() async throws {
        await propertyCheck(count: Self.cases, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            try check(seed: UInt64(seed))
        }
    }

    func check(seed: UInt64) throws {
        let random = RandomStore(seed: seed)
        let store = try TemporaryStore(random.files)
        var options = BuildOptions(store: store.store, output: store.output, now: TestBuild.now,
                                   environment: ["PORTICO_TEST_SECRET": "property"])
        options.audit = false
        let result = try SiteBuilder(options: options).build()
        let folders = Dictionary(uniqueKeysWithValues: result.clients.map { ($0.id, $0.folder) })
        // Where each marker occurs (file names count too); attachment names are lowercased markers.
        var places: [String: Set<String>] = [:]
        for (path, data) in TemporaryStore.contents(under: store.output) {
            let text = path + "\n" + String(decoding: data, as: UTF8.self)
            for match in text.matches(of: /[Qq](?:PUB|PRV|pub|prv)\d{5}[Zz]/) {
                places[match.output.uppercased(), default: []].insert(path)
            }
        }
        for marker in random.markers {
            let found = places[marker.text] ?? []
            if !marker.visible {
                #expect(found.isEmpty, "seed \(seed): private \(marker.text) in \(found.sorted())")
            } else if let client = marker.client, let folder = folders[client] {
                #expect(found.allSatisfy { $0.hasPrefix(folder + "/") }, "seed \(seed): \(marker.text) of \(client) in \(found.sorted())")
                // Every public item of a client shows up in its portal (titles, bodies, files alike).
                #expect(!found.isEmpty, "seed \(seed): public \(marker.text) of \(client) is missing")
            }
        }
    }
}

