#!/usr/bin/env python3
"""The anchor of the walk's CPU figure in `npm run bench`, as issue 17 measured it: a naive serial
client with no dependencies (http.client on one keep-alive connection, one request at a time,
breadth first from `root`, json.loads of each answer and one json.dumps line per node on stdout).
Usage: python3 test/bench/naive-walk.py http://127.0.0.1:1729"""
import http.client
import json
import sys
from collections import deque
from urllib.parse import quote, urlsplit

base = urlsplit(sys.argv[1])
conn = http.client.HTTPConnection(base.hostname, base.port)
out = sys.stdout
seen = {"root"}
queue = deque(["root"])
while queue:
    ref = queue.popleft()
    conn.request("GET", "/v1/" + quote(ref, safe=""))
    res = conn.getresponse()
    body = res.read()
    if res.status != 200:
        sys.exit(f"{ref}: HTTP {res.status}")
    node = json.loads(body)
    out.write(json.dumps(node) + "\n")
    for c in node["children"]:
        if c not in seen:
            seen.add(c)
            queue.append(c)
conn.close()
