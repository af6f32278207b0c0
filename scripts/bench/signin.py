#!/usr/bin/env python3
"""Sign-in benchmark against a running `haven serve` (called by scripts/bench-signin.sh).

  signin.py LINK CA_FILE SERVER_PID EMAIL

Sets the agent's password through LINK (an invitation link), then
  1. times 40 sign-ins one after another (the POST only; each with the form token of a fresh page), and
  2. fires 50 sign-ins at once, sampling the server's RSS every 10 ms from before until all answered.
"""
import http.client, re, socket, ssl, statistics, sys, threading, time, urllib.parse

LINK, CA, PID, EMAIL = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
PASSWORD = "marigold tunnel lantern 58"  # not built from the e-mail (the policy refuses that)
parts = urllib.parse.urlsplit(LINK)
HOST, PORT = parts.hostname, parts.port or 443
CONTEXT = ssl.create_default_context(cafile=CA)


class Connection(http.client.HTTPSConnection):
    """To 127.0.0.1 with the tenant's host as SNI and Host (no DNS for *.localhost needed)."""

    def __init__(self):
        super().__init__(HOST, PORT, context=CONTEXT, timeout=60)

    def connect(self):
        raw = socket.create_connection(("127.0.0.1", PORT), timeout=60)
        self.sock = CONTEXT.wrap_socket(raw, server_hostname=HOST)


def request(method, path, body=None, cookie=None):
    connection = Connection()
    headers = {"Host": f"{HOST}:{PORT}", "Sec-Fetch-Site": "same-origin", "Origin": f"https://{HOST}:{PORT}"}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        body = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    cookies = [value.split(";")[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
    connection.close()
    return response.status, text, cookies, dict(response.getheaders())


def form(path):
    status, text, cookies, _ = request("GET", path)
    token = re.search(r'name="csrf" value="([^"]+)"', text).group(1)
    return token, "; ".join(cookies)


def rss_mib():
    with open(f"/proc/{PID}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024


token, cookie = form(parts.path + "?" + parts.query)
status, _, _, _ = request("POST", parts.path, {"csrf": token, "token": parts.query.split("=", 1)[1], "new_password": PASSWORD,
                                               "repeat_password": PASSWORD}, cookie)
assert status == 303, f"setting the password answered {status}"


def sign_in(token, cookie):
    started = time.perf_counter()
    status, _, _, headers = request("POST", "/console/sign-in", {"csrf": token, "email": EMAIL, "password": PASSWORD}, cookie)
    return time.perf_counter() - started, status, headers.get("Location", "")


times = []
for _ in range(40):
    token, cookie = form("/console/sign-in")
    elapsed, status, location = sign_in(token, cookie)
    assert status == 303 and location.endswith("/console"), f"sign-in answered {status} {location}"
    times.append(elapsed * 1000)
times.sort()
print(f"1. sequential sign-ins (40, POST only, over HTTPS): p50 {statistics.median(times):.0f} ms, "
      f"p90 {times[int(len(times) * 0.9) - 1]:.0f} ms, min {times[0]:.0f} ms, max {times[-1]:.0f} ms")

forms = [form("/console/sign-in") for _ in range(50)]
before = rss_mib()
peak = [before]
done = threading.Event()


def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss_mib())
        time.sleep(0.01)


results = []
lock = threading.Lock()
start = threading.Barrier(50)


def one(token, cookie):
    start.wait()
    outcome = sign_in(token, cookie)
    with lock:
        results.append(outcome)


sampler = threading.Thread(target=sample)
sampler.start()
threads = [threading.Thread(target=one, args=pair) for pair in forms]
began = time.perf_counter()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
wall = time.perf_counter() - began
done.set()
sampler.join()
signed = sum(1 for _, status, location in results if status == 303 and location.endswith("/console"))
busy = sum(1 for _, status, _ in results if status != 303)
latencies = sorted(elapsed * 1000 for elapsed, _, _ in results)
print(f"2. 50 sign-ins at once: {signed} signed in, {busy} refused, all answered in {wall:.1f} s, "
      f"p50 {statistics.median(latencies):.0f} ms, max {latencies[-1]:.0f} ms; "
      f"server RSS {before:.0f} MiB before, {peak[0]:.0f} MiB peak (+{peak[0] - before:.0f} MiB)")
