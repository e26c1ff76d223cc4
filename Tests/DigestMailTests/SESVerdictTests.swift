import CCurl
import Foundation
import Testing

@testable import DigestMail

/// SES's answers, as its API v2 gives them (JSON, the error type in `x-amzn-ErrorType`) and as
/// moto and AWS's older front ends give them (XML), each judged for its message and the send.
@Suite("SESVerdict")
struct SESVerdictTests {
    static let sender = "editor@example.org"
    static let reader = "reader@example.org"

    func judge(
        _ status: Int, _ body: String = "", type: String? = nil, retryAfter: String? = nil, result: CURLcode = CURLE_OK,
        bodySent: Bool = true, resent: Bool = false
    ) -> SESVerdict {
        let reply = SESReply(status: status, errorHeader: type, retryAfterHeader: retryAfter, body: Array(body.utf8))
        return SESVerdict.judge(
            result: result, reply: reply, bodySent: bodySent, resent: resent, sender: Self.sender, recipient: Self.reader,
            service: "ses://eu-west-1")
    }

    func kind(_ verdict: SESVerdict) -> String {
        switch verdict {
        case .accepted: "accepted"
        case .refused: "refused"
        case .retry: "retry"
        case .uncertain: "uncertain"
        case .fatal: "fatal"
        }
    }

