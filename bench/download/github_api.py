#!/usr/bin/env python3
"""A loopback stand-in for the GitHub REST API and its asset storage, for bench/download/run.

Speaks the same shapes the CLI meets on github.com: GET /repos/{owner}/{repo}/releases/latest and
/releases/tags/{tag} return a release object; GET /repos/{owner}/{repo}/releases/assets/{id} with
"Accept: application/octet-stream" answers 302 to a storage URL on another host name ("localhost"
instead of "127.0.0.1"), which serves the bytes with Range support, zero-copy (sendfile), so the
server is never what limits the measured throughput.

Usage: github_api.py --repo OWNER/NAME --tag TAG ASSET_FILE... ; prints the API URL, then serves.
"""
import argparse
import hashlib
import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def sha256_of(path):
    # Kept beside the real file (assets are symlinked in), so a rerun does not hash a GiB again.
    cached = os.path.realpath(path) + ".sha256"
    if os.path.exists(cached) and os.path.getmtime(cached) >= os.path.getmtime(path):
        with open(cached) as f:
            return f.read().split()[0]
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    with open(cached, "w") as f:
        f.write(digest.hexdigest() + "\n")
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--tag", required=True)
    parser.add_argument("assets", nargs="+")
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    api = f"http://127.0.0.1:{port}"
    assets = {}
    for number, path in enumerate(args.assets, start=1):
        name = os.path.basename(path)
        assets[number] = {
            "path": path,
            "json": {
                "url": f"{api}/repos/{args.repo}/releases/assets/{number}",
                "id": number,
                "node_id": f"RA_bench{number}",
                "name": name,
                "label": None,
                "uploader": None,
                "content_type": "application/gzip",
                "state": "uploaded",
                "size": os.path.getsize(path),
                "digest": "sha256:" + sha256_of(path),
                "download_count": 0,
                "created_at": "2025-06-02T09:14:05Z",
                "updated_at": "2025-06-02T09:14:31Z",
                "browser_download_url": f"https://github.com/{args.repo}/releases/download/{args.tag}/{name}",
            },
        }
    release = {
        "url": f"{api}/repos/{args.repo}/releases/1",
        "html_url": f"https://github.com/{args.repo}/releases/tag/{args.tag}",
        "id": 1,
        "node_id": "RE_bench1",
        "tag_name": args.tag,
        "target_commitish": "main",
        "name": args.tag,
        "draft": False,
        "prerelease": False,
        "created_at": "2025-06-02T09:10:00Z",
        "published_at": "2025-06-02T09:14:40Z",
        "assets": [a["json"] for a in assets.values()],
        "body": "bench",
    }
    server.bench = {"repo": args.repo, "tag": args.tag, "release": release, "assets": assets, "port": port}
    print(api, flush=True)
    server.serve_forever()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        bench = self.server.bench
        repo = "/repos/" + bench["repo"]
        path = self.path.split("?")[0]
        if path in (repo + "/releases/latest", repo + "/releases/tags/" + bench["tag"]):
            return self.send_json(200, bench["release"])
        match = re.fullmatch(re.escape(repo) + r"/releases/assets/(\d+)", path)
        if match and int(match.group(1)) in bench["assets"]:
            asset = bench["assets"][int(match.group(1))]
            if "application/octet-stream" not in self.headers.get("Accept", ""):
                return self.send_json(200, asset["json"])
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{bench['port']}/storage/{match.group(1)}?sig=bench")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        match = re.fullmatch(r"/storage/(\d+)", path)
        if match and int(match.group(1)) in bench["assets"]:
            if self.headers.get("Authorization"):
                # What GitHub's storage would do with a token it was never meant to see.
                return self.send_json(400, {"message": "Authorization header sent to the storage host"})
            return self.send_file(bench["assets"][int(match.group(1))]["path"])
        self.send_json(404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})

    def send_json(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_file(self, path):
        size = os.path.getsize(path)
        start = 0
        range_header = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
        if range_header and int(range_header.group(1)) < size:
            start = int(range_header.group(1))
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size - start))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.wfile.flush()
        with open(path, "rb") as f:
            self.connection.sendfile(f, start, size - start)


if __name__ == "__main__":
    sys.exit(main())
