#!/usr/bin/env python3
"""Prints a console session cookie for the agent behind an invitation LINK (called by scripts/bench-console.sh),
and the first page load of the ticket list: the page and every asset it names, in bytes.

  console_session.py LINK CA_FILE
"""
import http.client, re, socket, ssl, sys, urllib.parse

LINK, CA = sys.argv[1], sys.argv[2]
PASSWORD = "juniper harbour lantern 73"
parts = urllib.parse.urlsplit(LINK)
HOST, PORT = parts.hostname, parts.port or 443
CONTEXT = ssl.create_default_context(cafile=CA)


def request(method, path, body=None, cookie=None):
    raw = socket.create_connection(("127.0.0.1", PORT), timeout=60)
    connection = http.client.HTTPSConnection(HOST, PORT, context=CONTEXT)
    connection.sock = CONTEXT.wrap_socket(raw, server_hostname=HOST)
    headers = {"Host": f"{HOST}:{PORT}", "Sec-Fetch-Site": "same-origin", "Origin": f"https://{HOST}:{PORT}",
               "Accept-Encoding": "identity"}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        body = urllib.parse.urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    cookies = [value.split(";")[0] for name, value in response.getheaders() if name.lower() == "set-cookie"]
    connection.close()
    return response.status, data, cookies


def form(path):
    status, data, cookies = request("GET", path)
    token = re.search(r'name="csrf" value="([^"]+)"', data.decode()).group(1)
    return token, "; ".join(cookies)


token, cookie = form(parts.path + "?" + parts.query)
status, _, _ = request("POST", parts.path, {"csrf": token, "token": parts.query.split("=", 1)[1], "new_password": PASSWORD,
                                            "repeat_password": PASSWORD}, cookie)
assert status == 303, f"setting the password answered {status}"
token, cookie = form("/console/sign-in")
status, _, cookies = request("POST", "/console/sign-in", {"csrf": token, "email": sys.argv[3], "password": PASSWORD}, cookie)
session = next(c for c in cookies if c.startswith("__Host-haven-console="))
assert status == 303, f"signing in answered {status}"
status, page, _ = request("GET", "/console/tickets?per_page=50", cookie=session)
assert status == 200, f"the ticket list answered {status}"
total = len(page)
assets = sorted(set(re.findall(r'(?:href|src)="(/[^"]+\.(?:css|js|png|svg|woff2?))"', page.decode())))
for asset in assets:
    _, data, _ = request("GET", asset, cookie=session)
    total += len(data)
print(session)
print(f"{total} {len(page)} {' '.join(assets)}")
