"""Runs a Freshdesk client (unmodified, from PyPI) against a local Haven as a hosts file and a port forward would:
$HAVEN_HOST resolves to a loopback address of its own, and connections to it on port 443 go to 127.0.0.1:$HAVEN_PORT
(clients that connect to the resolved address with the port they asked for — anyio — are forwarded as well as those
that use the resolved port). TLS, the Host header and every request stay the client's own. Haven's local CA ($HAVEN_CA) is added to the trust store the client's HTTP
library reads (certifi's bundle, as a machine would install a CA), since some clients ignore REQUESTS_CA_BUNDLE.
Usage: resolve-to-haven.py MODULE:FUNCTION [client arguments…]
"""
import importlib
import os
import socket
import sys

host = os.environ["HAVEN_HOST"]
port = int(os.environ["HAVEN_PORT"])
_getaddrinfo = socket.getaddrinfo


# The name's own address: only connections to it are forwarded.
alias = "127.0.0.77"


def _resolve(name, service, *args, **kwargs):
    if isinstance(name, (bytes, bytearray)):
        name = name.decode()
    if name == host and str(service) in ("443", "https"):
        return _getaddrinfo(alias, 443, *args, **kwargs)
    return _getaddrinfo(name, service, *args, **kwargs)


def _forwarded(address):
    if isinstance(address, tuple) and len(address) >= 2 and address[0] == alias and address[1] == 443:
        return ("127.0.0.1", port)
    return address


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
socket.socket.connect = lambda self, address: _connect(self, _forwarded(address))
socket.socket.connect_ex = lambda self, address: _connect_ex(self, _forwarded(address))
socket.getaddrinfo = _resolve

if os.environ.get("HAVEN_CA"):
    import atexit
    import tempfile

    import certifi

    bundle = tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False)
    bundle.write(open(certifi.where()).read() + "\n" + open(os.environ["HAVEN_CA"]).read())
    bundle.close()
    atexit.register(os.unlink, bundle.name)
    certifi.where = lambda: bundle.name
    os.environ["SSL_CERT_FILE"] = bundle.name

if __name__ == "__main__":
    module, function = sys.argv[1].split(":")
    sys.argv = [sys.argv[1]] + sys.argv[2:]
    getattr(importlib.import_module(module), function)()
