import DigestCore
import DigestMail

extension DigestCommand.Send {
    /// What `digest send` was asked to do, as plain values: what ArgumentParser read, or what
    /// ``init(plainArguments:)`` read from a plain command line without it.
    struct Options {
        var path: String
        var testAddresses: [String] = []
        var via: String?
        var smtp: String?
        var subscribers: String?
        var dryRun = false
        var connections: Int?
        var rate: Double?
        var yes = false
        var resendUncertain = false
        var retryRefused = false
        var status = false
        var acceptChangedIssue = false
        var allowPlaintext = false

        /// Why the options cannot go together or a value cannot be used, or `nil` when all is well.
        var problem: String? {
            if let connections, !(1...32).contains(connections) { return "--connections must be from 1 to 32" }
            if let rate, !Settings.Delivery.rates.contains(rate) { return "--rate must be \(Settings.Delivery.rateAdvice)" }
            if status && (dryRun || !testAddresses.isEmpty) { return "--status goes alone" }
            if retryRefused && !testAddresses.isEmpty { return "--retry-refused goes with a send to the subscribers, not --to" }
            if via != nil && smtp != nil { return "--via and --smtp both name a route; give one (--via takes every route)" }
            if let via, let problem = RouteURL.problem(with: via) { return "--via \(problem)" }
            if let smtp, let problem = SMTPURL.problem(with: smtp) { return "--smtp \(problem)" }
            for address in testAddresses {
                if let problem = Subscriber.problem(address: address, name: "") { return "--to: \(problem)" }
            }
            return nil
        }
    }
}

extension DigestCommand.Send.Options {
    /// The options of `digest send ARGUMENTS` when the arguments are one path and `send`'s
    /// own options, each at most once (`--to` as often as wanted), with values that can be
    /// used; `nil` for anything else, which ArgumentParser then reads and answers, so that
    /// every message and exit code stays its own.
    ///
    /// ArgumentParser builds its view of a command by reflection, and the runtime scans the
    /// executable's protocol conformances for each type it meets on the way: milliseconds of
    /// every send, before the lint check can even start.
    init?(plainArguments arguments: some Sequence<String>) {
        var path: String?
        self.init(path: "")
        var seen: Set<String> = []
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("-") else {
                guard path == nil else { return nil }
                path = argument
                continue
            }
            // Given twice, every option but --to is ArgumentParser's to answer.
            guard argument == "--to" || seen.insert(argument).inserted else { return nil }
            switch argument {
            case "--dry-run": dryRun = true
            case "--yes": yes = true
            case "--resend-uncertain": resendUncertain = true
            case "--retry-refused": retryRefused = true
            case "--status": status = true
            case "--accept-changed-issue": acceptChangedIssue = true
            case "--allow-plaintext": allowPlaintext = true
            case "--to", "--via", "--smtp", "--subscribers", "--connections", "--rate":
                // A value that looks like an option is ArgumentParser's to judge.
                guard let value = iterator.next(), !value.hasPrefix("-") else { return nil }
                switch argument {
                case "--to": testAddresses.append(value)
                case "--via": via = value
                case "--smtp": smtp = value
                case "--subscribers": subscribers = value
                case "--connections":
                    guard let number = Int(value) else { return nil }
                    connections = number
                default:
                    guard let number = Double(value) else { return nil }
                    rate = number
                }
            default:
                // Help, "--", "--via=…", a short or unknown option: ArgumentParser's.
                return nil
            }
        }
        guard let path else { return nil }
        self.path = path
        if problem != nil { return nil }
    }
}
