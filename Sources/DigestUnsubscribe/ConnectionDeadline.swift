import NIOCore

/// Closes a connection a fixed time after it opened, whatever it is doing. The idle timeout
/// alone is restarted by every piece of a request body, so a client sending one byte every
/// few seconds (slowloris) held a connection for as long as it liked, even after a 403.
/// One-click requests are a few hundred bytes: a proxy that needs longer opens another.
final class ConnectionDeadline: ChannelInboundHandler, RemovableChannelHandler {
    // NIO refuses a handler that is neither inbound nor outbound; reads pass through untouched.
    typealias InboundIn = Any

    let seconds: Int64
    private var closing: Scheduled<Void>?

    init(seconds: Int64) {
        self.seconds = seconds
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        closing = context.eventLoop.scheduleTask(in: .seconds(seconds)) { bound.value.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closing?.cancel()
        closing = nil
    }
}
