# A loopback stub of the two AXL endpoints the sidechat uses (tests only):
# POST /send appends {peer, body} to SENT (one JSON line each); GET /recv
# pops the oldest file of INBOX (name: <n>-<64-hex peer>) and answers it
# with X-From-Peer-Id, or 204 when the inbox is empty.  Prints its port.
import json, os, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

inbox, sent = sys.argv[1], sys.argv[2]

class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        if self.path != "/send":
            self.send_response(404); self.end_headers(); return
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode("utf-8", "replace")
        with open(sent, "a") as f:
            f.write(json.dumps({"peer": self.headers.get("X-Destination-Peer-Id"), "body": body}) + "\n")
        self.send_response(200); self.end_headers()

    def do_GET(self):
        if self.path != "/recv":
            self.send_response(404); self.end_headers(); return
        names = sorted(os.listdir(inbox))
        if not names:
            self.send_response(204); self.end_headers(); return
        p = os.path.join(inbox, names[0])
        with open(p, "rb") as f:
            data = f.read()
        os.unlink(p)
        self.send_response(200)
        self.send_header("X-From-Peer-Id", names[0].split("-", 1)[1])
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

s = HTTPServer(("127.0.0.1", 0), H)
s.timeout = 1
print(s.server_address[1], flush=True)
for _ in range(600):
    s.handle_request()
