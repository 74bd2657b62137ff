import Foundation
import Testing
@testable import PorticoSite

/// Splitting big agencies over machines, and the JSON build report.
@Suite struct ShardAndReportTests {
    func build(_ store: TemporaryStore, output: String, shard: (Int, Int)? = nil, clients: Set<String>? = nil) throws -> BuildReport {
        var options = BuildOptions(store: store.store, output: output, now: TestBuild.now,
                                   environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        options.shard = shard.map { (index: $0.0, count: $0.1) }
        options.clients = clients
        return try SiteBuilder(options: options).build()
    }

    @Test func mergedShardsEqualOneFullBuild() throws {
        let random = RandomStore(seed: 4242)
        let store = try TemporaryStore(random.files)
        let full = try build(store, output: store.root.path + "/full")
        var merged: [String: Data] = [:]
        var built: [String] = []
        for index in 1...3 {
            let folder = store.root.path + "/shard\(index)"
            let report = try build(store, output: folder, shard: (index, 3))
            built += report.clients.map(\.id)
            for (path, data) in TemporaryStore.contents(under: folder) where path != OutputWriter.marker {
                if let existing = merged[path] { #expect(existing == data, "shards disagree on \(path)") }
                merged[path] = data
            }
        }
        #expect(built.sorted() == full.clients.map(\.id).sorted(), "every client is in exactly one shard")
        var whole = TemporaryStore.contents(under: store.root.path + "/full")
        whole[OutputWriter.marker] = nil
        #expect(merged == whole)
    }

    @Test func clientsSelectsASubset() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let report = try build(store, output: store.output, clients: ["other"])
        #expect(report.clients.map(\.id) == ["other"])
        #expect(!TemporaryStore.files(under: store.output).contains { $0.hasPrefix(SiteBuildTests.acme) })
    }

    /// Whichever way the audit runs, the report shows where its time went: prepared first (its
    /// own stage) and its check of each page just rendered counted in the rendering's work; or
    /// prepared beside the rendering and every file read afterwards (the audit stage alone).
    @Test(arguments: [true, false])
    func theReportShowsWhereTheAuditsTimeWent(inMemory: Bool) throws {
        let store = try TemporaryStore(CanaryStore.files)
        let report = try TestBuild.run(store, auditsInMemory: inMemory)
        #expect((report.stages["prepare audit"] != nil) == inMemory, "\(report.stages)")
        #expect(((report.work["audit scan"] ?? 0) > 0) == inMemory, "\(report.work)")
        #expect(report.stages["audit"] != nil)
        #expect(BuildReport.stageOrder.firstIndex(of: "prepare audit")! < BuildReport.stageOrder.firstIndex(of: "redact, render and write")!)
    }

    @Test func theReportSaysWhatWasWrittenKeptAndRemoved() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let reportPath = store.root.path + "/report.json"
        let first = try Binary.run(["build", "--now", "2026-11-22T12:00:00Z", "--report", reportPath, "--quiet"], in: store.root,
                                   environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        #expect(first.status == 0, "\(first.stderr)")
        let report = try JSONDecoder().decode(BuildReport.self, from: Data(contentsOf: URL(fileURLWithPath: reportPath)))
        #expect(report.audit == "passed")
        #expect(report.clients.map(\.id) == ["acme", "other"])
        #expect(report.clients.allSatisfy { $0.written == $0.files && $0.unchanged == 0 && $0.removed == 0 })
        #expect(Set(report.stages.keys).isSuperset(of: ["theme", "load and validate", "redact, render and write", "audit"]))
        // Where the time went inside the stages: the store, and each part of the parallel stage.
        #expect(Set(report.work.keys).isSuperset(of: ["load", "validate", "redact", "markdown", "templates", "write"]), "\(report.work)")
        #expect(report.work.values.allSatisfy { $0 >= 0 })

        try store.remove("clients/other/projects/p/tickets/t")
        let second = try Binary.run(["build", "--now", "2026-11-22T12:00:00Z", "--report", reportPath], in: store.root,
                                    environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        #expect(second.status == 0, "\(second.stderr)")
        let again = try JSONDecoder().decode(BuildReport.self, from: Data(contentsOf: URL(fileURLWithPath: reportPath)))
        #expect(again.clients.first { $0.id == "acme" }?.skipped == true)
        #expect(again.clients.first { $0.id == "other" }?.removed == 2)
        #expect(second.stdout.contains("other → Public/"))
        #expect(second.stdout.contains("2 removed"))

        let third = try Binary.run(["build", "--now", "2026-11-22T12:00:00Z"], in: store.root,
                                   environment: ["PORTICO_TEST_SECRET": TestBuild.secret])
        #expect(third.stdout.contains("Nothing changed"))
    }
}
