"""A throwaway PostgreSQL cluster in a temporary directory, for tests and the load bench.

Debian keeps the server binaries out of PATH (/usr/lib/postgresql/<major>/bin). The server
refuses to run as root, so as root we run it as the ``postgres`` system user that Debian's
package creates. It listens on 127.0.0.1 only, with trust auth, fsync off: it is disposable.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_pg_bin() -> Path | None:
    """The newest installed server's bin directory, or None when no server is installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


@contextmanager
def throwaway_cluster(bin_dir: Path | None = None) -> Iterator[str]:
    """Start a cluster, yield the admin URL of its ``postgres`` database, then destroy it."""
    bin_dir = bin_dir or find_pg_bin()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server binaries found (apt-get install postgresql)")
    # As root the server runs as 'postgres', which must be able to reach the directory: /tmp,
    # not a TMPDIR that may sit under root's home.
    root = Path(tempfile.mkdtemp(prefix="spinewatch-pg-", dir="/tmp" if os.geteuid() == 0 else None))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", _free_port()
    def run(argv: list[str]) -> None:
        subprocess.run(_as_server_user(argv), check=True, capture_output=True, text=True)

    try:
        run([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
        opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "-t", "60", "start"])
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                           capture_output=True, check=False)  # best effort: the directory goes anyway
    except subprocess.CalledProcessError as err:
        raise RuntimeError(f"PostgreSQL failed to start: {err.stderr or err.stdout}") from None
    finally:
        shutil.rmtree(root, ignore_errors=True)
