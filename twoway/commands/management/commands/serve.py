"""`twoway serve`: the production WSGI server (gunicorn) and a tasks worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def default_workers() -> int:
    """TWOWAY_WORKERS, or by the database (measured with bench/intake_load.py on 2 cores): on
    PostgreSQL each statement is a round trip a sync worker waits through, so four workers a
    core keep the cores busy (2 workers: 430 answers/s, 8: 560, 12: 550); on SQLite statements
    run in the worker, and more than one a core only queue on the one write lock."""
    if "TWOWAY_WORKERS" in os.environ:
        return int(os.environ["TWOWAY_WORKERS"])
    per_core = 4 if connection.vendor == "postgresql" else 1
    return per_core * (os.cpu_count() or 2)


class Command(BaseCommand):
    help = (
        "Serve twoway with gunicorn on HOST:PORT (default 127.0.0.1:8000) and run a tasks worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Start neither the tasks worker nor the ticks (run them elsewhere).",
        )

    def handle(self, *args, host, port, workers, no_worker, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database needs migrating first: run `twoway migrate`.")
        connection.close()
        server = [
            sys.executable, "-m", "gunicorn", "twoway.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", str(workers),
            # Sync workers measured fastest for intake (bench/intake_load.py): requests are
            # short and CPU-bound; a reverse proxy in front buffers slow clients.
            "--worker-class", os.environ.get("TWOWAY_WORKER_CLASS", "sync"),
            "--threads", os.environ.get("TWOWAY_THREADS", "1"),
            "--graceful-timeout", "10",
        ]  # fmt: skip
        if settings.DEBUG:  # without it gunicorn formats no access line at all
            server += ["--access-logfile", "-"]
        processes = [subprocess.Popen(server)]
        if not no_worker:
            worker = [sys.executable, "-m", "twoway.cli", "db_worker", "--interval", "2"]
            processes.append(subprocess.Popen(worker))
            # Opens due pulse waves every five minutes; the worker then sends the e-mails.
            tick = [sys.executable, "-m", "twoway.cli", "pulse_tick", "--loop", "300"]
            processes.append(subprocess.Popen(tick, stdout=subprocess.DEVNULL))
            change = [sys.executable, "-m", "twoway.cli", "change", "tick", "--loop", "300"]
            processes.append(subprocess.Popen(change, stdout=subprocess.DEVNULL))
            # Sends the weekly report e-mails due today; hourly is soon enough for a digest.
            reports = [sys.executable, "-m", "twoway.cli", "report_emails", "--loop", "3600"]
            processes.append(subprocess.Popen(reports, stdout=subprocess.DEVNULL))
        self.stdout.write(self.style.SUCCESS(f"twoway is running on http://{host}:{port}/"))
        self.stdout.write("Press Ctrl+C to stop.")
        self._wait(processes)

    def _wait(self, processes):
        def stop(*_):
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            processes[0].wait()
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for process in processes:
                process.wait(timeout=15)
