extension DigestCommand.Lint {
    /// What `digest lint` was asked to do, as plain values: what ArgumentParser read, or what
    /// ``init(plainArguments:)`` read from a hook's command line without it.
    struct Options {
        var paths: [String]
        var format: OutputFormat
        var fix: Bool
        var dryRun: Bool
        var strict: Bool
        var staged: Bool
        var listRules: Bool

        /// Why the options cannot go together, or `nil` when they can.
        var problem: String? {
            if dryRun && !fix { return "--dry-run goes with --fix" }
            if staged && !paths.isEmpty { return "--staged checks the staged issues; give no paths with it" }
            return nil
        }
    }
}

extension DigestCommand.Lint.Options {
    /// The options of `digest lint ARGUMENTS` when the arguments are paths and the lint
    /// command's own flags and `--format VALUE`, each at most once and valid together;
    /// `nil` for anything else, which ArgumentParser then reads and answers.
    ///
    /// A pre-commit hook starts `digest lint FILE` once per file. ArgumentParser builds its
    /// view of a command by reflection, and the runtime scans the executable's nine
    /// thousand protocol conformances for each type it meets on the way: two milliseconds
    /// of each run, for a command line that is a list of paths.
    init?(plainArguments arguments: some Sequence<String>) {
        var paths: [String] = []
        var format: DigestCommand.Lint.OutputFormat?
        var fix = false, dryRun = false, strict = false, staged = false, listRules = false
        /// Sets a flag given once; `false` when it was given before.
        func set(_ flag: inout Bool) -> Bool {
            defer { flag = true }
            return !flag
        }
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("-") else {
                paths.append(argument)
                continue
            }
            let isNew: Bool
            switch argument {
            case "--format":
                guard format == nil, let value = iterator.next(), let chosen = DigestCommand.Lint.OutputFormat(rawValue: value) else {
                    return nil
                }
                format = chosen
                isNew = true
            case "--fix": isNew = set(&fix)
            case "--dry-run": isNew = set(&dryRun)
            case "--strict": isNew = set(&strict)
            case "--staged": isNew = set(&staged)
            case "--list-rules": isNew = set(&listRules)
            default:
                // Help, completion requests, "--", "--format=…", a bad option: ArgumentParser's.
                return nil
            }
            guard isNew else { return nil }
        }
        self.init(
            paths: paths, format: format ?? .text, fix: fix, dryRun: dryRun, strict: strict, staged: staged, listRules: listRules)
        if problem != nil { return nil }
    }
}
