import Foundation
import Testing
@testable import PorticoSite

/// A build killed at any moment leaves either the complete old or the complete new output; a
/// rebuild that replaces several portals (shared files unchanged) leaves each portal complete,
/// old or new.
@Suite(.serialized) struct KilledBuildTests {
    static func store(title: String, projects: [String] = ["acme/projects/web"]) throws -> TemporaryStore {
        var files = CanaryStore.files
        for project in projects {
            for index in 0..<150 {
                files["clients/\(project)/tickets/bulk-\(index).md"] = "---\ntitle: \(title) \(index)\nstatus: open\n---\n" +
                    String(repeating: "Some **text** with a [link](https://example.com) and a list:\n\n- one\n- two\n\n", count: 8)
            }
        }
        return try TemporaryStore(files)
    }

    /// Starts `portico build` of `store` into `output` and kills it (SIGKILL) after `seconds`.
    static func buildKilled(store: TemporaryStore, output: String, environment: [String: String], after seconds: Double,
                            arguments: [String] = []) throws {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["build", "--store", store.store, "--output", output, "--now", "2026-11-22", "--quiet"] + arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: seconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Files grouped by their top-level folder ("" for files at the top).
    static func byFolder(_ files: [String: Data]) -> [String: [String: Data]] {
        var groups: [String: [String: Data]] = [:]
        for (path, data) in files {
            let folder = path.contains("/") ? String(path.prefix { $0 != "/" }) : ""
            groups[folder, default: [:]][path] = data
        }
        return groups
    }

    /// Incremental rebuilds, and `--clean` ones (which leave unchanged portals in place when the
    /// shared files are unchanged: here the portals change, the shared files do not).
    @Test(arguments: [false, true]) func killedRebuildsOfSeveralPortalsLeaveEachPortalOldOrNew(clean: Bool) throws {
        let projects = ["acme/projects/web", "other/projects/p"]
        let old = try Self.store(title: "Old", projects: projects)
        let new = try Self.store(title: "New", projects: projects)
        let environment = ["PORTICO_TEST_SECRET": TestBuild.secret]
        let output = old.root.path + "/Site"
        func build(_ store: TemporaryStore) throws -> Binary.Run {
            try Binary.run(["build", "--store", store.store, "--output", output, "--now", "2026-11-22", "--quiet"], environment: environment)
        }
        #expect(try build(new).status == 0)
        let newGroups = Self.byFolder(TemporaryStore.contents(under: output))
        #expect(try build(old).status == 0)
        let oldGroups = Self.byFolder(TemporaryStore.contents(under: output))
        let portals = newGroups.keys.filter { $0 != "" && $0 != "assets" }
        #expect(portals.count == 2 && portals.allSatisfy { oldGroups[$0] != newGroups[$0] }, "both portals change")

        var random = SplitMix(seed: 11)
        var sawOld = false, sawNew = false
        for _ in 0..<12 {
            try Self.buildKilled(store: new, output: output, environment: environment,
                                 after: Double(random.int(in: 0...900)) / 1000, arguments: clean ? ["--clean"] : [])
            let now = Self.byFolder(TemporaryStore.contents(under: output))
            #expect(Set(now.keys) == Set(newGroups.keys), "a portal folder is missing or extra: \(now.keys.sorted())")
            for folder in portals {
                let isOld = now[folder] == oldGroups[folder], isNew = now[folder] == newGroups[folder]
                #expect(isOld || isNew, "a killed build left portal \(folder) half old, half new")
                if isNew { sawNew = true } else { sawOld = true }
            }
            #expect(now["assets"] == newGroups["assets"])
            if portals.allSatisfy({ now[$0] == newGroups[$0] }) { #expect(try build(old).status == 0) }
        }
        #expect(sawOld, "no kill landed before a portal was replaced; the test did not test anything")
        // The next build after the kills produces exactly the new output, marker and stamps included.
        #expect(try build(new).status == 0)
        #expect(Self.byFolder(TemporaryStore.contents(under: output)) == newGroups)
        _ = sawNew
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
            try Self.buildKilled(store: new, output: output, environment: environment,
                                 after: Double(random.int(in: 0...900)) / 1000)
            let now = TemporaryStore.contents(under: output)
            let isOld = now == oldSnapshot, isNew = now == newSnapshot
            #expect(isOld || isNew, "a killed build left a mixed output")
            if !isOld && !isNew {
                let keys = Set(now.keys).union(oldSnapshot.keys)
                print("MIXED", keys.filter { now[$0] != oldSnapshot[$0] }.sorted(), keys.filter { now[$0] != newSnapshot[$0] }.sorted(), now[".portico-output"].map { String(decoding: $0, as: UTF8.self) } ?? "-")
            }
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
        // Beside the output, only its caches and lock: what killed builds left half written
        // (the build folder, a cache's temporary file) is gone. These stand for a kill while a
        // cache was being written, a moment too short to hit by timing.
        for leftover in [".Site.building-999999", ".Site.building-999999.cache", ".Site.building-999999.audit"] {
            #expect(FileManager.default.createFile(atPath: old.root.path + "/" + leftover, contents: Data("half".utf8)))
        }
        #expect(try build(old).status == 0)
        let beside = try FileManager.default.contentsOfDirectory(atPath: old.root.path).filter { $0.hasPrefix(".Site") }
        #expect(beside.sorted() == [".Site.portico-audit", ".Site.portico-cache.json", ".Site.portico-lock"])
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
