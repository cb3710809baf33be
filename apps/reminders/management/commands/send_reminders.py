import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from apps.reminders.services import reminders_dispatch


class Command(BaseCommand):
    help = (
        "Finds due reminders and sends them: once, or every minute with --loop (no Celery needed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running until SIGTERM.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")

    def handle(self, *args, loop=False, interval=60.0, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while True:
            queued = reminders_dispatch()
            self.stdout.write(f"Reminders dispatched: {queued} email(s) handed over.")
            if not loop:
                return
            deadline = time.monotonic() + interval
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(0.2)
            if self.stopping:
                self.stdout.write("Stopped.")
                return
            close_old_connections()  # a long-lived loop must not hold a dead connection

    def _stop(self, signum, frame):
        self.stopping = True
