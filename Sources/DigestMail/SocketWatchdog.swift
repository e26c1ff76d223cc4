import CCurl  // <sys/socket.h>'s shutdown and SHUT_RDWR come with libcurl's headers
import Foundation
import Synchronization

/// Shuts a socket down should a blocking call on it outlast `limit`, so that the call ends.
///
/// What it is for: closing an SMTP or IMAP connection, libcurl says QUIT or LOGOUT through
/// its connection cache's own handle and waits for the reply as long as a reply to the message
/// could take (the reply timeout the easy handle had when its last transfer began, copied to
/// that handle; setting it again before the cleanup changes nothing). A socket shut down ends
/// that wait at once.
///
/// It watches a duplicate of the socket's descriptor, its own until ``finish()``: the
/// descriptor it may shut can never be one that the socket's number was given to since.
package final class SocketWatchdog: Sendable {
    /// Cleans up a libcurl easy handle, its connection's goodbye (QUIT, LOGOUT) and the wait
    /// for the reply given at most `limit` seconds.
    package static func cleanUp(_ handle: UnsafeMutableRawPointer, waitingAtMost limit: Double) {
        var socket: curl_socket_t = CURL_SOCKET_BAD
        let watchdog =
            CCurl_getinfo_socket(handle, &socket) == CURLE_OK && socket != CURL_SOCKET_BAD
            ? SocketWatchdog(socket: socket, limit: limit) : nil
        CCurl_easy_cleanup(handle)
        watchdog?.finish()
    }

    /// The duplicate descriptor; `nil` once the watched call is over.
    private let watched: Mutex<Int32?>

    /// Starts watching `socket`; `nil` when its descriptor cannot be duplicated.
    init?(socket: Int32, limit: Double) {
        let duplicate = dup(socket)
        guard duplicate >= 0 else { return nil }
        watched = Mutex(duplicate)
        DispatchQueue.global().asyncAfter(deadline: .now() + limit) { [self] in
            watched.withLock { descriptor in
                if let descriptor { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
            }
        }
    }

    /// The watched call is over: the socket is left alone from now on.
    func finish() {
        watched.withLock { descriptor in
            if let open = descriptor { _ = close(open) }
            descriptor = nil
        }
    }
}
