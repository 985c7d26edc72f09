// pulumi-resource-command is a stand-in for the Pulumi Command provider 1.2.1, serving command:remote:Command
// only (see ../../README.md).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"bgp-fabric/e2e/tools/command-provider/internal/plugin"
)

// version is what GetPluginInfo reports; the build sets it with -ldflags "-X main.version=1.2.1".
var version = "1.2.1"

func main() {
	// The engine ends a plugin with SIGINT: stop serving gracefully.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := plugin.Main(ctx, version, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-command: %v\n", err)
		stop()
		os.Exit(1)
	}
}
