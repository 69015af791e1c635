#!/usr/bin/env python3
"""Canary listeners for the or-sandbox tests: TCP and UDP on 127.0.0.1 and
127.0.0.2 (one port), and an abstract unix socket.  Writes the port to
DIR/port, logs every connection or datagram to DIR/log, and stops by
itself after 120 s.  Usage: listen.py DIR ABSTRACT_NAME"""
import os, select, socket, sys, time

d, name = sys.argv[1], sys.argv[2]
t1 = socket.socket(); t1.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t1.bind(("127.0.0.1", 0)); port = t1.getsockname()[1]
t2 = socket.socket(); t2.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t2.bind(("127.0.0.2", port))
u1 = socket.socket(type=socket.SOCK_DGRAM); u1.bind(("127.0.0.1", port))
u2 = socket.socket(type=socket.SOCK_DGRAM); u2.bind(("127.0.0.2", port))
ab = socket.socket(socket.AF_UNIX); ab.bind("\0" + name)
for s in (t1, t2, ab):
    s.listen(16)
log = open(os.path.join(d, "log"), "a", buffering=1)
with open(os.path.join(d, "port.tmp"), "w") as f:
    f.write(str(port))
os.rename(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
end = time.time() + 120
socks = [t1, t2, u1, u2, ab]
while time.time() < end:
    r, _, _ = select.select(socks, [], [], 1)
    for s in r:
        if s.type == socket.SOCK_DGRAM:
            data, peer = s.recvfrom(65536)
            log.write("udp %r %r\n" % (peer, data))
        else:
            c, peer = s.accept()
            log.write("accept %r on %r\n" % (peer, s.getsockname()))
            c.settimeout(0.2)
            try:
                log.write("data %r\n" % c.recv(65536))
            except OSError:
                pass
            c.close()
