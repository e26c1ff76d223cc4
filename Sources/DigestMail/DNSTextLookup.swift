import CResolv
import Foundation

/// The TXT records at a name, asked of glibc's stub resolver (the servers in
/// /etc/resolv.conf, or one given server), for `digest dkim check`.
public struct DNSTextLookup: Sendable {
    /// A server to ask instead of the configured ones: an IPv4 or IPv6 address and a port.
    public struct Nameserver: Sendable, Equatable, CustomStringConvertible {
        public var address: String
        public var port: UInt16

        /// `IP`, `IP:PORT`, `[IPv6]:PORT` or a bare IPv6 address; `nil` when it is none of these.
        public init?(_ text: String) {
            var host = Substring(text)
            var port: UInt16 = 53
            if host.hasPrefix("[") {
                guard let close = host.firstIndex(of: "]") else { return nil }
                let rest = host[host.index(after: close)...]
                host = host[host.index(after: host.startIndex)..<close]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":"), let number = UInt16(rest.dropFirst()), number > 0 else { return nil }
                    port = number
                }
            } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
                guard let number = UInt16(host[host.index(after: colon)...]), number > 0 else { return nil }
                port = number
                host = host[..<colon]
            }
            var v4 = in_addr()
            var v6 = in6_addr()
            guard inet_pton(AF_INET, String(host), &v4) == 1 || inet_pton(AF_INET6, String(host), &v6) == 1 else { return nil }
            address = String(host)
            self.port = port
        }

        public var description: String { address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)" }
    }

    /// Why no records came back.
    public enum Failure: Error, Sendable, Equatable {
        /// The name does not exist (NXDOMAIN).
        case noSuchName
        /// The name exists but has no TXT record.
        case noRecords
        /// No server answered in time, or the answer was a server failure: worth trying again.
        case noAnswer
        /// The server refused the question or could not answer it.
        case refused
        /// The answer could not be parsed.
        case unreadableAnswer
        /// The resolver could not start (no configuration) or its parser could not be opened.
        case unavailable(String)

        /// What went wrong and what to do, for an editor; `server` names who was asked.
        public func explanation(asking server: String) -> String {
            switch self {
            case .noSuchName: "the name does not exist"
            case .noRecords: "the name has no TXT record"
            case .noAnswer: "\(server) gave no answer in time (or a server failure); check the address and the network, or try again later"
            case .refused: "\(server) refused the question; ask one that answers for this domain with --nameserver"
            case .unreadableAnswer: "\(server) sent an answer that cannot be read"
            case .unavailable(let reason): reason
            }
        }
    }

    public var nameserver: Nameserver?
    /// How long one try waits for an answer, in whole seconds.
    public var secondsPerTry: Int
    /// How many times the question is sent before giving up.
    public var tries: Int

    public init(nameserver: Nameserver? = nil, secondsPerTry: Int = 3, tries: Int = 2) {
        self.nameserver = nameserver
        self.secondsPerTry = max(1, secondsPerTry)
        self.tries = max(1, tries)
    }

    /// The TXT records at `name`, each as its character-strings in order (a record longer
    /// than 255 bytes is published as several).
    public func records(at name: String) throws(Failure) -> [[[UInt8]]] {
        var answer = [UInt8](repeating: 0, count: 65_536)
        var hostError: Int32 = 0
        let length = answer.withUnsafeMutableBufferPointer { buffer in
            CResolv_query_txt(
                name, nameserver?.address, nameserver?.port ?? 53, Int32(secondsPerTry), Int32(tries), buffer.baseAddress,
                Int32(buffer.count), &hostError)
        }
        if length == CResolv_cannot_start {
            throw .unavailable("the resolver cannot start (is /etc/resolv.conf readable?)")
        }
        if length == CResolv_bad_server {
            throw .unavailable("\(nameserver?.address ?? "") is not an IP address")
        }
        if length < 0 {
            switch hostError {
            case HOST_NOT_FOUND: throw .noSuchName
            case NO_DATA: throw .noRecords
            case NO_RECOVERY: throw .refused
            default: throw .noAnswer
            }
        }
        var found = Found()
        let count = withUnsafeMutablePointer(to: &found) { pointer in
            CResolv_each_txt(answer, length, pointer) { context, rdata, count in
                guard let context, let rdata else { return }
                context.assumingMemoryBound(to: Found.self).pointee.records.append(
                    DNSTextLookup.strings(of: UnsafeBufferPointer(start: rdata, count: Int(count))))
            }
        }
        if count < 0 {
            var reason: UnsafePointer<CChar>?
            if CResolv_load(&reason) != 0 {
                throw .unavailable("libresolv cannot be opened: \(reason.map { String(cString: $0) } ?? "no reason given")")
            }
            throw .unreadableAnswer
        }
        if found.records.isEmpty { throw .noRecords }
        return found.records
    }

    /// What the parser's callback collects.
    private struct Found {
        var records: [[[UInt8]]] = []
    }

    /// A TXT record's rdata split into its character-strings (each a length byte and that many bytes).
    static func strings(of rdata: UnsafeBufferPointer<UInt8>) -> [[UInt8]] {
        var strings: [[UInt8]] = []
        var index = 0
        while index < rdata.count {
            let count = Int(rdata[index])
            let end = min(rdata.count, index + 1 + count)
            strings.append(Array(rdata[(index + 1)..<end]))
            index = end
        }
        return strings
    }
}
