#!/usr/bin/env python3
"""answer.py ANSWERS CMD [ARG...]: run CMD on a new pty (its controlling
terminal and fds 0-2) and type the next of the comma-separated ANSWERS
each time it prints a "[y/N] " prompt.  Prints what the pty showed and
exits with CMD's status.  Stops by itself after 60 s."""
import os, pty, select, sys, time

answers = sys.argv[1].split(",") if sys.argv[1] else []
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
out, seen, end = b"", 0, time.time() + 60
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            break
        out += chunk
        while answers and out.find(b"[y/N] ", seen) >= 0:
            seen = out.find(b"[y/N] ", seen) + 6
            os.write(fd, (answers.pop(0) + "\n").encode())
else:
    os.kill(pid, 9)
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(st) if hasattr(os, "waitstatus_to_exitcode") else st >> 8)
