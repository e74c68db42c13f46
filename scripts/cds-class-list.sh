#!/usr/bin/env bash
# Regenerates cli/cds/classes.lst: the classes the tfs-deploy CLI loads when it runs, from which
# scripts/install-cli.sh makes a class-data-sharing (AppCDS) archive at install time, so that every
# start of the CLI (kubectl starts one per API call for its token) maps them instead of loading them.
#
# Runs the built jar, offline, on the commands the actions run: --help, experiments, render,
# inspect, extract, download (from a loopback stand-in for the GitHub API), build-image (to a local
# registry, base image built from busybox), setup and token (a loopback stand-in for Google's token
# endpoint and the GKE API, with a throwaway service-account key), and deploy --dry-run as far as
# its first request (to an API server that is not there). Each run writes the classes it loaded
# (-XX:DumpLoadedClassList); the lists are merged in first-seen order.
#
# Run it when dependencies or commands change (maintainers, not CI; ClassListTest fails when the
# list has gone stale). Usage: scripts/cds-class-list.sh [--no-build]
# Needs: docker (engine reachable), java 17, python3, openssl, curl, busybox (static), and the
# registry image named by TFS_DEPLOY_TEST_REGISTRY_IMAGE (default tfs-deploy/registry:debian).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

registry_image="${TFS_DEPLOY_TEST_REGISTRY_IMAGE:-tfs-deploy/registry:debian}"
jar="$root/cli/target/tfs-deploy.jar"
out="$root/cli/cds/classes.lst"
example="$root/examples/half_plus_two.tar.gz"
log() { printf '== %s\n' "$*" >&2; }

if [ "${1:-}" != --no-build ]; then
  log "building $jar"
  ./mvnw -q -B -DskipTests package
