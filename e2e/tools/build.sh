#!/usr/bin/env bash
# Builds the e2e toolchain from pinned Go modules into a cache keyed by the module files and Go version:
# a warm cache rebuilds nothing. Prints the bin directories (one per tool, joined with ':') on its last line;
# each tool's folder is <cache>/<tool>-<key>/ with its programs in bin/ (the layout the Automation API expects).
#   e2e/tools/build.sh [TOOL...]   (default: every tool below)
# The cache is $BGP_FABRIC_TOOLS (default ~/.cache/bgp-fabric/tools), outside the clone and never committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${BGP_FABRIC_TOOLS:-$HOME/.cache/bgp-fabric/tools}"
# shellcheck source=go-env.sh
. "$here/go-env.sh"

# One build at a time per cache: CI starts one early, in the background (.ci/run); a second run waits for it here,
# then finds every tool it built cached.
mkdir -p "$cache"
exec 8>>"$cache/.build.lock"
flock -w 3600 8 || { echo "build.sh: another build held $cache/.build.lock for an hour" >&2; exit 1; }

k8s_version="v1.36.3"
pulumi_version="v3.248.0"
kprov_version="4.25.0"
# Debian's BIRD 1.6 (calico-node runs Calico's fork of 1.6): unpacked, never installed (the package conflicts with
# bird2, which the lab needs).
bird1_version="1.6.8-2.1+b1"

# The calico tool's one module from outside the proxy (e2e/tools/calico/go.mod replaces github.com/projectcalico/api
# with this folder, beside the clone): go.sum cannot pin a folder, so its tree is pinned here (sha256 of the sorted
# `sha256sum` of every file), checked on every run, cached or not.
calico_api="$here/../../../shared/go/projectcalico-api"
calico_api_tree="54d7542b78749025d3f5da2188d1ca37668ae07520a99c5724b876861dfd6aeb"

