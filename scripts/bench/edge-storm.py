#!/usr/bin/env python3
"""A connection storm for scripts/bench-edge.sh (a benchmark tool, never run by the tests).

    edge-storm.py PORT IDLE SLOW SECONDS

IDLE connections to the HTTPS port that never start a TLS handshake, and SLOW "slowloris" connections that finish
the handshake and then dribble a request head one byte a second. Whatever the server closes is reopened, so the
storm keeps its size for SECONDS. Connections come from 127.0.0.2 upwards, 100 per address, so the per-address cap
does not refuse them all (on Linux every 127.x.y.z is loopback). Prints how many connections were opened in all.
"""
import socket
import ssl
import sys
import threading
import time

port, idle_count, slow_count, seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
deadline = time.time() + seconds
opened = [0]
lock = threading.Lock()


def source(index, block):
    return f"127.{block}.{index // 100}.{2 + index % 100}"


def connect(address):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((address, 0))
    sock.settimeout(5)
    sock.connect(("127.0.0.1", port))
    with lock:
        opened[0] += 1
    return sock


def idle_storm():
    sockets = {}
    while time.time() < deadline:
        for index in range(idle_count):
            sock = sockets.get(index)
            if sock is not None:
                try:
                    sock.setblocking(False)
                    if sock.recv(1) == b"":
                        raise ConnectionError
                except BlockingIOError:
                    continue
                except OSError:
                    sock.close()
            try:
                sockets[index] = connect(source(index, 1))
            except OSError:
                sockets.pop(index, None)
        time.sleep(0.5)
    for sock in sockets.values():
        sock.close()


def slowloris(index):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    head = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 10_000
    while time.time() < deadline:
        try:
            with context.wrap_socket(connect(source(index, 2)), server_hostname="localhost") as sock:
                for byte in head:
                    if time.time() >= deadline:
                        return
                    sock.send(bytes([byte]))
                    time.sleep(1)
        except OSError:
            time.sleep(0.1)


threads = [threading.Thread(target=idle_storm)] + [threading.Thread(target=slowloris, args=(i,)) for i in range(slow_count)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"storm: {opened[0]} connections opened over {seconds:.0f} s")
