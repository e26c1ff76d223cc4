import DigestMail

/// What one message asks of the list.
public enum InboxVerdict: Sendable, Equatable {
    /// Give `reader` the status now (an unsubscribe, a complaint, a permanent failure).
    case mark(reader: String, status: SubscriberStatus, reason: String)
    /// A transient failure of `reader`'s copy of `issue`: counted, and a bounce past the policy.
    case softBounce(reader: String, issue: String, reason: String)
    /// Understood, but not the intake's to decide: listed for the editor, the message untouched.
    case forEditor(String)
    /// Not understood: the message is left exactly as it was.
    case notUnderstood(String)

    /// Whether the message is acted on (and so moved once applied).
    public var isAction: Bool {
        switch self {
        case .mark, .softBounce: true
        case .forEditor, .notUnderstood: false
        }
    }
}

/// Turns a classified message into what it asks of the list.
public enum InboxTriage {
    /// The most of a report's recipients its note names.
    static let notesTold = 5

    /// The verdicts for `message`: at least one; all actions, or a single note.
    public static func verdicts(for message: InboxMessage, directory: ReaderDirectory, messageID: String?) -> [InboxVerdict] {
        switch message {
        case .other(let what):
            return [.notUnderstood(what)]
        case .unsubscribe(let request):
            return unsubscribe(request, directory: directory)
        case .complaint(let complaint):
            guard complaint.feedbackType != "not-spam" else {
                return [.forEditor("a not-spam report from \(complaint.userAgent ?? "a mailbox provider")")]
            }
            let reader =
                directory.reader(address: complaint.originalRecipient)
                ?? directory.reader(messageID: complaint.original?.messageID)?.reader
                ?? directory.reader(listUnsubscribe: complaint.original?.listUnsubscribe)
                ?? directory.reader(address: complaint.original?.to.map(InboxClassifier.address(in:)))
            guard let reader else { return [.forEditor("a complaint (\(complaint.feedbackType)) about nobody on the list")] }
            let via = complaint.userAgent.map { " via \($0)" } ?? ""
            return [.mark(reader: reader, status: .complained, reason: "complaint (\(complaint.feedbackType))\(via)")]
        case .deliveryStatus(let report):
            return delivery(report, directory: directory, messageID: messageID)
        }
    }

    static func unsubscribe(_ request: UnsubscribeRequest, directory: ReaderDirectory) -> [InboxVerdict] {
        let named = request.reader.map(Subscriber.key(of:))
        if let named, directory.accepts(request.token, for: named) {
            guard directory.reader(address: named) != nil else {
                return [.forEditor("an unsubscribe request for \(named), who is not on the list")]
            }
            return [.mark(reader: named, status: .unsubscribed, reason: "asked by mail (valid token)")]
        }
        // Without a valid token only the reader's own address may ask, for itself.
        let from = request.from.map(Subscriber.key(of:))
        if let from, named == nil || named == from, directory.reader(address: from) != nil {
            return [.mark(reader: from, status: .unsubscribed, reason: "asked by mail from their own address")]
        }
        let who = named ?? from ?? "an unknown address"
        let tokenNote = request.token == nil ? "no token" : "a token that does not check"
        return [
            .forEditor(
                "an unsubscribe request for \(who) from \(request.from ?? "no sender") with \(tokenNote): check and run `digest subscribers remove` if genuine"
            )
        ]
    }

    static func delivery(_ report: DeliveryReport, directory: ReaderDirectory, messageID: String?) -> [InboxVerdict] {
        let byOriginal = directory.reader(messageID: report.original?.messageID)
        let byHeader = directory.reader(listUnsubscribe: report.original?.listUnsubscribe)
        var verdicts: [InboxVerdict] = []
        var notes: [String] = []
        let recipients = report.recipients.isEmpty ? [nil] : report.recipients.map { Optional($0) }
        for recipient in recipients {
            let reader =
                directory.reader(address: recipient?.finalRecipient) ?? directory.reader(address: recipient?.originalRecipient)
                ?? byOriginal?.reader ?? byHeader
            let shown = recipient?.finalRecipient ?? recipient?.originalRecipient ?? "an unnamed recipient"
            guard let reader else {
                notes.append("a delivery report about \(shown), who is not on the list")
                continue
            }
            guard let recipient, let status = recipient.status else {
                notes.append("a delivery report about \(reader) without a status code")
                continue
            }
            let reason = [
                status.description, recipient.diagnostic.map { String($0.prefix(120)) }, report.reportingMTA.map { "from \($0)" },
            ]
            .compactMap { $0 }.joined(separator: " ")
            switch (recipient.action, status.meaning) {
            case ("failed", .permanent):
                verdicts.append(.mark(reader: reader, status: .bounced, reason: reason))
            case ("failed", .transient):
                let issue = byOriginal?.issue ?? "message \(messageID ?? report.original?.messageID ?? "without an id")"
                verdicts.append(.softBounce(reader: reader, issue: issue, reason: reason))
            case ("delayed", _):
                notes.append("a delay notice for \(reader) (\(status)): the server is still trying")
            case (_, .aboutTheSender):
                notes.append("\(reader)'s server refused the message itself (\(reason)): check the sending set-up")
            default:
                notes.append("a delivery report for \(reader): \(recipient.action.isEmpty ? "no action" : recipient.action) \(status)")
            }
        }
        // A report with anything left unexplained is left for the editor whole.
        if !notes.isEmpty || verdicts.isEmpty {
            // A report on thousands of recipients is told in a line, not a page of one.
            let told = notes.prefix(Self.notesTold).joined(separator: "; ")
            return [.forEditor(notes.count > Self.notesTold ? told + "; and \(notes.count - Self.notesTold) more" : told)]
        }
        return verdicts
    }
}
