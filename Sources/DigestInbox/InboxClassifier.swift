/// Tells what a message in the list's mailbox is: an unsubscribe request, a delivery
/// status notification (RFC 3464), a complaint (RFC 5965), or something else. It reads the
/// structure the RFCs give these messages, never the prose around it, which every mail
/// server words its own way.
public enum InboxClassifier {
    /// The most of a message that is read: reports carry their fields in the first
    /// kilobytes, and a huge message costs no more than this.
    public static let byteLimit = 4 << 20

    public static func classify(_ bytes: [UInt8]) -> InboxMessage {
        let message = MIMEEntity(bytes: bytes.prefix(byteLimit))
        let entities = message.allEntities
        if let report = entities.first(where: {
            ["message/delivery-status", "message/global-delivery-status"].contains($0.contentType.mimeType)
        }) {
            return .deliveryStatus(deliveryReport(report, original: original(in: entities)))
        }
        if let feedback = entities.first(where: { $0.contentType.mimeType == "message/feedback-report" }) {
            let fields = HeaderBlock.parse(feedback.body).block
            return .complaint(
                Complaint(
                    feedbackType: (fields.first("feedback-type") ?? "abuse").lowercased(), userAgent: fields.first("user-agent"),
                    originalRecipient: fields.first("original-rcpt-to").map(address(in:)), original: original(in: entities)))
        }
        return unsubscribeRequest(message.header)
    }

    /// The attached original's headers, if a part carries them.
    static func original(in entities: [MIMEEntity]) -> OriginalMessage? {
        for entity in entities.dropFirst() {
            guard let header = entity.attachedHeader, !header.fields.isEmpty else { continue }
            return OriginalMessage(
                messageID: header.first("message-id"), listUnsubscribe: header.first("list-unsubscribe"), to: header.first("to"))
        }
        return nil
    }

    static func deliveryReport(_ part: MIMEEntity, original: OriginalMessage?) -> DeliveryReport {
        let blocks = HeaderBlock.blocks(part.body)
        var report = DeliveryReport(recipients: [], original: original, reportingMTA: nil)
        for block in blocks {
            if let mta = block.first("reporting-mta") { report.reportingMTA = report.reportingMTA ?? typedValue(mta) }
            guard block.first("final-recipient") != nil || block.first("original-recipient") != nil || block.first("status") != nil
            else { continue }
            report.recipients.append(
                DeliveryReport.Recipient(
                    finalRecipient: block.first("final-recipient").map(typedValue).map(address(in:)),
                    originalRecipient: block.first("original-recipient").map(typedValue).map(address(in:)),
                    action: (block.first("action") ?? "").lowercased().trimmingBlanks,
                    status: block.first("status").flatMap(StatusCode.init) ?? block.first("diagnostic-code").flatMap(StatusCode.init),
                    diagnostic: block.first("diagnostic-code").map(typedValue)))
        }
        return report
    }

    static func unsubscribeRequest(_ header: HeaderBlock) -> InboxMessage {
        if let auto = header.first("auto-submitted"), auto.lowercased().trimmingBlanks != "no" {
            return .other("an automatic message (Auto-Submitted: \(auto))")
        }
        if header.first("x-autoreply") != nil || header.first("x-autorespond") != nil
            || ["auto_reply", "bulk", "junk"].contains(header.first("precedence")?.lowercased().trimmingBlanks ?? "")
        {
            return .other("an automatic reply")
        }
        let subject = header.first("subject") ?? ""
        let words = subject.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first, first.lowercased() == "unsubscribe", words.count <= 3 else {
            return .other(subject.isEmpty ? "a message without a subject" : "a message about \"\(subject.prefix(60))\"")
        }
        let reader = words.count > 1 ? percentDecoded(String(words[1])) : nil
        let token = words.count > 2 ? String(words[2]) : nil
        return .unsubscribe(UnsubscribeRequest(reader: reader, token: token, from: header.first("from").map(address(in:))))
    }

    /// `rfc822; ann@example.org` → `ann@example.org`.
    static func typedValue(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value.trimmingBlanks }
        return String(value[value.index(after: semicolon)...]).trimmingBlanks
    }

    /// The address in `Ann <ann@example.org>` or `<ann@example.org>` or `ann@example.org`.
    static func address(in value: String) -> String {
        if let open = value.lastIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            return String(value[value.index(after: open)..<close]).trimmingBlanks
        }
        return value.trimmingBlanks
    }

    /// `%40` → `@`; a broken escape is kept as written.
    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "%"), utf8.count >= 3,
                let value = UInt8(String(decoding: utf8.dropFirst().prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
