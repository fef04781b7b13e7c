"""A real SMTP server on loopback (aiosmtpd) that prints each message it accepts as one JSON line.

Usage: smtp_sink.py PORT
Prints "ready" once listening, then {"mail_from", "rcpt_tos", "data"} per message.
"""

import json
import sys
import time

from aiosmtpd.controller import Controller


class Printer:
    async def handle_DATA(self, server, session, envelope):
        print(
            json.dumps(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "data": envelope.content.decode("utf-8", "replace"),
                }
            ),
            flush=True,
        )
        return "250 OK"


controller = Controller(Printer(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(1)
finally:
    controller.stop()
