#!/usr/bin/env python3
"""Posts key requests at a steady rate and samples how delivery keeps up.

Every `every` seconds it prints the requests accepted so far, the mails sent so far
(latchkey_mails_sent_total), and the backlog between them (accepted, not yet mailed).
Usage: steady_intake.py <base-url> <requests-per-second> <seconds> [every]
"""
import concurrent.futures
import json
import sys
import threading
import time
import urllib.request

base, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
every = float(sys.argv[4]) if len(sys.argv) > 4 else 5.0
accepted = 0
refused = 0
lock = threading.Lock()


def request_key(i):
    global accepted, refused
    body = json.dumps({"name": "Steady", "email": "steady%d@bench.example" % i}).encode()
    request = urllib.request.Request(base + "/api/v1/key-requests", data=body,
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            ok = answer.status == 202
    except Exception:
        ok = False
    with lock:
        if ok:
            accepted += 1
        else:
            refused += 1


def mails_sent():
    with urllib.request.urlopen(base + "/metrics", timeout=30) as answer:
        for line in answer.read().decode().splitlines():
            if line.startswith("latchkey_mails_sent_total"):
                return int(float(line.split()[1]))
    return 0


print("%6s %9s %8s %7s %10s %10s" % ("t (s)", "accepted", "mailed", "backlog", "intake/s", "mails/s"))
pool = concurrent.futures.ThreadPoolExecutor(32)
start = time.monotonic()
sent_at_start = mails_sent()
next_sample, last = start + every, (start, 0, 0)
i = 0
while True:
    now = time.monotonic()
    if now - start >= seconds:
        break
    while i < (now - start) * rate:  # open loop: the rate does not wait for answers
        pool.submit(request_key, i)
        i += 1
    if now >= next_sample:
        mailed = mails_sent() - sent_at_start
        with lock:
            done = accepted
        dt = now - last[0]
        print("%6.0f %9d %8d %7d %10.0f %10.0f" % (now - start, done, mailed, done - mailed,
                                                  (done - last[1]) / dt, (mailed - last[2]) / dt), flush=True)
        last, next_sample = (now, done, mailed), next_sample + every
    time.sleep(0.002)
pool.shutdown(wait=True)
print("refused or failed requests: %d" % refused)
