# The Go settings of the e2e toolchain, sourced by build.sh and go-test.sh so a test builds what the build builds:
# read-only module graph, no cgo, nothing but the module proxy (no VCS fallback, no toolchain switch).
export GOFLAGS="-mod=readonly -trimpath" CGO_ENABLED=0
export GOTOOLCHAIN=local GONOSUMDB= GOFLAGS
goproxy="$(go env GOPROXY)"; export GOPROXY="${goproxy%%,direct}"
