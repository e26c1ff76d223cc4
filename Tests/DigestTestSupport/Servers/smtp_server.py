"""A loopback SMTP server for the tests: aiosmtpd, saving each message with its envelope.

usage: smtp_server.py PORT FOLDER [--starttls CERT KEY | --smtps CERT KEY] [--auth USER:PASSWORD]

  --starttls CERT KEY   offer STARTTLS and require it before MAIL (530 otherwise)
  --smtps CERT KEY      implicit TLS on the port (smtps://)
  --auth USER:PASSWORD  require AUTH (PLAIN or LOGIN) before MAIL (530 otherwise);
                        wrong credentials get 535. Without a TLS flag AUTH is allowed
                        over plaintext; with --starttls only after STARTTLS.

Prints "ready" once it listens (and has answered one connection of its own); runs until
SIGTERM or SIGINT, then exits 0. Each message is saved as FOLDER/NNNNNN.eml (the DATA
bytes, dot-unstuffed, CRLF kept) and FOLDER/NNNNNN.json {"from": ..., "to": [...]}.
"""
import argparse
import json
import logging
import os
import pathlib
import signal
import socket
import ssl
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


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


class Authenticator:
    """Accepts exactly one user and password, through PLAIN or LOGIN."""

    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = (
            mechanism in ("PLAIN", "LOGIN")
            and isinstance(auth_data, LoginPassword)
            and auth_data.login == self.user
            and auth_data.password == self.password
        )
        # handled=False makes aiosmtpd answer a failure with "535 5.7.8 Authentication credentials invalid".
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


def server_tls_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def parse_arguments():
    parser = argparse.ArgumentParser(description="Loopback SMTP server (aiosmtpd) for the tests.")
    parser.add_argument("port", type=int)
    parser.add_argument("folder")
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"), help="offer STARTTLS and require it before MAIL")
    tls.add_argument("--smtps", nargs=2, metavar=("CERT", "KEY"), help="implicit TLS on the port")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require AUTH PLAIN or LOGIN before MAIL")
    arguments = parser.parse_args()
    if arguments.auth is not None and ":" not in arguments.auth:
        parser.error("--auth takes USER:PASSWORD")
    return arguments


def listening_socket(port):
    """Binds 127.0.0.1:PORT (0: a port the kernel picks) before the controller starts, so the
    port is ours from the bind on and a taken port fails at once: aiosmtpd's Controller would
    only raise after its whole ready_timeout (5 s)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio's create_server does
    try:
        sock.bind(("127.0.0.1", port))
    except OSError as error:
        sys.exit(f"smtp_server.py: cannot listen on 127.0.0.1:{port}: {error}")
    return sock


class BoundController(Controller):
    """aiosmtpd's Controller serving a socket bound beforehand."""

    def __init__(self, handler, sock, **options):
        self.sock = sock
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1], **options)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self.sock, ssl=self.ssl_context)


def main():
    arguments = parse_arguments()
    sock = listening_socket(arguments.port)
    # aiosmtpd warns (to stderr) about AUTH without TLS, which is what --auth alone asks for.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.ERROR)

    options = {}
    if arguments.starttls:
        options.update(tls_context=server_tls_context(*arguments.starttls), require_starttls=True)
    if arguments.smtps:
        options.update(ssl_context=server_tls_context(*arguments.smtps))
    if arguments.auth is not None:
        user, password = arguments.auth.split(":", 1)
        # aiosmtpd only counts a STARTTLS upgrade as TLS: on an implicit-TLS (smtps) port it
        # would neither advertise nor accept AUTH unless auth_require_tls is off. So it is on
        # only with --starttls (AUTH after STARTTLS only); plaintext AUTH is possible only
        # when no TLS flag is given.
        options.update(
            authenticator=Authenticator(user, password),
            auth_required=True,
            auth_require_tls=bool(arguments.starttls),
        )

    # Block the signals before the controller's thread starts, so that it inherits the mask
    # and sigwait() below is the one that receives them.
    signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    # server_hostname: the name in the greeting and EHLO; without it aiosmtpd calls
    # socket.getfqdn() on every connection, which is slow where DNS is slow.
    controller = BoundController(Saver(arguments.folder), sock, server_hostname="localhost", **options)
    controller.start()  # returns once the server has answered a connection of its own (TLS included)
    print(f"ready {controller.port}", flush=True)
    signal.sigwait(signals)
    # Never hang the test that stops us: give the orderly stop a few seconds.
    threading.Timer(5, lambda: os._exit(0)).start()
    controller.stop()
    os._exit(0)


if __name__ == "__main__":
    main()
