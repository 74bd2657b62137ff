import Foundation
import Testing
@testable import PorticoSite

/// A build killed at any moment leaves either the complete old or the complete new output.
@Suite(.serialized) struct KilledBuildTests {
    static func store(title: String) throws -> TemporaryStore {
        var files = CanaryStore.files
        for index in 0..<150 {
            files["clients/acme/projects/web/tickets/bulk-\(index).md"] = "---\ntitle: \(title) \(index)\nstatus: open\n---\n" +
                String(repeating: "Some **text** with a [link](https://example.com) and a list:\n\n- one\n- two\n\n", count: 8)
        }
        return try TemporaryStore(files)
    }

    @Test func killedBuildsLeaveTheOldOrTheNewOutput() throws {
        let old = try Self.store(title: "Old")
        let new = try Self.store(title: "New")
        let environment = ["PORTICO_TEST_SECRET": TestBuild.secret]
        let output = old.root.path + "/Site"
        func build(_ store: TemporaryStore) throws -> Binary.Run {
            try Binary.run(["build", "--store", store.store, "--output", output, "--now", "2026-11-22", "--quiet"], environment: environment)
        }
        #expect(try build(new).status == 0)
        let newSnapshot = TemporaryStore.contents(under: output)
        #expect(try build(old).status == 0)
        let oldSnapshot = TemporaryStore.contents(under: output)
        #expect(oldSnapshot != newSnapshot)

        var random = SplitMix(seed: 7)
        var sawOld = false, sawNew = false
        for _ in 0..<12 {
            let process = Process()
            process.executableURL = Binary.url
            process.arguments = ["build", "--store", new.store, "--output", output, "--now", "2026-11-22", "--quiet"]
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: Double(random.int(in: 0...900)) / 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = TemporaryStore.contents(under: output)
            let isOld = now == oldSnapshot, isNew = now == newSnapshot
            #expect(isOld || isNew, "a killed build left a mixed output")
            if isNew {
                sawNew = true
                #expect(try build(old).status == 0)
            } else {
                sawOld = true
            }
        }
        #expect(sawOld, "no kill landed before the swap; the test did not test anything")
        // The next build after a kill still produces exactly the new output.
        #expect(try build(new).status == 0)
        #expect(TemporaryStore.contents(under: output) == newSnapshot)
        _ = sawNew
    }

    @Test func aSecondBuildOnTheSameOutputIsRefused() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let lock = try BuildLock.acquire(for: store.output)
        #expect {
            try TestBuild.run(store)
        } throws: { error in
            "\(error)".contains("another build is writing")
        }
        withExtendedLifetime(lock) {}
    }
}