    @Test(
        "a plain SendEmail answer is read without the JSON parser, to the same MessageId; any other body the long way",
        arguments: [
            (#"{"MessageId":"0100-abc-000000"}"#, "0100-abc-000000", true),
            (" {\n \"MessageId\" : \"id with blanks\"\t}\r\n", "id with blanks", true),
            (#"{"MessageId":""}"#, "", true),
            (#"{"MessageId":"a\u0041"}"#, "aA", false),
            (#"{"MessageId":"x","Extra":1}"#, "x", false),
            (#"{"MessageId":"\#(String(repeating: "x", count: 301))"}"#, String(repeating: "x", count: 300) + "…", false),
            ("{\"MessageId\":\"cut\n\"}", nil, false),
            (#"{"MessageId":"caf\#u{E9}"}"#, "caf\u{E9}", false),
            (#"{"MessageId":"open"#, nil, false),
        ] as [(String, String?, Bool)])
    func plainAnswer(body: String, id: String?, plain: Bool) {
        #expect((SESReply.plainMessageID(Array(body.utf8)) != nil) == plain)
        let reply = SESReply(status: 200, errorHeader: nil, retryAfterHeader: nil, body: Array(body.utf8))
        #expect(reply.messageID == id)
        #expect(reply.errorType == nil)
    }

    @Test("200 with a MessageId is accepted, the reply naming it; a 200 whose body was cut short is still accepted")
    func accepted() {
        #expect(
            judge(200, #"{"MessageId":"0100018c2c9d1f2a-5e0b-4d3f-9a1c-7e1f0e3b7c55-000000"}"#)
                == .accepted(reply: "SES MessageId 0100018c2c9d1f2a-5e0b-4d3f-9a1c-7e1f0e3b7c55-000000"))
        #expect(kind(judge(200, #"{"Messa"#, result: CURLE_PARTIAL_FILE)) == "accepted")
    }

    @Test(
        "a whole 200 without a MessageId is not SES's answer: the reader uncertain and the send stopped",
        arguments: ["", "<html><body>Welcome to the hotel network</body></html>", #"{"Status":"OK"}"#])
    func acceptedWithoutMessageID(body: String) {
        let verdict = judge(200, body)
        guard case .uncertain(let reason, let stops) = verdict else {
            Issue.record("\(verdict)")
            return
        }
        #expect(stops)
        #expect(reason.contains("without the MessageId") && reason.contains("DIGEST_SES_ENDPOINT"))
    }

    @Test("the 24 hours' quota used up stops the send; the rate exceeded is tried again")
    func dailyQuota() {
        let daily = judge(
            400, #"{"__type":"com.amazonaws.sesv2#LimitExceededException","message":"Daily message quota exceeded."}"#)
        #expect(kind(daily) == "fatal" && "\(daily)".contains("quota for 24 hours is used up"), "\(daily)")
        #expect(
            kind(judge(400, #"{"__type":"com.amazonaws.sesv2#LimitExceededException","message":"Maximum sending rate exceeded."}"#))
                == "retry")
    }

    @Test("only an interim answer (100 Continue) is no answer: uncertain once the body went out, retried before")
    func interimAnswerOnly() {
        #expect(kind(judge(100, result: CURLE_RECV_ERROR)) == "uncertain")
        #expect(kind(judge(100, result: CURLE_OPERATION_TIMEDOUT)) == "uncertain")
        #expect(kind(judge(100, result: CURLE_SEND_ERROR, bodySent: false)) == "retry")
    }

    @Test("throttling (429, or 400 with a throttling type) and 5xx are tried again, after Retry-After when given")
    func retried() {
        #expect(
            judge(
                429, #"{"message":"Too Many Requests"}"#, type: "TooManyRequestsException:http://internal.amazon.com/coral/",
                retryAfter: "3")
                == .retry(reason: "ses://eu-west-1 is throttling: HTTP 429 TooManyRequestsException: Too Many Requests", after: 3))
        #expect(
            kind(judge(400, #"{"__type":"com.amazonaws.sesv2#LimitExceededException","message":"Maximum sending rate exceeded."}"#))
                == "retry")
        #expect(
            kind(judge(400, "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"))
                == "retry")
        #expect(
            judge(500, #"{"message":"InternalFailure"}"#) == .retry(reason: "ses://eu-west-1 failed: HTTP 500: InternalFailure", after: nil)
        )
        #expect(judge(503, "", retryAfter: "7") == .retry(reason: "ses://eu-west-1 failed: HTTP 503", after: 7))
    }

    @Test(
        "refusals of the sender, the account or the credentials stop the send",
        arguments: [
            (
                400,
                #"{"message":"Email address is not verified. The following identities failed the check in region EU-WEST-1: editor@example.org"}"#,
                "MessageRejected"
            ),
            (
                400,
                #"{"message":"Email address is not verified. The following identities failed the check in region EU-WEST-1: reader@example.org"}"#,
                "MessageRejected"
            ),
            (
                400,
                "<ErrorResponse><Error><Type>Sender</Type><Code>MessageRejected</Code><Message>Did not have authority to send from email editor@example.org</Message></Error></ErrorResponse>",
                nil
            ),
            (400, #"{"message":"Mail-From domain not verified"}"#, "MailFromDomainNotVerifiedException"),
            (400, #"{"__type":"AccountSuspendedException","message":"Account suspended"}"#, nil),
            (400, #"{"message":"Sending paused for this account"}"#, "SendingPausedException"),
            (403, #"{"message":"User is not authorized to perform: ses:SendEmail"}"#, "AccessDeniedException"),
            (
                403,
                "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error></ErrorResponse>",
                nil
            ),
            (403, #"{"message":"The security token included in the request is invalid."}"#, "UnrecognizedClientException"),
            (400, #"{"message":"Message length is more than 40 MB"}"#, "BadRequestException"),
            (404, "", nil),
        ] as [(Int, String, String?)])
    func fatal(status: Int, body: String, type: String?) {
        let verdict = judge(status, body, type: type)
        #expect(kind(verdict) == "fatal", "\(verdict)")
    }

    @Test("a rejection of the one reader's address refuses that reader")
    func refused() {
        let verdict = judge(400, #"{"message":"Missing final '@domain' in reader@example.org"}"#, type: "BadRequestException")
        #expect(verdict == .refused(reply: "HTTP 400 BadRequestException: Missing final '@domain' in reader@example.org"))
        #expect(kind(judge(400, #"{"__type":"BadRequestException","message":"Illegal address"}"#)) == "refused")
        #expect(
            kind(judge(400, #"{"message":"Recipient address reader@example.org is on the suppression list"}"#, type: "MessageRejected"))
                == "refused")
    }

    @Test("no answer: uncertain once the whole body went out (or libcurl would resend it), else tried again; TLS failures stop")
    func silence() {
        #expect(kind(judge(0, result: CURLE_GOT_NOTHING, bodySent: true)) == "uncertain")
        #expect(kind(judge(0, result: CURLE_OPERATION_TIMEDOUT, bodySent: true)) == "uncertain")
        #expect(kind(judge(0, result: CURLE_ABORTED_BY_CALLBACK, bodySent: false, resent: true)) == "uncertain")
        #expect(kind(judge(0, result: CURLE_SEND_ERROR, bodySent: false)) == "retry")
        #expect(kind(judge(0, result: CURLE_COULDNT_CONNECT, bodySent: false)) == "retry")
        #expect(kind(judge(0, result: CURLE_PEER_FAILED_VERIFICATION, bodySent: false)) == "fatal")
    }

    @Test("the server's words are kept to one printable line")
    func printable() {
        let reply = SESReply(
            status: 400, errorHeader: "Bad\r\nType", retryAfterHeader: "soon", body: Array(#"{"message":"a\nb\u0007c"}"#.utf8))
        #expect(reply.text == "HTTP 400 Bad  Type: a b c")
        #expect(reply.retryAfter == nil)
    }
}
