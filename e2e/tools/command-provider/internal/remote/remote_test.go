package remote

import (
	"bufio"
	"context"
	"net"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"bgp-fabric/e2e/tools/command-provider/internal/sshtest"
)

type recorder struct {
	mu                       sync.Mutex
	status, warnings, errors []string
}

func (r *recorder) Status(msg string) { r.mu.Lock(); r.status = append(r.status, msg); r.mu.Unlock() }
func (r *recorder) Warning(msg string) {
	r.mu.Lock()
	r.warnings = append(r.warnings, msg)
	r.mu.Unlock()
}
func (r *recorder) Error(msg string) { r.mu.Lock(); r.errors = append(r.errors, msg); r.mu.Unlock() }

func connection(s *sshtest.Server) Connection {
	return Connection{Host: s.Host, Port: s.Port, User: "root", PrivateKey: &s.ClientKey, DialErrorLimit: 10,
		PerDialTimeout: 15}
}

// listen accepts TCP connections, counts them and hands each to handle.
func listen(t *testing.T, handle func(net.Conn)) (host string, port int, accepted func() int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	var mu sync.Mutex
	count := 0
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			count++
			mu.Unlock()
			go handle(conn)
		}
	}()
	addr := l.Addr().(*net.TCPAddr)
	return addr.IP.String(), addr.Port, func() int { mu.Lock(); defer mu.Unlock(); return count }
}

// hangUp reads the client's version line, then closes: the client's handshake reads EOF.
func hangUp(c net.Conn) {
	_, _ = bufio.NewReader(c).ReadString('\n')
	_ = c.Close()
}

func TestDialRetriesUpToTheLimit(t *testing.T) {
	host, port, accepted := listen(t, hangUp)
	log := &recorder{}
	conn := Connection{Host: host, Port: port, User: "root", DialErrorLimit: 2, PerDialTimeout: 15}
	_, err := conn.Dial(context.Background(), log)
	if err == nil || err.Error() != "after 3 failed attempts: ssh: handshake failed: EOF" {
		t.Fatalf("error = %v", err)
	}
	if accepted() != 3 {
		t.Errorf("dials = %d, want 3 (the limit tolerates 2 failures)", accepted())
	}
	if want := []string{"Dial 1/2 failed: retrying", "Dial 2/2 failed: retrying"}; !reflect.DeepEqual(log.status, want) {
		t.Errorf("status = %q, want %q", log.status, want)
	}
}

func TestDialErrorLimitZeroDialsOnce(t *testing.T) {
	host, port, accepted := listen(t, hangUp)
	conn := Connection{Host: host, Port: port, User: "root", DialErrorLimit: 0, PerDialTimeout: 15}
	_, err := conn.Dial(context.Background(), &recorder{})
	if err == nil || err.Error() != "after 1 failed attempts: ssh: handshake failed: EOF" || accepted() != 1 {
		t.Fatalf("error = %v, dials = %d", err, accepted())
	}
}

func TestPerDialTimeoutBoundsTheHandshake(t *testing.T) {
	// A server that accepts and never speaks: only the per-dial timeout ends the attempt.
	host, port, _ := listen(t, func(c net.Conn) { time.Sleep(10 * time.Second); _ = c.Close() })
	conn := Connection{Host: host, Port: port, User: "root", DialErrorLimit: 0, PerDialTimeout: 1}
	start := time.Now()
	_, err := conn.Dial(context.Background(), &recorder{})
	elapsed := time.Since(start)
	if err == nil || !strings.HasPrefix(err.Error(), "after 1 failed attempts: ssh: handshake failed: ") ||
		!strings.HasSuffix(err.Error(), "i/o timeout") {
		t.Fatalf("error = %v", err)
	}
	if elapsed < time.Second || elapsed > 3*time.Second {
		t.Errorf("took %v, want about 1 s", elapsed)
	}
}

func TestDialStopsWhenCancelled(t *testing.T) {
	host, port, _ := listen(t, hangUp)
	conn := Connection{Host: host, Port: port, User: "root", DialErrorLimit: -1, PerDialTimeout: 15}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := conn.Dial(ctx, &recorder{})
	if err != context.DeadlineExceeded {
		t.Fatalf("error = %v, want %v", err, context.DeadlineExceeded)
	}
}

