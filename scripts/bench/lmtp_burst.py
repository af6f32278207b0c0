"""Delivers mail to Haven over LMTP as fast as it accepts it (a benchmark, not a test).

    lmtp_burst.py PORT PID SECONDS CONNECTIONS RECIPIENT

Each message: a short text and a 10 KB attachment, its own Message-ID. Prints the accepted messages per second, then
sends one 30 MB message (above the default 25 MB limit) and prints the answer and Haven's peak memory around it.
"""
import base64
import os
import smtplib
import sys
import threading
import time

port, pid, seconds, connections, recipient = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
attachment = base64.encodebytes(os.urandom(10240)).decode()


def message(tag):
    return (
        f"From: Bench Customer <bench{tag % 97}@customer.example>\r\nTo: {recipient}\r\nSubject: Order {tag}\r\n"
        f"Message-ID: <bench.{tag}.{os.getpid()}@customer.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
        f"My order {tag} has not arrived.\r\n--b\r\nContent-Type: application/pdf; name=invoice.pdf\r\n"
        f"Content-Transfer-Encoding: base64\r\n\r\n{attachment}--b--\r\n"
    ).encode()


def memory(field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) // 1024
    return 0


accepted = [0] * connections
refused = [0] * connections
deadline = time.time() + seconds


def worker(index):
    client = smtplib.LMTP("127.0.0.1", port)
    n = index
    while time.time() < deadline:
        try:
            client.sendmail(f"bench{n % 97}@customer.example", [recipient], message(n))
            accepted[index] += 1
        except smtplib.SMTPException:
            refused[index] += 1
        n += connections
    client.quit()


start = time.time()
threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.time() - start
print(f"   {sum(accepted) / elapsed:,.0f} messages/s accepted over LMTP ({sum(accepted)} in {elapsed:.1f} s, "
      f"{connections} connections, {sum(refused)} refused)")

before = memory("VmHWM")
rss = memory("VmRSS")
big = b"From: big@customer.example\r\nSubject: big\r\n\r\n" + (b"x" * 998 + b"\r\n") * 30_000
client = smtplib.LMTP("127.0.0.1", port)
client.ehlo_or_helo_if_needed()
# Declared with SIZE, the message is refused at MAIL FROM; undeclared (as some clients send), it streams in whole.
declared = client.docmd("MAIL FROM:<big@customer.example>", f"SIZE={len(big)}")
client.docmd("RSET")
client.docmd("MAIL FROM:<big@customer.example>")
client.docmd(f"RCPT TO:<{recipient}>")
code, text = client.data(big)
answer = f"{declared[0]} at MAIL FROM with SIZE; streamed undeclared: {code} {text.decode()}"
client.quit()
print(f"   30 MB message: answered {answer}; Haven's RSS {rss} MB before, peak {before} MB before and {memory('VmHWM')} MB after")
