"""Locust users for `make bench`: each request goes to one page as the next of many logged-in users.

The driver (bench/run.py) logs the users in through the real login form and writes, for the page
under test, a JSON list of {"session": ..., "path": ...} targets to BENCH_TARGETS. Users here wait
for nothing between requests (a closed loop at the given concurrency).
"""

import itertools
import json
import os

from locust import FastHttpUser, task

with open(os.environ["BENCH_TARGETS"]) as targets_file:
    TARGETS = json.load(targets_file)
PAGE = os.environ["BENCH_PAGE"]
_next_target = itertools.cycle(TARGETS).__next__


class PageUser(FastHttpUser):
    @task
    def page(self):
        target = _next_target()
        with self.client.get(
            target["path"],
            name=PAGE,
            headers={"Cookie": f"sessionid={target['session']}"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
