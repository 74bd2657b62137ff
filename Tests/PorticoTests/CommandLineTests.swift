import Foundation
import Testing
@testable import PorticoPortal

/// The built binary, run as a user runs it: exit codes 0 (success), 1 (store problems), 2 (usage).
@Suite(.serialized) struct CommandLineTests {
    @Test func buildSucceedsWithExitZeroAndASummary() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let run = try Binary.run(["build", "--store", "Content", "--output", "Public", "--now", "2026-11-22"],
                                 in: store.root, environment: ["PORTICO_TEST_SECRET": "s3cret"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Built 2 portals"))
        let folder = SharePath.folder(clientID: "acme", linkVersion: 1, secret: "s3cret")
        #expect(FileManager.default.fileExists(atPath: store.root.path + "/Public/\(folder)/index.html"))
    }

    /// Every command starts by loading the binary's libraries: FoundationNetworking would bring
    /// libcurl and some thirty more, which took 5 to 6 ms of each run (see PreviewHTTP).
    @Test func theBinaryLoadsNoNetworkingLibraries() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [Binary.url.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let libraries = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(libraries.contains("libcmark-gfm"), "\(libraries)")
        #expect(!libraries.contains("libcurl") && !libraries.contains("libssl"), "\(libraries)")
    }

    @Test func quietPrintsNothingOnSuccess() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let run = try Binary.run(["build", "--quiet", "--now", "2026-11-22"], in: store.root, environment: ["PORTICO_TEST_SECRET": "x"])
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.isEmpty)
    }

    @Test func storeErrorsExitOneWithLocatedMessages() throws {
        var files = CanaryStore.files
        files["clients/acme/projects/web/tickets/bad.md"] = "---\ntitle: Bad\ninternal: true\n---\n"
        let store = try TemporaryStore(files)
        let run = try Binary.run(["build"], in: store.root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Content/clients/acme/projects/web/tickets/bad.md:3:1: error: unknown field 'internal' in ticket; did you mean 'private'?"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store.root.path + "/Public"))
    }

    @Test func usageErrorsExitTwo() throws {
        let store = try TemporaryStore(CanaryStore.files)
        for arguments in [["build", "--now", "yesterday"], ["build", "--bogus"], ["frobnicate"], ["init"]] {
            let run = try Binary.run(arguments, in: store.root)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
            #expect(!run.stderr.isEmpty)
        }
    }

    @Test func helpExplainsTheCommands() throws {
        let run = try Binary.run(["--help"])
        #expect(run.status == 0)
        for word in ["build", "check", "links", "init", "Exit codes"] { #expect(run.stdout.contains(word), "\(word)") }
        let build = try Binary.run(["build", "--help"])
        for option in ["--store", "--output", "--templates", "--now", "--quiet"] { #expect(build.stdout.contains(option), "\(option)") }
    }

    @Test func linksPrintsEachClientsFullLink() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let run = try Binary.run(["links"], in: store.root, environment: ["PORTICO_TEST_SECRET": "s3cret"])
        #expect(run.status == 0)
        let acme = SharePath.folder(clientID: "acme", linkVersion: 1, secret: "s3cret")
        #expect(run.stdout.contains("acme\thttps://portal.agency.example/\(acme)/"))
        let guessable = try Binary.run(["links"], in: store.root)
        #expect(guessable.stdout.contains("acme\thttps://portal.agency.example/acme/"))
        #expect(guessable.stderr.contains("guessable"))
    }

    @Test func checkShowsWhatIsPublishedAndWhatIsHidden() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let run = try Binary.run(["check", "--now", "2026-11-22"], in: store.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("hides:     ticket web/hidden: private"))
        #expect(run.stdout.contains("hides:     comment web/public/2026-11-03-0900-maja: internal comment"))
        #expect(run.stdout.contains("hides:     project internal: private"))
        #expect(run.stdout.contains("hides:     invoice 2026-002: draft"))
        #expect(run.stdout.contains("hides:     client notes: internal"))
        #expect(run.stdout.contains("publishes:"))
        #expect(!FileManager.default.fileExists(atPath: store.root.path + "/Public"))
    }

    @Test func initCreatesAStoreThatBuildsAndRefusesToOverwrite() throws {
        let folder = try TemporaryStore()
        let created = try Binary.run(["init", "Starter"], in: folder.root)
        #expect(created.status == 0, "\(created.stderr)")
        let build = try Binary.run(["build", "--store", "Starter", "--now", "2026-11-22"], in: folder.root)
        #expect(build.status == 0, "\(build.stderr)")
        let overview = try String(contentsOfFile: folder.root.path + "/Public/first-client/index.html", encoding: .utf8)
        #expect(overview.contains("Share access to your inbox"))
        #expect(!overview.contains("Estimate the monthly workload"))
        let again = try Binary.run(["init", "Starter"], in: folder.root)
        #expect(again.status == 1)
    }

    @Test func theInstalledBinaryFindsItsThemeFromAnyDirectory() throws {
        // Installed elsewhere, run from another directory, with no Templates/ beside the store:
        // the theme compiled into the binary is used.
        let store = try TemporaryStore(CanaryStore.files)
        let installed = store.root.appendingPathComponent("bin/portico")
        try FileManager.default.createDirectory(at: installed.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Binary.url, to: installed)
        let run = try Binary.run(["build", "--store", store.store, "--output", store.output], in: URL(fileURLWithPath: "/"), executable: installed)
        #expect(run.status == 0, "\(run.stderr)")
        let css = TemporaryStore.files(under: store.output + "/assets").filter { $0.hasSuffix(".css") }
        #expect(css.count == 1)
    }

    /// `portico serve` says where it serves while it runs, also into a pipe (a log), not only
    /// when it exits (standard output is buffered when it is not a terminal).
    @Test func serveSaysWhereItServesWhileItRuns() throws {
        let store = try TemporaryStore(CanaryStore.files)
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["serve", "--store", store.store, "--output", store.output, "--port", String(Int.random(in: 20_000...40_000))]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        final class Said: @unchecked Sendable {
            let lock = NSLock()
            var text = ""
        }
        let said = Said()
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            said.lock.withLock { said.text += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        defer {
            out.fileHandleForReading.readabilityHandler = nil
            process.terminate()
            process.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(60)
        while !said.lock.withLock({ said.text.contains("Serving ") }), Date() < deadline, process.isRunning {
            usleep(50_000)
        }
        let text = said.lock.withLock { said.text }
        #expect(text.contains("Serving \(store.output) on http://127.0.0.1:"), "\(text)")
        #expect(process.isRunning)
    }
}
