import ArgumentParser
import Foundation
import PorticoSite
import PorticoStore

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build every client's portal into the output folder.",
        discussion: """
        The new output is written beside the old one and swapped in only when everything
        succeeded: a failed or interrupted build leaves the previous output exactly as it was.
        Portals whose inputs did not change are carried over, and unchanged files keep their
        modification time, so rsync and object-storage uploads move only what changed.
        Each portal lives in <output>/<client-id>-<token>/ (see `portico links`).
        Exit codes: 0 built (or nothing to do), 1 store errors, leak found, or output problem,
        2 wrong command line.
        """
    )

    @OptionGroup var storeOptions: StoreOptions

    static let defaultOutput = "Public"

    @Option(name: .long, help: ArgumentHelp("Where to write the portals.", valueName: "dir"))
    var output: String = defaultOutput

    @Option(name: .long, help: ArgumentHelp("A theme folder whose files replace the default theme's.", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Build as of this date or time (ISO 8601), for reproducible output.", valueName: "iso8601"))
    var now: String?

    @Option(name: .long, help: ArgumentHelp("Build only these clients (comma-separated ids).", valueName: "a,b"))
    var clients: String?

    @Option(name: .long, help: ArgumentHelp("Build only shard I of N (1-based), to spread clients over machines.", valueName: "I/N"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Write a JSON build report (per client: pages written, unchanged, removed; warnings; audit; time per stage).", valueName: "file"))
    var report: String?

    @Flag(name: .long, help: "Ignore the build cache and rebuild every portal.")
    var clean = false

    @Flag(name: .long, help: "Print only problems (for cron).")
    var quiet = false

    @Flag(name: .long, help: "Also print the time each stage took.")
    var verbose = false

    @Flag(name: .long, help: "Skip the leak audit that runs before the new output is published.")
    var noAudit = false

    func validate() throws {
        if let now, NowOption.parse(now) == nil {
            throw ValidationError("--now must be a date like 2026-11-22 or a date-time like 2026-11-22T09:00:00Z, not '\(now)'")
        }
        if let templates, !FileManager.default.fileExists(atPath: templates) {
            throw ValidationError("--templates folder '\(templates)' does not exist")
        }
        if let shard, ShardOption.parse(shard) == nil {
            throw ValidationError("--shard must look like 2/5 (shard 2 of 5), not '\(shard)'")
        }
    }

    func run() throws {
        // The process ends with the build: what it lets go of is given back then, not freed.
        Discard.keepUntilExit()
        var options = BuildOptions(store: storeOptions.store, output: output, templates: templates,
                                   now: now.flatMap(NowOption.parse) ?? Date())
        options.audit = !noAudit
        options.clean = clean
        options.clients = clients.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        options.shard = shard.flatMap(ShardOption.parse)
        if !quiet, isatty(STDERR_FILENO) == 1 {
            options.progress = { stage in FileHandle.standardError.write(Data("\r\u{1B}[K… \(stage)".utf8)) }
        }
        let result: BuildReport
        do {
            result = try SiteBuilder(options: options).build()
            if options.progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        } catch {
            if options.progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            throw error
        }
        if let report { try result.write(to: report) }
        for warning in result.warnings { Output.error(warning) }
        for (id, reason) in result.notBuilt.sorted(by: { $0.key < $1.key }) { Output.error("note: \(id): \(reason); not built") }
        guard !quiet else { return }
        if verbose {
            let ordered = BuildReport.stageOrder.filter { result.stages[$0] != nil }
                + result.stages.keys.filter { !BuildReport.stageOrder.contains($0) }.sorted()
            for stage in ordered {
                Output.line("  " + stage.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%8.3f s", result.stages[stage]!))
                let parallel = stage == "redact, render and write"
                if stage == "load and validate" {
                    Output.line("    clients read            \(result.clientsLoaded) of \(result.clients.count + result.notBuilt.count)")
                }
                for part in BuildReport.workOrder[stage] ?? [] where (result.work[part] ?? 0) > 0 {
                    Output.line("    " + part.padding(toLength: 24, withPad: " ", startingAt: 0)
                        + String(format: "%8.3f s", result.work[part]!) + (parallel ? " of work (summed over threads)" : ""))
                }
            }
        }
        let seconds = String(format: "%.2f", result.seconds)
        if result.nothingChanged {
            Output.line("Nothing changed: \(result.clients.count) portal\(result.clients.count == 1 ? "" : "s") in \(output) are up to date (\(seconds) s)")
            return
        }
        for client in result.clients {
            let state = client.skipped ? "unchanged" : "\(client.written) written, \(client.unchanged) unchanged, \(client.removed) removed"
            Output.line("  \(client.id) → \(output)/\(client.folder)/ (\(client.pages) pages; \(state))")
        }
        let written = result.clients.reduce(0) { $0 + $1.written }
        let pages = result.clients.reduce(0) { $0 + $1.pages }
        Output.line("Built \(result.clients.count) portal\(result.clients.count == 1 ? "" : "s") (\(pages) pages, \(written) files written) into \(output) in \(seconds) s")
    }
}

/// `--now` accepts a day (its start in UTC) or a date-time with an offset.
enum NowOption {
    static func parse(_ text: String) -> Date? {
        guard case let .success(date) = StoreDate.parse(text) else { return nil }
        return date.instant(in: TimeZone(identifier: "UTC")!)
    }
}

/// `--shard I/N`.
enum ShardOption {
    static func parse(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else { return nil }
        return (index, count)
    }
}
