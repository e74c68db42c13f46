#!/usr/bin/env python3
"""A loopback stand-in for the Cloud Storage JSON API, for bench/download/gcs.

Serves the files given as objects of one bucket, with the shapes Google's client meets: object
metadata (GET /storage/v1/b/{bucket}/o/{name}: size, generation, crc32c, md5Hash) and media
downloads (alt=media, also under /download/...) honouring "Range: bytes=A-B", zero-copy
(sendfile), so the server is never what limits the measured throughput. Checksums come from
Checksums.java (Python has no CRC-32C) and are cached beside each file.

A file whose name contains "composite" is listed as a composite object (what parallel composite
uploads of large files make): a component count and a CRC-32C, no MD5.

Usage: gcs_api.py --bucket NAME FILE... ; prints the endpoint (STORAGE_EMULATOR_HOST), then serves.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))


def checksums(path):
    cached = os.path.realpath(path) + ".gcs-checksums"
    if os.path.exists(cached) and os.path.getmtime(cached) >= os.path.getmtime(path):
        with open(cached) as f:
            return f.read().split()
    out = subprocess.run(["java", os.path.join(HERE, "Checksums.java"), path],
                         check=True, capture_output=True, text=True).stdout
    with open(cached, "w") as f:
        f.write(out)
    return out.split()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bucket", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    objects = {}
    for number, path in enumerate(args.files, start=1):
        name = os.path.basename(path)
        crc32c, md5 = checksums(path)
        generation = str(1733000000000000 + number)
        objects[name] = {
            "path": path,
            "json": {
                "kind": "storage#object",
                "id": f"{args.bucket}/{name}/{generation}",
                "name": name,
                "bucket": args.bucket,
                "generation": generation,
                "metageneration": "1",
                "contentType": "application/gzip",
                "storageClass": "STANDARD",
                "size": str(os.path.getsize(path)),
                "md5Hash": md5,
                "crc32c": crc32c,
                "etag": "CKih16GjycICEAE=",
                "timeCreated": "2026-12-01T09:14:31.000Z",
                "updated": "2026-12-01T09:14:31.000Z",
            },
        }
        if "composite" in name:
            del objects[name]["json"]["md5Hash"]
            objects[name]["json"]["componentCount"] = 32
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.bench = {"bucket": args.bucket, "objects": objects}
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        bench = self.server.bench
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        match = re.fullmatch(r"(?:/download)?/storage/v1/b/([^/]+)/o/(.+)", url.path)
        if not match or urllib.parse.unquote(match.group(1)) != bench["bucket"]:
            return self.send_error_json(404, "The specified bucket does not exist.")
        stored = bench["objects"].get(urllib.parse.unquote(match.group(2)))
        if stored is None:
            return self.send_error_json(404, "No such object")
        if query.get("alt") == ["media"]:
            return self.send_file(stored)
        self.send_json(200, stored["json"])

    def send_error_json(self, code, message):
        self.send_json(code, {"error": {"code": code, "message": message,
                                        "errors": [{"message": message, "domain": "global", "reason": "notFound"}]}})

    def send_json(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def send_file(self, stored):
        path = stored["path"]
        size = os.path.getsize(path)
        start, end = 0, size - 1
        ranged = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if ranged:
            start = int(ranged.group(1))
            end = min(end, int(ranged.group(2))) if ranged.group(2) else end
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("X-Goog-Generation", stored["json"]["generation"])
        hashes = f"crc32c={stored['json']['crc32c']}"
        if "md5Hash" in stored["json"]:
            hashes += f",md5={stored['json']['md5Hash']}"
        self.send_header("X-Goog-Hash", hashes)
        self.end_headers()
        self.wfile.flush()
        with open(path, "rb") as f:
            self.connection.sendfile(f, start, end - start + 1)


if __name__ == "__main__":
    sys.exit(main())
