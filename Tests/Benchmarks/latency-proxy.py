#!/usr/bin/env python3
"""A TCP proxy on loopback that makes a server seem far away, for the send benchmark.

  python3 Tests/Benchmarks/latency-proxy.py TARGET-PORT DELAY-MS

Listens on a free port of 127.0.0.1 that it binds itself, prints "listening on PORT" on
standard output once it accepts connections, and forwards every connection to
127.0.0.1:TARGET-PORT, holding each chunk DELAY-MS milliseconds in each direction before
passing it on (a round trip of twice DELAY-MS). Chunks keep their order and are held side
by side: a delay, not a bandwidth limit. Runs until it is terminated.
"""

import asyncio
import sys


async def pipe(reader, writer, delay):
    """Copies reader to writer, each chunk `delay` seconds after it arrived."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, chunk = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not chunk:
                break
            writer.write(chunk)
            await writer.drain()
        writer.close()

    delivering = asyncio.create_task(deliver())
    try:
        while True:
            chunk = await reader.read(65536)
            queue.put_nowait((loop.time() + delay, chunk))
            if not chunk:
                break
    except ConnectionError:
        queue.put_nowait((loop.time() + delay, b""))
    try:
        await delivering
    except ConnectionError:
        pass


async def main():
    target, delay = int(sys.argv[1]), float(sys.argv[2]) / 1000

    async def connected(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pipe(client_reader, server_writer, delay), pipe(server_reader, client_writer, delay))

    server = await asyncio.start_server(connected, "127.0.0.1", 0, backlog=1000)
    print(f"listening on {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    asyncio.run(main())
