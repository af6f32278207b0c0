"""Runs a Freshdesk client (unmodified, from PyPI) against a local Haven by name resolution alone, as a hosts file
and a port forward would: connections to $HAVEN_HOST on port 443 go to 127.0.0.1:$HAVEN_PORT. TLS, the Host header
and every request stay the client's own. Haven's local CA ($HAVEN_CA) is added to the trust store the client's HTTP
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


def _resolve(name, service, *args, **kwargs):
    if isinstance(name, (bytes, bytearray)):
        name = name.decode()
    if name == host and str(service) in ("443", "https"):
        return _getaddrinfo("127.0.0.1", port, *args, **kwargs)
    return _getaddrinfo(name, service, *args, **kwargs)


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
