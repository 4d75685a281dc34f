"""Runs SecantusDB's daemon for services/local-store/store-server.ts so that it never outlives
the process that started it and stops quickly and once.

    python secantusd-guard.py [--remove-on-exit DIR] -- <secantusd-py arguments>

- The parent holds this process's stdin (a pipe) open and never writes to it. When the parent
  ends, however it ends (Ctrl-C, an exception, kill -9), the pipe closes and the server stops as
  on SIGTERM: nothing is left running. If that graceful stop is still waiting for a long command
  (a large drop) 10 s later, the process ends anyway.
- SIGTERM and SIGINT stop the server once. secantusd-py's own handler calls the server's stop()
  and would start a second, nested one on a second signal while the first is closing the storage.
- After a stop is asked, the server's port is connected to until it refuses: in 0.7.0b3 closing
  the listening socket does not wake the thread blocked in accept() (Linux), and stop() waits 2 s
  for that thread; the connection wakes it at once.
- With --remove-on-exit DIR, DIR (a test run's temporary data folder) is removed once the server
  has stopped, also when the parent died first.

Uses secantus.cli (build_parser, main) of the pinned secantusdb 0.7.0b3.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sys
import threading
import time

# How long a server whose parent is gone may take to stop gracefully before it is ended.
PARENT_GONE_GRACE_SECONDS = 10


def main() -> int:
    argv = sys.argv[1:]
    remove_on_exit = None
    if argv[:1] == ["--remove-on-exit"]:
        remove_on_exit, argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]

    stopping = threading.Event()
    original_signal = signal.signal

    def wake_accept(host: str, port: int) -> None:
        for _ in range(100):
            try:
                with socket.create_connection((host, port), timeout=0.5):
                    pass
            except OSError:
                return
            time.sleep(0.05)

    def stop_once(handler):
        def handle(signum, frame):
            if stopping.is_set():
                return
            stopping.set()
            if port is not None:
                threading.Thread(target=wake_accept, args=(host, port), daemon=True).start()
            handler(signum, frame)

        return handle

    def install_once(signum, handler):
        if callable(handler) and signum in (signal.SIGTERM, signal.SIGINT):
            return original_signal(signum, stop_once(handler))
        return original_signal(signum, handler)

    def leave(signum, frame):
        # Until secantusd-py installs its handlers (while Python imports it and it opens the storage).
        raise SystemExit(0)

    host, port = "127.0.0.1", None
    signal.signal = install_once  # secantus.cli.main installs its handlers through this
    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGINT, leave)

    def watch_parent() -> None:
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        # The parent is gone, and with it the reader of stderr.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.kill(os.getpid(), signal.SIGTERM)
        # A graceful stop waits for the command in progress (dropping a large collection takes
        # minutes): with no one left to serve, leave after a grace period (acknowledged writes are
        # on disk with --sync-on-commit).
        time.sleep(PARENT_GONE_GRACE_SECONDS)
        if remove_on_exit:
            shutil.rmtree(remove_on_exit, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch_parent, name="secantusd-guard-parent", daemon=True).start()
    try:
        from secantus import cli

        args = cli.build_parser().parse_args(argv)
        host, port = args.host or host, args.port
        return cli.main(argv)
    finally:
        if remove_on_exit:
            shutil.rmtree(remove_on_exit, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
