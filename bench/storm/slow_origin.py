# A slow origin for bench/storm-cpu.sh: every GET answers after DELAY_MS with a 512-byte cacheable body, counts fetches.
import sys, time, threading
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
delay = int(sys.argv[2]) / 1000.0
fetches = 0
lock = threading.Lock()
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        global fetches
        if self.path == "/fetches":
            body = str(fetches).encode()
        else:
            with lock:
                fetches += 1
            time.sleep(delay)
            body = b"x" * 512
        self.send_response(200)
        self.send_header("Cache-Control", "public, max-age=3600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