func TestHostKeyPinned(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{})
	conn := connection(s)
	good := sshtest.AuthorizedKey(s.HostKey()) + " switch-1"
	conn.HostKey = &good
	out, err := Run(context.Background(), Command{Connection: conn, Script: "echo ok", ScriptLabel: "echo ok"},
		&recorder{})
	if err != nil || out != (Output{Stdout: "ok"}) {
		t.Fatalf("out = %+v, err = %v", out, err)
	}
}

func TestHostKeyMismatchIsRefusedWithoutRetry(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{})
	other, _ := sshtest.NewKey(t, "")
	conn := connection(s)
	pinned := sshtest.AuthorizedKey(other.PublicKey())
	conn.HostKey = &pinned
	_, err := Run(context.Background(), Command{Connection: conn, Script: "echo ok", ScriptLabel: "echo ok"},
		&recorder{})
	want := "ssh: handshake failed: host key mismatch: " + s.Endpoint() + " presented ssh-ed25519 " +
		ssh.FingerprintSHA256(s.HostKey()) + ", connection.hostKey expects ssh-ed25519 " +
		ssh.FingerprintSHA256(other.PublicKey())
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant %s", err, want)
	}
	if s.Connections() != 1 || len(s.Execs()) != 0 {
		t.Errorf("connections = %d, execs = %d; want 1 and 0", s.Connections(), len(s.Execs()))
	}
}

func TestPasswordAndEncryptedKeyAuthenticate(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{})
	byPassword := Connection{Host: s.Host, Port: s.Port, User: "admin", Password: &s.Password, DialErrorLimit: 0,
		PerDialTimeout: 5}
	if out, err := Run(context.Background(), Command{Connection: byPassword, Script: "echo pw"}, &recorder{}); err != nil ||
		out.Stdout != "pw" {
		t.Fatalf("password: out = %+v, err = %v", out, err)
	}
	encrypted := sshtest.Start(t, sshtest.Options{ClientKeyPassphrase: "key-pass"})
	byKey := connection(encrypted)
	passphrase := "key-pass"
	byKey.PrivateKeyPassword = &passphrase
	if out, err := Run(context.Background(), Command{Connection: byKey, Script: "echo key"}, &recorder{}); err != nil ||
		out.Stdout != "key" {
		t.Fatalf("encrypted key: out = %+v, err = %v", out, err)
	}
	byKey.PrivateKeyPassword = nil
	_, err := Run(context.Background(), Command{Connection: byKey, Script: "echo key"}, &recorder{})
	if err == nil || err.Error() != "connection.privateKey: ssh: this private key is passphrase protected" {
		t.Fatalf("encrypted key without passphrase: err = %v", err)
	}

	wrong := "nope"
	byPassword.Password = &wrong
	_, err = Run(context.Background(), Command{Connection: byPassword, Script: "echo pw"}, &recorder{})
	if err == nil || !strings.HasPrefix(err.Error(), "after 1 failed attempts: ssh: handshake failed: ssh: unable to authenticate") {
		t.Fatalf("wrong password: err = %v", err)
	}
}

func TestEnvironmentRefusedFailsPreviousOutputRefusedWarns(t *testing.T) {
	s := sshtest.Start(t, sshtest.Options{AcceptEnv: []string{"ZONE"}})
	log := &recorder{}
	_, err := Run(context.Background(), Command{Connection: connection(s), Script: "true", ScriptLabel: "true",
		Environment: map[string]string{"ZONE": "z1", "OTHER": "x"}}, log)
	if err == nil || err.Error() != `could not set environment variable "OTHER": ssh: setenv failed` {
		t.Fatalf("error = %v", err)
	}
	if len(log.errors) != 1 || !strings.HasPrefix(log.errors[0], "Unable to set 'OTHER'.") {
		t.Errorf("errors = %q", log.errors)
	}

	log = &recorder{}
	out, err := Run(context.Background(), Command{Connection: connection(s), Script: `echo "$ZONE"`,
		Environment: map[string]string{"ZONE": "z1"}, PreviousStdout: "old"}, log)
	if err != nil || out.Stdout != "z1" {
		t.Fatalf("out = %+v, err = %v", out, err)
	}
	if len(log.warnings) != 1 || !strings.HasPrefix(log.warnings[0], "Unable to set 'PULUMI_COMMAND_STDOUT'.") {
		t.Errorf("warnings = %q", log.warnings)
	}
}
