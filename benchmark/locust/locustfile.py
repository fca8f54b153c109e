"""Locust master side for the Java worker (`clickstream bench locust-worker`).

The Java worker runs the tasks; the master only needs a user class to hand out. Run the master with this file and
start the worker against it; see benchmark/README.md.
"""
import locust.runners
from locust import User, constant, task

# Debian's python3-locust build carries an empty version string, and a 2.x master treats a worker whose
# client_ready carries no version as a pre-2.0 worker. Name the version this master is.
if not locust.runners.__version__:
    locust.runners.__version__ = "2.12.1"


class CollectorUser(User):
    """Placeholder for the Java worker's users; never run by a Python worker."""

    wait_time = constant(0)

    @task
    def run_in_java(self):
        raise RuntimeError("CollectorUser is driven by the Java worker (clickstream bench locust-worker)")
