package provider

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// unreachable is a connection to a local port nothing listens on, retried without limit (dialErrorLimit -1): only
// the operation's context ends its dialing.
func unreachable(t *testing.T) resource.PropertyValue {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	return resource.MakeSecret(resource.NewProperty(resource.PropertyMap{
		"host": resource.NewProperty("127.0.0.1"), "port": resource.NewProperty(float64(port)),
		"user": resource.NewProperty("root"), "password": secret("x"),
		"dialErrorLimit": resource.NewProperty(-1.0), "perDialTimeout": resource.NewProperty(1.0),
	}))
}

func createRequest(t *testing.T, timeout float64) *pulumirpc.CreateRequest {
	news := props(map[string]any{"create": "true"})
	news["connection"] = unreachable(t)
	req := wireOf(t, news)
	req.Timeout = timeout
	return req
}

func TestCreateTimeoutEndsTheDialRetries(t *testing.T) {
	start := time.Now()
	_, err := New("1.2.1", nil).Create(context.Background(), createRequest(t, 1))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want the deadline", err)
	}
	if d := time.Since(start); d < 900*time.Millisecond || d > 10*time.Second {
		t.Errorf("took %v for a 1 s customTimeout", d)
	}
}

func TestDeleteAndUpdateTakeTheirTimeouts(t *testing.T) {
	state := props(map[string]any{"create": "true", "delete": "true", "stdout": "", "stderr": ""})
	state["connection"] = unreachable(t)
	s := New("1.2.1", nil)
	if _, err := s.Delete(context.Background(), &pulumirpc.DeleteRequest{
		Urn: urn, Properties: must(t, state), Timeout: 1,
	}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("delete error = %v", err)
	}
	if _, err := s.Update(context.Background(), &pulumirpc.UpdateRequest{
		Urn: urn, Olds: must(t, state), News: must(t, state), Timeout: 1,
	}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("update error = %v", err)
	}
}

func TestCancelEndsOperationsInFlightAndLater(t *testing.T) {
	s := New("1.2.1", nil)
	done := make(chan error, 1)
	go func() {
		_, err := s.Create(context.Background(), createRequest(t, 0))
		done <- err
	}()
	time.Sleep(300 * time.Millisecond)
	if _, err := s.Cancel(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("in-flight create error = %v, want canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Cancel did not end the create in flight")
	}
	// A later operation is canceled before it dials.
	_, err := s.Create(context.Background(), createRequest(t, 0))
	if err == nil || !strings.Contains(err.Error(), context.Canceled.Error()) {
		t.Errorf("later create error = %v", err)
	}
}
