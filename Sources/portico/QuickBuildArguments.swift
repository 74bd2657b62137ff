/// `portico build` as a schedule runs it, read without ArgumentParser: before parsing anything,
/// ArgumentParser builds the tree of every command and parses the arguments twice more to see
/// whether a completion script was asked for, reflecting over each command's options (2 ms of
/// every run, a tenth of a rebuild with nothing to do).
///
/// Only the plainest form is read here: `build`, then long options, each at most once, a value
/// after the option or after `=`. Anything else (help, a short, unknown or repeated option, a
/// value that is empty or starts with `-`, values `Build.validate` rejects) is left to
/// ArgumentParser, which reads it, or reports the mistake, as always. `QuickBuildArgumentsTests`
/// checks that both read the same command for every option, alone and together.
enum QuickBuildArguments {
    /// Options that take a value, by name.
    static let valueOptions: Set<String> = ["store", "output", "templates", "now", "clients", "shard", "report"]
    static let flags: Set<String> = ["clean", "quiet", "verbose", "no-audit"]

    /// The command `arguments` (without the program's name) stand for, or nil to ask ArgumentParser.
    static func parse(_ arguments: ArraySlice<String>) -> Build? {
        guard arguments.first == "build" else { return nil }
        var values: [String: String] = [:]
        var setFlags: Set<String> = []
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else { return nil }
            let body = argument.dropFirst(2)
            let equals = body.firstIndex(of: "=")
            let name = String(body[..<(equals ?? body.endIndex)])
            guard values[name] == nil, !setFlags.contains(name) else { return nil }
            if valueOptions.contains(name) {
                guard let value = equals.map({ String(body[body.index(after: $0)...]) }) ?? rest.popFirst(),
                      !value.isEmpty, !value.hasPrefix("-") else { return nil }
                values[name] = value
            } else if flags.contains(name), equals == nil {
                setFlags.insert(name)
            } else {
                return nil
            }
        }
        // Every property is set: one a parse did not set cannot be read.
        var storeOptions = StoreOptions()
        storeOptions.store = values["store"] ?? StoreOptions.defaultStore
        var build = Build()
        build.storeOptions = storeOptions
        build.output = values["output"] ?? Build.defaultOutput
        build.templates = values["templates"]
        build.now = values["now"]
        build.clients = values["clients"]
        build.shard = values["shard"]
        build.report = values["report"]
        build.clean = setFlags.contains("clean")
        build.quiet = setFlags.contains("quiet")
        build.verbose = setFlags.contains("verbose")
        build.noAudit = setFlags.contains("no-audit")
        // A value it rejects: ArgumentParser says so, with the usage.
        guard (try? build.validate()) != nil else { return nil }
        return build
    }
}
