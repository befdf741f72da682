#!/usr/bin/env python3
"""A local SMTP server that accepts every mail and counts it: the far end for the delivery benchmark."""
import asyncore
import smtpd
import sys
import warnings

warnings.simplefilter("ignore")


class Sink(smtpd.SMTPServer):
    received = 0

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        Sink.received += 1


Sink(("127.0.0.1", int(sys.argv[1])), None, decode_data=False)
asyncore.loop()
