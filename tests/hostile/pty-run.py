#!/usr/bin/env python3
"""Run a command on a new pty (its controlling terminal and fds 0-2); an
argument "{TTY}" is replaced by the pty's path; PTY_OWNER=UID
chowns the pty to UID first; PTY_ANSWERS=A,B,... types the next answer
and a newline each time the command prints PTY_PROMPT (default
"[y/N] ").  Prints everything the pty
master received (output and echoed input) and exits with the command's
status.  Stops by itself after 30 s."""
import os, pty, select, sys, time

pid, fd = pty.fork()
if pid == 0:
    tty = os.ttyname(0)
    if os.environ.get("PTY_OWNER"):    # let an unprivileged user open it
        os.chown(tty, int(os.environ["PTY_OWNER"]), -1)
    args = [tty if a == "{TTY}" else a for a in sys.argv[1:]]
    os.execvp(args[0], args)
answers = [a for a in os.environ.get("PTY_ANSWERS", "").split(",") if a]
prompt = os.environ.get("PTY_PROMPT", "[y/N] ").encode()
seen = 0
out = b""
end = time.time() + 30
status = None
while time.time() < end:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        out += chunk
        while answers and out.find(prompt, seen) >= 0:
            seen = out.find(prompt, seen) + len(prompt)
            os.write(fd, (answers.pop(0) + "\n").encode())
    if status is None:
        p, st = os.waitpid(pid, os.WNOHANG)
        if p == pid:
            status = st
            end = min(end, time.time() + 0.5)   # drain late echoes
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status) if status is not None else 99)
