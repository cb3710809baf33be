"""A local SMTP sink for the reminder benchmark: accepts every message and appends it, raw, to a
file, each after a separator line. Usage: python -m bench.smtp_sink PORT FILE"""

import asyncio
import signal
import sys

from aiosmtpd.controller import Controller

SEPARATOR = b"\n\x00\x00BENCH-MESSAGE\x00\x00\n"


class RecordingHandler:
    def __init__(self, path: str):
        self.out = open(path, "ab", buffering=0)  # noqa: SIM115 (open for the sink's life)

    async def handle_DATA(self, server, session, envelope):
        self.out.write(SEPARATOR + envelope.original_content)
        return "250 OK"


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(RecordingHandler(path), hostname="127.0.0.1", port=port)
    controller.start()
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
