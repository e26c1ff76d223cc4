import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A status and body read back from the server.
struct HTTPAnswer {
    var status: Int
    var head: String
    var body: String
}

/// A new TCP connection to 127.0.0.1:`port`, its socket for the caller to close.
func connected(to port: Int) throws -> Int32 {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw POSIXError(.EIO) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard result == 0 else {
        let code = POSIXErrorCode(rawValue: errno) ?? .EIO
        close(socket)
        throw POSIXError(code)
    }
    return socket
}

/// Sends `raw` bytes to 127.0.0.1:`port` on a new connection and reads until the server
/// closes it: a client that can also send what no browser would.
func exchange(_ raw: [UInt8], port: Int) throws -> HTTPAnswer {
    let socket = try connected(to: port)
    defer { close(socket) }
    var sent = 0
    while sent < raw.count {
        let count = raw[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard count > 0 else { break }
        sent += count
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16384)
    while true {
        let count = recv(socket, &buffer, buffer.count, 0)
        guard count > 0 else { break }
        received += buffer[..<count]
    }
    let text = String(decoding: received, as: UTF8.self)
    let parts = text.components(separatedBy: "\r\n\r\n")
    let head = parts.first ?? ""
    let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return HTTPAnswer(status: status, head: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
}

/// A request on its own connection (closed after the answer).
func request(
    _ method: String, _ target: String, port: Int, body: String? = nil, contentType: String = "application/x-www-form-urlencoded"
) throws -> HTTPAnswer {
    var raw = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if let body { raw += "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)" } else { raw += "\r\n" }
    return try exchange(Array(raw.utf8), port: port)
}

/// Sends `head`, then one byte of body every `every` seconds, reading whatever comes back;
/// gives the seconds after which the server closed the connection, or `nil` when it was
/// still open after `giveUpAfter` seconds.
func trickle(_ head: String, port: Int, every: Int, giveUpAfter: Double) throws -> Double? {
    let socket = try connected(to: port)
    defer { close(socket) }
    let start = Date()
    let bytes = Array(head.utf8)
    guard bytes.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == bytes.count else { return 0 }
    var buffer = [UInt8](repeating: 0, count: 16384)
    while Date().timeIntervalSince(start) < giveUpAfter {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        if poll(&poller, 1, Int32(every * 1000)) > 0 {
            // An answer is read and the connection watched on; its end is what counts.
            if recv(socket, &buffer, buffer.count, 0) <= 0 { return Date().timeIntervalSince(start) }
            continue
        }
        var byte = UInt8(ascii: "a")
        if send(socket, &byte, 1, Int32(MSG_NOSIGNAL)) < 0 { return Date().timeIntervalSince(start) }
    }
    return nil
}
