"""The people of benchmarks/load.py, for locust (run by that script, headless).

Officers open their work, search the commitments and read commitment pages;
managers open the dashboard, the lists behind its figures and the agreement
list. Each locust user logs in as its own account in on_start, then waits
until every user has logged in: the statistics are reset then, the
measurement window starts, and after LOAD_DURATION seconds the figures are
written to LOAD_RESULT (JSON) and locust stops. So logins (one password hash
each) are never in the figures.

The plan (accounts, password, ids and links to visit) comes from the JSON file
named by LOAD_PLAN, written by benchmarks/load.py.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text(encoding="utf-8"))
DURATION = float(os.environ.get("LOAD_DURATION", "60"))
WAIT = between(PLAN["wait_min"], PLAN["wait_max"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

ready = Event()
state = {"logged_in": 0, "login_failures": 0, "started": 0.0}


def _user_ready(environment) -> None:
    state["logged_in"] += 1
    if state["logged_in"] == environment.parsed_options.num_users:
        environment.runner.stats.reset_all()
        state["started"] = time.monotonic()
        ready.set()
        gevent.spawn(_finish, environment)


def _finish(environment) -> None:
    gevent.sleep(DURATION)
    elapsed = time.monotonic() - state["started"]
    stats = environment.runner.stats
    pages = {}
    for (name, _method), entry in sorted(stats.entries.items()):
        pages[name] = {
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "max_ms": round(entry.max_response_time or 0),
        }
    total = stats.total
    result = {
        "elapsed_s": round(elapsed, 1),
        "requests": total.num_requests,
        "errors": total.num_failures,
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "logged_in": state["logged_in"],
        "login_failures": state["login_failures"],
        "error_samples": [
            {
                "page": error.name,
                "error": str(error.error)[:200],
                "count": error.occurrences,
            }
            for error in list(stats.errors.values())[:10]
        ],
        "pages": pages,
    }
    with open(os.environ["LOAD_RESULT"], "w", encoding="utf-8") as out:
        json.dump(result, out)
    environment.runner.quit()


class Person(FastHttpUser):
    """A signed-in person. FastHttpUser (geventhttpclient), not HttpUser
    (requests): locust shares the server's two cores, and its cheaper client
    leaves more of them to the server it measures."""

    abstract = True
    wait_time = WAIT
    role = ""

    def on_start(self) -> None:
        self.account = next(ACCOUNTS[self.role])
        try:
            self.log_in()
        finally:
            _user_ready(self.environment)
        ready.wait()

    def log_in(self) -> None:
        page = self.client.get("/accounts/login/", name="login (unmeasured)")
        token = CSRF.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data=urlencode(
                {
                    "username": self.account["username"],
                    "password": PLAN["password"],
                    "csrfmiddlewaretoken": token.group(1) if token else "",
                }
            ),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            allow_redirects=False,
            name="login (unmeasured)",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                state["login_failures"] += 1
                response.failure(f"login refused: {response.status_code}")

    def page(self, url: str, name: str) -> None:
        # Redirects are not followed: a page sending the user to the login
        # (an expired session) counts as an error, not as a fast login page.
        with self.client.get(
            url, name=name, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class Officer(Person):
    role = "officer"
    fixed_count = PLAN["officers"]

    @task(3)
    def my_work(self) -> None:
        self.page("/", "my work /")

    @task(2)
    def search_all(self) -> None:
        self.page("/commitments/", "search /commitments/")

    @task(2)
    def search_status(self) -> None:
        status = random.choice(PLAN["statuses"])
        self.page(f"/commitments/?status={status}", "search ?status=")

    @task(2)
    def search_words(self) -> None:
        self.page(f"/commitments/?q={random.choice(PLAN['words'])}", "search ?q=")

    @task(1)
    def search_own(self) -> None:
        self.page(f"/commitments/?owner={self.account['id']}", "search ?owner=")

    @task(4)
    def commitment(self) -> None:
        references = self.account["commitments"] or PLAN["commitments"]
        self.page(
            f"/commitments/{random.choice(references)}/",
            "commitment /commitments/<ref>/",
        )


class Manager(Person):
    role = "manager"
    fixed_count = PLAN["managers"]

    @task(3)
    def dashboard(self) -> None:
        self.page("/reports/", "dashboard /reports/")

    @task(1)
    def dashboard_side(self) -> None:
        self.page(
            f"/reports/?party={random.choice(PLAN['parties'])}", "dashboard ?party="
        )

    @task(4)
    def report_list(self) -> None:
        name, url = random.choice(PLAN["report_links"])
        self.page(url, name)

    @task(1)
    def agreements(self) -> None:
        self.page("/agreements/", "agreements /agreements/")


ACCOUNTS = {
    "officer": itertools.cycle(PLAN["accounts"]["officer"]),
    "manager": itertools.cycle(PLAN["accounts"]["manager"]),
}
