#!/usr/bin/env python3
"""A local SMTP server that accepts every mail and counts it: the far end for the delivery benchmark.

Usage: smtp_sink.py <port> [count-file]. With a count file, it keeps there, after every mail, the
mails received and the connections opened so far ("<mails> <connections>").
"""
import asyncore
import smtpd
import sys
import warnings

warnings.simplefilter("ignore")
COUNTS = sys.argv[2] if len(sys.argv) > 2 else None


class Channel(smtpd.SMTPChannel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Sink.connections += 1


class Sink(smtpd.SMTPServer):
    channel_class = Channel
    received = 0
    connections = 0

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        Sink.received += 1
        if COUNTS:
            with open(COUNTS, "w") as counts:
                counts.write("%d %d\n" % (Sink.received, Sink.connections))


Sink(("127.0.0.1", int(sys.argv[1])), None, decode_data=False)
asyncore.loop()
