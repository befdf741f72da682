#!/usr/bin/env python3
"""Loads N verified keys into a running Latchkey through its own API and pickup folder.

Writes keys.txt (one key per line) and pairs.txt (email,key per line) for the wrk scripts.
Usage: seed.py <base-url> <data-dir> <count> <out-dir>
"""
import concurrent.futures
import json
import os
import re
import sys
import time
import urllib.request

base, data_dir, count, out_dir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
KEY = re.compile(rb"eck_[0-9A-Za-z]{38}")
TO = re.compile(rb"^To: (?:.*<([^>]+)>|(\S+))\r?$", re.M)  # "Name <address>" or, as mailed now, the bare address


def post(path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status


def request_key(i):
    return post("/api/v1/key-requests", {"name": "Bench %d" % i, "email": "bench%d@bench.example" % i})


with concurrent.futures.ThreadPoolExecutor(16) as pool:
    statuses = list(pool.map(request_key, range(count)))
assert all(status == 202 for status in statuses), "not every request was accepted"

mail_dir = os.path.join(data_dir, "mail")
keys = {}
deadline = time.time() + 600
while len(keys) < count and time.time() < deadline:
    for name in os.listdir(mail_dir):
        if name.endswith(".eml") and name not in keys:
            with open(os.path.join(mail_dir, name), "rb") as mail:
                text = mail.read()
            to = TO.search(text)
            keys[name] = ((to.group(1) or to.group(2)).decode(), KEY.search(text).group().decode())
    time.sleep(0.5)
assert len(keys) >= count, "only %d of %d mails arrived" % (len(keys), count)
pairs = list(keys.values())


def verify(pair):
    email, key = pair
    for _ in range(50):
        try:
            return post("/api/v1/keys/verify", {"email": email, "apiKey": key})
        except urllib.error.HTTPError as refused:  # the mail can beat the delivery's commit
            time.sleep(0.1)
    return 0


with concurrent.futures.ThreadPoolExecutor(16) as pool:
    verified = list(pool.map(verify, pairs))
assert all(status == 200 for status in verified), "not every key verified"

with open(os.path.join(out_dir, "keys.txt"), "w") as out:
    out.write("\n".join(key for _, key in pairs) + "\n")
with open(os.path.join(out_dir, "pairs.txt"), "w") as out:
    out.write("\n".join("%s,%s" % pair for pair in pairs) + "\n")
print("seeded %d verified keys" % len(pairs))
