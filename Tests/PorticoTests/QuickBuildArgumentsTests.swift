import ArgumentParser
import Testing
@testable import portico

/// `portico build` read without ArgumentParser (`QuickBuildArguments`) is the command
/// ArgumentParser reads from the same arguments, and anything out of the ordinary is left to it.
@Suite struct QuickBuildArgumentsTests {
    /// Each option alone, in both spellings, and all of them together in several orders.
    static let readDirectly: [[String]] = {
        let values = [("store", "Store Folder"), ("output", "Out/put"), ("templates", "Templates"), ("now", "2026-11-22T12:00:00Z"),
                      ("clients", "acme,globex"), ("shard", "2/5"), ("report", "report=1.json")]
        let flags = ["clean", "quiet", "verbose", "no-audit"]
        var lists: [[String]] = [["build"]]
        for (name, value) in values {
            lists.append(["build", "--" + name, value])
            lists.append(["build", "--\(name)=\(value)"])
        }
        for flag in flags { lists.append(["build", "--" + flag]) }
        let all = values.flatMap { ["--" + $0.0, $0.1] } + flags.map { "--" + $0 }
        lists.append(["build"] + all)
        lists.append(["build"] + flags.map { "--" + $0 }.reversed() + values.reversed().map { "--\($0.0)=\($0.1)" })
        lists.append(["build", "--now", "2026-11-22", "--store", "Content", "--output", "Public", "--quiet"])
        return lists
    }()

    @Test(arguments: readDirectly)
    func readsWhatArgumentParserReads(_ arguments: [String]) throws {
        let quick = try #require(QuickBuildArguments.parse(ArraySlice(arguments)), "\(arguments) not read directly")
        let parsed = try #require(try Portico.parseAsRoot(arguments) as? Build)
        #expect(Self.fields(quick) == Self.fields(parsed))
    }

    /// Left to ArgumentParser: help, other commands, short, unknown, repeated or malformed
    /// options, missing or option-like values, and values `Build.validate` rejects.
    @Test(arguments: [
        [], ["check"], ["build", "--help"], ["build", "-h"], ["help", "build"], ["build", "--version"], ["build", "positional"],
        ["build", "--store"], ["build", "--store", "--quiet"], ["build", "--store="], ["build", "--store", "-x"],
        ["build", "--quiet", "--quiet"], ["build", "--store", "a", "--store=b"], ["build", "--quiet=yes"], ["build", "--nope"],
        ["build", "--"], ["build", "--now", "yesterday"], ["build", "--shard", "6/5"], ["build", "--templates", "/no/such/folder"],
        ["build", "--generate-completion-script", "bash"], ["build", "--experimental-dump-help"],
    ])
    func leavesEverythingElseToArgumentParser(_ arguments: [String]) {
        #expect(QuickBuildArguments.parse(ArraySlice(arguments)) == nil)
    }

    /// A property added to `Build` must be set by `QuickBuildArguments` too (one it leaves unset
    /// cannot even be read): this count is the reminder.
    @Test func buildHasTheOptionsQuickArgumentsSets() {
        #expect(Mirror(reflecting: Build()).children.count == 11)
        #expect(QuickBuildArguments.valueOptions.count + QuickBuildArguments.flags.count == 11)
    }

    private static func fields(_ build: Build) -> [String] {
        [build.storeOptions.store, build.output, build.templates ?? "-", build.now ?? "-", build.clients ?? "-", build.shard ?? "-",
         build.report ?? "-", "\(build.clean)", "\(build.quiet)", "\(build.verbose)", "\(build.noAudit)"]
    }
}
