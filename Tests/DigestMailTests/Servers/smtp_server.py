"""A loopback SMTP server for the tests: aiosmtpd, saving each message with its envelope.

usage: smtp_server.py PORT FOLDER
Prints "ready" once it listens; runs until it is terminated.
"""
import asyncio
import json
import pathlib
import signal
import sys

from aiosmtpd.controller import Controller


class Saver:
    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = self.folder / f"{self.count:06d}"
        stem.with_suffix(".eml").write_bytes(envelope.original_content)
        stem.with_suffix(".json").write_text(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos}))
        return "250 2.0.0 Ok: queued as TEST%06d" % self.count


def main():
    port, folder = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Saver(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
