import DigestMail
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The one-click unsubscribe endpoint (RFC 8058) on Hummingbird's HTTP/1 server, meant to
/// sit behind the organisation's HTTPS proxy at `list.unsubscribe-url`. Any path answers:
/// the proxy may strip a prefix, and the reader and token in the query are what count.
///
/// - GET (and HEAD): a page with a button that POSTs; it never unsubscribes by itself,
///   since mail scanners follow links.
/// - POST with `List-Unsubscribe=One-Click` and a valid token: the request is recorded and
///   applied by ``OneClickDesk`` before the 200 is sent. A replay is 200 and changes nothing.
/// - A missing reader or token is 400, a token that does not match 403: nothing is written.
public struct UnsubscribeServer: Sendable {
    /// The largest request body read: the one-click body is 26 bytes, a form's a few hundred.
    public static let bodyLimit = 2048
    /// The longest address taken from a query (RFC 5321's path limit is 256).
    public static let readerLimit = 320

    let desk: OneClickDesk
    let key: UnsubscribeKey
    let listID: String
    let title: String

    public init(desk: OneClickDesk, key: UnsubscribeKey, listID: String, title: String) {
        self.desk = desk
        self.key = key
        self.listID = listID
        self.title = title
    }

    /// Serves on `host`:`port` (0: any free port) until SIGINT or SIGTERM; `onListening`
    /// gets the port bound. A connection idle for `idleSeconds` (headers not finished, a
    /// body that stalls, a keep-alive nobody uses) is closed, and every connection is closed
    /// `lifetimeSeconds` after it opened, however slowly it keeps sending.
    public func run(
        host: String, port: Int, idleSeconds: Int64 = 10, lifetimeSeconds: Int64 = 30,
        onListening: @escaping @Sendable (Int) -> Void
    ) async throws {
        var logger = Logger(label: "digest-unsubscribe")
        logger.logLevel = .error
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await self.respond(to: request) },
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ConnectionDeadline(seconds: lifetimeSeconds)], idleTimeout: .seconds(idleSeconds))),
            configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger)
        try await app.runService()
    }

    /// The answer to one request.
    func respond(to request: Request) async -> Response {
        var request = request
        let query = request.uri.queryParameters
        let reader = query.get("reader") ?? ""
        let token = query.get("token") ?? ""
        switch request.method {
        case .get, .head, .post: break
        default:
            var response = page(.methodNotAllowed, OneClickPage.problem(title: title, heading: "Not allowed", message: "Use GET or POST."))
            response.headers[.allow] = "GET, HEAD, POST"
            return response
        }
        guard !reader.isEmpty, reader.utf8.count <= Self.readerLimit, !token.isEmpty else {
            return page(
                .badRequest,
                OneClickPage.problem(
                    title: title, heading: "This link is incomplete",
                    message: "Open the unsubscribe link from the newsletter again, whole, or reply to the newsletter asking to unsubscribe."
                ))
        }
        let readerKey = Subscriber.key(of: reader)
        guard token.utf8.count <= 64, key.accepts(token, for: readerKey, list: listID) else {
            return page(
                .forbidden,
                OneClickPage.problem(
                    title: title, heading: "This link is not valid",
                    message: "It may have been cut or changed. Open the unsubscribe link from the newsletter again."))
        }
        guard request.method == .post else {
            let action = "?reader=\(OneClickLog.percentEncoded(reader))&token=\(OneClickLog.percentEncoded(token))"
            return page(.ok, OneClickPage.confirm(title: title, reader: reader, action: action))
        }
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: Self.bodyLimit) } catch {
            return page(
                .contentTooLarge, OneClickPage.problem(title: title, heading: "Too large", message: "The request body is too large."))
        }
        guard OneClickBody.isOneClick(Array(body.readableBytesView), contentType: request.headers[.contentType]) else {
            return page(
                .badRequest,
                OneClickPage.problem(
                    title: title, heading: "Nothing was changed",
                    message: "The request did not say List-Unsubscribe=One-Click. Open the link and press the button."))
        }
        switch await desk.unsubscribe(readerKey) {
        case .applied, .recorded:
            return page(.ok, OneClickPage.done(title: title, reader: reader))
        case .failed:
            var response = page(
                .serviceUnavailable,
                OneClickPage.problem(
                    title: title, heading: "Please try again",
                    message: "Your request could not be recorded just now. Try again in a minute."))
            response.headers[.retryAfter] = "60"
            return response
        }
    }

    private func page(_ status: HTTPResponse.Status, _ html: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // The URL carries the token: no other site is told it, nothing else runs on the page.
        headers[.referrerPolicy] = "no-referrer"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

extension HTTPField.Name {
    fileprivate static let referrerPolicy = Self("Referrer-Policy")!
    fileprivate static let xContentTypeOptions = Self("X-Content-Type-Options")!
}
