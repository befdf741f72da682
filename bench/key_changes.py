#!/usr/bin/env python3
"""How soon a key revoked on one instance is refused by another: for each seeded key, the other
instance serves it (so it is in that instance's cache), the key is revoked on the first, and the
other is asked again at once and again until it answers 401. Prints p50, p99 and max in ms.

Usage: key_changes.py <revoking-url> <using-url> <pairs.txt>
"""
import http.client
import sys
import time
import urllib.parse

revoking, using, pairs_file = sys.argv[1], sys.argv[2], sys.argv[3]


def connection(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def call(conn, method, path, key):
    conn.request(method, path, headers={"Authorization": "Bearer " + key, "Content-Length": "0"})
    answer = conn.getresponse()
    answer.read()
    return answer.status


on_revoking, on_using = connection(revoking), connection(using)
keys = [line.split(",")[1].strip() for line in open(pairs_file) if line.strip()]
seen = []
for key in keys:
    assert call(on_using, "GET", "/api/v1/integrations/me", key) == 200, "not served before the revoke"
    assert call(on_revoking, "POST", "/api/v1/keys/revoke", key) == 200, "not revoked"
    revoked_at = time.perf_counter()
    while call(on_using, "GET", "/api/v1/integrations/me", key) != 401:
        if time.perf_counter() - revoked_at > 10:
            sys.exit("still served 10 s after the revoke: nothing heard")
    seen.append((time.perf_counter() - revoked_at) * 1000)

seen.sort()


def percentile(p):
    return seen[max(1, -(-p * len(seen) // 100)) - 1]


print("%d revocations: p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (len(seen), percentile(50), percentile(99), seen[-1]))
