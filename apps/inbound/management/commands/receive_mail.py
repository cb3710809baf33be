import signal
import threading

from django.core.management.base import BaseCommand

from apps.inbound.receiver import receiver


class Command(BaseCommand):
    help = (
        "Receives mail for INBOUND_MAIL_DOMAIN (replies to check-in reminders) over SMTP, or LMTP "
        "behind a mail server, and hands each message to careerbuilder's inbound handler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=2525)
        parser.add_argument("--lmtp", action="store_true", help="speak LMTP instead of SMTP")

    def handle(self, *args, host, port, lmtp, **options):
        stop = threading.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda *_: stop.set())
        server = receiver(host=host, port=port, lmtp=lmtp)
        server.start()
        protocol = "LMTP" if lmtp else "SMTP"
        self.stdout.write(f"Receiving mail ({protocol}) on {host}:{port}", ending="\n")
        self.stdout.flush()
        try:
            stop.wait()
        finally:
            server.stop()
