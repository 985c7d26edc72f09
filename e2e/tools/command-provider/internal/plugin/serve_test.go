package plugin

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
)

func TestEngineAddress(t *testing.T) {
	cases := []struct {
		args []string
		want string
		err  string
	}{
		{[]string{"127.0.0.1:4000"}, "127.0.0.1:4000", ""},
		{[]string{"--logtostderr", "-v=9", "--tracing", "http://zipkin", "127.0.0.1:4000"}, "127.0.0.1:4000", ""},
		{nil, "", ""},
		{[]string{"a", "b"}, "", `expected at most one argument (the engine address), got ["a" "b"]`},
	}
	for _, c := range cases {
		got, err := engineAddress(c.args)
		if got != c.want || (err == nil) != (c.err == "") || (err != nil && err.Error() != c.err) {
			t.Errorf("engineAddress(%q) = %q, %v; want %q, %q", c.args, got, err, c.want, c.err)
		}
	}
}

// TestMainServesAndStops starts the plugin as the engine would (attach mode: no engine address), reads the port
// it prints, asks for the plugin info and stops it.
func TestMainServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	stdout, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- Main(ctx, "1.2.1", nil, w) }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient("127.0.0.1:"+strings.TrimSpace(line),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	info, err := pulumirpc.NewResourceProviderClient(conn).GetPluginInfo(ctx, &emptypb.Empty{})
	if err != nil || info.GetVersion() != "1.2.1" {
		t.Fatalf("info = %v, err = %v", info, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Main = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Main did not stop")
	}
}