fi
[ -f "$jar" ] || { log "no $jar: build it first"; exit 1; }
busybox=$(command -v busybox) || { log "busybox (static) is required for the base image"; exit 1; }
docker image inspect "$registry_image" >/dev/null 2>&1 || { log "no image $registry_image: run .ci/images/registry/build"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cds-class-list.XXXXXX")
container=""
stub_pid=""
cleanup() {
  if [ -n "$container" ]; then docker rm -f "$container" >/dev/null 2>&1 || true; fi
  if [ -n "$stub_pid" ]; then kill "$stub_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/lists" "$work/home"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

runs=0
# Runs the jar as a user would, recording the classes it loads; stdout goes to $work/out.
run() {
  runs=$((runs + 1))
  log "tfs-deploy $1"
  HOME="$work/home" KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT=0 \
    java -XX:DumpLoadedClassList="$work/lists/$(printf '%02d' "$runs").lst" -jar "$jar" "$@" >"$work/out" 2>"$work/err"
}
cli() { run "$@" || { cat "$work/err" >&2; exit 1; }; }
# A command expected to fail: it still loads what it loads up to the failure.
cli_failing() {
  if run "$@"; then log "tfs-deploy $1 was expected to fail"; exit 1; fi
}

cli --help
cli --version
cli experiments --kube-dir .kube
cli render --kube-dir .kube --experiment 2vCPU+4GB+inter_op2 --model-name half_plus_two \
  --image "registry.example/models/half_plus_two@sha256:$(printf 'ab%.0s' {1..32})"
cli extract --model-name half_plus_two --out "$work/models" "$example"
cli inspect --json "$work/models/half_plus_two"
cli inspect "$work/models/half_plus_two/1"

# Loopback stand-ins, speaking the shapes the CLI reads: GitHub's release and asset endpoints
# (the asset redirects to storage, as github.com does), Google's JWT-bearer token endpoint, and
# the GKE API's cluster resource.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/sa.pem" 2>/dev/null
openssl req -x509 -new -key "$work/sa.pem" -subj /CN=cluster-ca -days 1 -out "$work/ca.pem" 2>/dev/null
stub_port=$(free_port)
stub="http://127.0.0.1:$stub_port"
python3 - "$stub_port" "$example" "$work/ca.pem" <<'PY' &
import base64, hashlib, json, os, sys
from http.server import BaseHTTPRequestHandler, HTTPServer

port, archive_path, ca_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
archive = open(archive_path, "rb").read()
name = os.path.basename(archive_path)
ca = base64.b64encode(open(ca_path, "rb").read()).decode()
base = f"http://127.0.0.1:{port}"

class Stub(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body, content_type="application/json", headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for header in headers:
            self.send_header(*header)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/repos/acme/models/releases/tags/v1.0.0":
            asset = {"url": f"{base}/repos/acme/models/releases/assets/1", "id": 1, "name": name,
                     "state": "uploaded", "size": len(archive), "content_type": "application/gzip",
                     "digest": "sha256:" + hashlib.sha256(archive).hexdigest(),
                     "browser_download_url": f"https://github.com/acme/models/releases/download/v1.0.0/{name}"}
            self.send(200, {"id": 1, "tag_name": "v1.0.0", "draft": False, "prerelease": False,
                            "name": "v1.0.0", "published_at": "2025-06-02T09:14:40Z", "assets": [asset]})
        elif path == "/repos/acme/models/releases/assets/1":
            self.send(302, b"", "text/html", [("Location", f"{base}/storage/{name}")])
        elif path == f"/storage/{name}":
            self.send(200, archive, "application/octet-stream")
        elif path.startswith("/v1/projects/ml-prod/locations/us-central1/clusters/serving"):
            self.send(200, {"name": "serving", "location": "us-central1", "status": "RUNNING",
                            "endpoint": "127.0.0.1", "masterAuth": {"clusterCaCertificate": ca}})
        else:
            self.send(404, {"message": "Not Found"})

    do_HEAD = do_GET

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/token":
            self.send(200, {"access_token": "ya29.cds-class-list", "expires_in": 3599, "token_type": "Bearer"})
        else:
            self.send(404, {"message": "Not Found"})

HTTPServer(("127.0.0.1", port), Stub).serve_forever()
PY
stub_pid=$!
for _ in $(seq 1 50); do curl -s "$stub/" >/dev/null && break; sleep 0.1; done

cli download --github-api-url "$stub" --token ghs_cdsClassList --repo acme/models --release-tag v1.0.0 \
  --asset "$(basename "$example")" --out "$work/release"

python3 - "$work/sa.pem" "$stub/token" >"$work/key.json" <<'PY'
import json, sys
print(json.dumps({"type": "service_account", "project_id": "ml-prod", "private_key_id": "0" * 40,
                  "private_key": open(sys.argv[1]).read(), "client_email": "deployer@ml-prod.iam.gserviceaccount.com",
                  "client_id": "1", "token_uri": sys.argv[2], "universe_domain": "googleapis.com"}))
PY
CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER="$stub/" \
  cli setup --credentials "$work/key.json" --project ml-prod --location us-central1 --cluster serving \
  --kubeconfig "$work/kubeconfig"
KUBERNETES_EXEC_INFO='{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}' \
  cli token --credentials "$work/key.json"
cli_failing deploy --kubeconfig "$work/kubeconfig" --kube-dir .kube --experiment 2vCPU+4GB+inter_op2 \
  --model-name half_plus_two --dry-run --no-smoke \
  --image "registry.example/models/half_plus_two@sha256:$(printf 'ab%.0s' {1..32})"

# A local registry and a base image in it (busybox with TF Serving's entrypoint), as bench/publish.
registry="127.0.0.1:$(free_port)"
log "registry $registry_image on $registry"
container=$(docker run -d --network host -e REGISTRY_HTTP_ADDR="$registry" "$registry_image")
for _ in $(seq 1 50); do curl -sf "http://$registry/v2/" >/dev/null && break; sleep 0.2; done
rootfs="$work/rootfs"
mkdir -p "$rootfs/bin" "$rootfs/usr/bin" "$rootfs/models"
install -m 0755 "$busybox" "$rootfs/bin/busybox"
printf '#!/bin/busybox sh\nexec /bin/busybox sleep 3600\n' >"$rootfs/usr/bin/tf_serving_entrypoint.sh"
chmod 0755 "$rootfs/usr/bin/tf_serving_entrypoint.sh"
base="$registry/cds/base:1"
tar -C "$rootfs" -c . | docker import --change 'ENTRYPOINT ["/usr/bin/tf_serving_entrypoint.sh"]' \
  --change 'ENV MODEL_BASE_PATH=/models MODEL_NAME=model' --change 'EXPOSE 8500 8501' - "$base" >/dev/null
docker push -q "$base" >/dev/null
docker image rm -f "$base" >/dev/null

cli build-image --archive "$work/release/$(basename "$example")" --model-name half_plus_two --base "$base" \
  --image "$registry/cds/half_plus_two" --image-tag v1.0.0 --insecure-registry
cli build-image --model-dir "$work/models/half_plus_two" --model-name half_plus_two --base "$base" \
  --image "$registry/cds/half_plus_two" --image-tag v1.0.1 --insecure-registry --layer-compression gzip

# First-seen order, as the JVM wrote them (sorted, some lambda proxies of the JDK's own classes are
# no longer archived). Dynamic proxies ($Proxy12) are generated at run time, not loaded: dropped.
mkdir -p "$(dirname "$out")"
{
  printf '# Classes the tfs-deploy CLI loads (scripts/cds-class-list.sh, %d runs); install-cli.sh\n' "$runs"
  printf '# dumps a class-data-sharing archive from it (java -Xshare:dump -XX:SharedClassListFile).\n'
  cat "$work"/lists/*.lst | grep -v -e '^#' -e '[$]Proxy[0-9]' | awk '!seen[$0]++'
} >"$out.tmp"
mv "$out.tmp" "$out"
log "$out: $(grep -vc '^[#@]' "$out") classes, $(grep -c '^@' "$out") lambda lines, from $runs runs"