# tool -> "package[,package…]|ldflags"
declare -A spec=(
  [pulumi]="github.com/pulumi/pulumi/pkg/v3/cmd/pulumi|-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${pulumi_version}"
  [kubernetes-provider]="./cmd/pulumi-resource-kubernetes|-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${kprov_version}"
  [command-provider]="./cmd/pulumi-resource-command|-X main.version=1.2.1"
  [kube]="k8s.io/kubernetes/cmd/kube-apiserver,k8s.io/kubernetes/cmd/kube-controller-manager,k8s.io/kubernetes/cmd/kube-scheduler|-X k8s.io/component-base/version.gitVersion=${k8s_version} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=36 -X k8s.io/client-go/pkg/version.gitVersion=${k8s_version}"
  [etcd]="go.etcd.io/etcd/server/v3|"
  [kwok]="sigs.k8s.io/kwok/cmd/kwok|"
  [metallb]="go.universe.tf/metallb/controller|"
  [calico]="github.com/projectcalico/calico/confd,github.com/projectcalico/calico/cni-plugin/cmd/calico|"
  [bird1]="apt:bird=${bird1_version}|"
)
order=(pulumi kubernetes-provider command-provider etcd kwok metallb kube calico bird1)
[ $# -gt 0 ] && order=("$@")

# The module's folder in the module cache, downloading it first (an empty cache has none yet).
module_dir() {
  local d
  d="$(cd "$1" && go mod download "$2" && go list -m -f '{{.Dir}}' "$2")"
  [ -n "$d" ] && [ -d "$d" ] || { echo "build.sh: module $2 has no folder in the module cache" >&2; exit 1; }
  echo "$d"
}

paths=()
for tool in "${order[@]}"; do
  [ -n "${spec[$tool]:-}" ] || { echo "build.sh: unknown tool '$tool' (known: ${!spec[*]})" >&2; exit 1; }
  dir="$here/$tool"
  if [ "$tool" = calico ]; then
    [ -d "$calico_api" ] || { echo "build.sh: $calico_api is missing (../shared beside the clone)" >&2; exit 1; }
    tree="$(cd "$calico_api" && LC_ALL=C find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)"
    [ "$tree" = "$calico_api_tree" ] || {
      echo "build.sh: $calico_api is not the pinned github.com/projectcalico/api tree (sha256 $tree, pinned $calico_api_tree)" >&2
      exit 1
    }
  fi
  # An apt tool has no folder: its spec (the package version) is its key.
  key="$( (go env GOVERSION; echo "${spec[$tool]}"; [ ! -d "$dir" ] || { cat "$dir/go.mod" "$dir/go.sum"; find "$dir" -name '*.go' -print0 | sort -z | xargs -0r cat; }) | sha256sum | cut -c1-16)"
  out="$cache/$tool-$key"
  if [ -f "$out/.complete" ]; then
    echo "== $tool: cached ($out)" >&2
  else
    echo "== $tool: building into $out" >&2
    start=$SECONDS
    tmp="$out.tmp-$$"; rm -rf "$tmp"; mkdir -p "$tmp"
    IFS='|' read -r pkgs ldflags <<<"${spec[$tool]}"
    IFS=',' read -ra list <<<"$pkgs"
    if [ "$tool" = kubernetes-provider ]; then
      # The provider's main embeds files its Makefile generates from the module's schema.json; generate them (with
      # the version set, as upstream's generate.go does) into a scratch copy of this folder and build there.
      scratch="$tmp/src"; cp -r "$dir" "$scratch"; dir="$scratch"
      src="$(module_dir "$dir" github.com/pulumi/pulumi-kubernetes/provider/v4)/cmd/pulumi-resource-kubernetes"
      node -e '
        const fs = require("fs"); const [src, out, version] = process.argv.slice(1);
        const schema = JSON.parse(fs.readFileSync(src + "/schema.json", "utf8")); schema.version = version;
        fs.writeFileSync(out + "/schema-embed.json", JSON.stringify(schema));
        fs.writeFileSync(out + "/terraform-mapping-embed.json",
          JSON.stringify(JSON.parse(fs.readFileSync(src + "/terraform-mapping.json", "utf8"))));
      ' "$src" "$dir/cmd/pulumi-resource-kubernetes" "$kprov_version"
    fi
    for pkg in "${list[@]}"; do
      name="$(basename "$pkg")"
      case "$pkg" in
        apt:*)
          # A Debian package, downloaded and unpacked into root/ (its programs keep their names there; bin/ gets
          # <name>1 links so a PATH holding this folder never shadows the lab's BIRD 2).
          mkdir -p "$tmp/deb" "$tmp/root" "$tmp/bin"
          # A machine whose package lists were never fetched (a fresh CI image) fetches them once.
          (cd "$tmp/deb" && { apt-get download "${pkg#apt:}" >/dev/null 2>&1 ||
            { apt-get update -qq && apt-get download "${pkg#apt:}" >/dev/null; }; })
          dpkg-deb -x "$tmp"/deb/*.deb "$tmp/root"
          for p in bird birdc; do ln -s "../root/usr/sbin/$p" "$tmp/bin/${p}1"; done
          rm -rf "$tmp/deb"; continue ;;
        go.etcd.io/*) name=etcd ;;
        go.universe.tf/*) name=metallb-controller ;;
        # One binary, two plugins chosen by its name (cni-plugin/cmd/calico/calico.go): we run it as IPAM only.
        */cni-plugin/cmd/calico) name=calico-ipam ;;
      esac
      (cd "$dir" && go build -ldflags "-s -w $ldflags" -o "$tmp/bin/$name" "$pkg")
    done
    if [ "$tool" = kwok ]; then
      # kwok fakes kubelets through Stage objects; its module ships the upstream "fast" node and pod stages.
      src="$(module_dir "$dir" sigs.k8s.io/kwok)/kustomize/stage"
      mkdir -p "$tmp/stages"
      cp "$src"/node/fast/node-initialize.yaml "$src"/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
        "$src"/pod/fast/pod-ready.yaml "$src"/pod/fast/pod-complete.yaml "$src"/pod/fast/pod-delete.yaml "$tmp/stages/"
    fi
    if [ "$tool" = calico ]; then
      # confd's templates and toml files, and the CRDs of the same commit, as calico-node's image and manifests hold them.
      src="$(module_dir "$dir" github.com/projectcalico/calico)"
      cp -r "$src/confd/etc/calico/confd" "$tmp/confd"; cp -r "$src/libcalico-go/config/crd" "$tmp/crd"
      chmod -R u+w "$tmp/confd" "$tmp/crd"
    fi
    rm -rf "$tmp/src"; touch "$tmp/.complete"; rm -rf "$out"; mv "$tmp" "$out"
    echo "== $tool: built in $((SECONDS - start)) s" >&2
  fi
  paths+=("$out/bin")
done
(IFS=':'; echo "${paths[*]}")
