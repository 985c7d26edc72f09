// Package plugin is the plugin side of the engine protocol: serve the provider over gRPC on a free local port,
// print the port, log to the engine. pulumi/sdk v3.248.0 has no provider Main (it lives in pkg/v3, whose module
// graph is the whole CLI), so this is the same sequence on the sdk's rpcutil.
package plugin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/grpclog"

	"bgp-fabric/e2e/tools/command-provider/internal/provider"
)

// The engine reads the port from stdout, so gRPC's own logging must never print there.
func init() { grpclog.SetLoggerV2(grpclog.NewLoggerV2(io.Discard, io.Discard, os.Stderr)) }

// engineAddress picks the engine's address out of the plugin arguments; the flags the engine may pass
// (--logtostderr, -v=N, --tracing URL) have no effect here.
func engineAddress(args []string) (string, error) {
	var positional []string
	for i := 0; i < len(args); i++ {
		switch arg := args[i]; {
		case arg == "--tracing" || arg == "-tracing":
			i++
		case strings.HasPrefix(arg, "-"):
		default:
			positional = append(positional, arg)
		}
	}
	switch len(positional) {
	case 0:
		return "", nil // attach mode: the engine finds us through PULUMI_DEBUG_PROVIDERS
	case 1:
		return positional[0], nil
	default:
		return "", fmt.Errorf("expected at most one argument (the engine address), got %q", positional)
	}
}

type engine struct{ client pulumirpc.EngineClient }

func (e engine) Log(ctx context.Context, req *pulumirpc.LogRequest) error {
	_, err := e.client.Log(ctx, req)
	return err
}

// Main serves the provider until ctx ends (the engine sends SIGINT) or the engine stops answering.
func Main(ctx context.Context, version string, args []string, stdout io.Writer) error {
	addr, err := engineAddress(args)
	if err != nil {
		return err
	}
	var host provider.Host
	if addr != "" {
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
			rpcutil.GrpcChannelOptions())
		if err != nil {
			return fmt.Errorf("could not connect to the engine at %s: %w", addr, err)
		}
		defer conn.Close()
		host = engine{client: pulumirpc.NewEngineClient(conn)}
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		if err := rpcutil.Healthcheck(ctx, addr, 5*time.Minute, cancel); err != nil {
			return fmt.Errorf("could not watch the engine's health: %w", err)
		}
	}
	cancelServe := make(chan bool)
	go func() {
		<-ctx.Done()
		close(cancelServe)
	}()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancelServe,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterResourceProviderServer(srv, provider.New(version, host))
			return nil
		},
	})
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(stdout, "%d\n", handle.Port); err != nil {
		return err
	}
	if err := <-handle.Done; err != nil {
		return errors.Join(errors.New("provider stopped serving"), err)
	}
	return nil
}
