#!/usr/bin/env bash
# Step 1: download the containerd WasmEdge shim (runwasi) for this machine into deploy/.cache/.
# It comes first: the kind config mounts this file into the node, so it must exist before the cluster does.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_tool curl "Install curl with your package manager."
need_tool tar "Install tar with your package manager."

case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) die "no runwasi shim is published for '$(uname -m)'; the release has x86_64 and aarch64 builds." ;;
esac
# kind nodes are Linux containers of the host's architecture, also on macOS (Docker runs a Linux VM).
asset="containerd-shim-wasmedge-${arch}-linux-musl.tar.gz"

if [[ -x "$SHIM_CACHE_PATH" ]]; then
  say "shim already downloaded: $SHIM_CACHE_PATH (delete it to download again)"
  exit 0
fi

cache_dir="$(dirname "$SHIM_CACHE_PATH")"
mkdir -p "$cache_dir"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

say "downloading $asset ($SHIM_VERSION)"
curl -fsSL -o "$tmp/$asset" "$SHIM_RELEASE_BASE/$asset"
tar -xzf "$tmp/$asset" -C "$tmp"
[[ -f "$tmp/$SHIM_BINARY" ]] || die "the archive has no $SHIM_BINARY; its contents: $(tar -tzf "$tmp/$asset" | tr '\n' ' ')"
install -m 0755 "$tmp/$SHIM_BINARY" "$SHIM_CACHE_PATH"
# An ELF executable starts with 0x7f 'E' 'L' 'F'.
[[ "$(head -c 4 "$SHIM_CACHE_PATH" | tail -c 3)" == "ELF" ]] || die "$SHIM_CACHE_PATH is not an executable (ELF) file"
say "shim ready: $SHIM_CACHE_PATH"
