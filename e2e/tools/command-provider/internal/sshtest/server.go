// Package sshtest is an SSH server for tests: it listens on 127.0.0.1, accepts one client key and one password,
// runs exec requests with /bin/sh and records what each run received.
package sshtest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
)

// Exec is one exec request as the server saw it.
type Exec struct {
	Command string
	Env     map[string]string
	Stdin   string
}

// Options tune the server.
type Options struct {
	// AcceptEnv lists the variables the server accepts (OpenSSH's AcceptEnv); others are refused.
	AcceptEnv []string
	// ClientKeyPassphrase, when set, encrypts ClientKey with it.
	ClientKeyPassphrase string
}

// Server is a running test SSH server.
type Server struct {
	Host     string
	Port     int
	Password string
	// ClientKey is the PEM private key the server accepts.
	ClientKey string
	hostKey   ssh.Signer
	opts      Options

	mu          sync.Mutex
	execs       []Exec
	connections int
}

// NewKey returns a fresh ed25519 key as a signer and as an unencrypted (or, with a passphrase, encrypted) PEM.
func NewKey(t testing.TB, passphrase string) (ssh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	var block *pem.Block
	if passphrase == "" {
		block, err = ssh.MarshalPrivateKey(priv, "")
	} else {
		block, err = ssh.MarshalPrivateKeyWithPassphrase(priv, "", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	return signer, string(pem.EncodeToMemory(block))
}

// AuthorizedKey is key's authorized_keys line, without the trailing newline.
func AuthorizedKey(key ssh.PublicKey) string {
	return strings.TrimSuffix(string(ssh.MarshalAuthorizedKey(key)), "\n")
}

// Start runs a server until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	hostKey, _ := NewKey(t, "")
	clientSigner, clientPEM := NewKey(t, opts.ClientKeyPassphrase)
	s := &Server{Password: "s3cret-pw", ClientKey: clientPEM, hostKey: hostKey, opts: opts}
	config := &ssh.ServerConfig{
		PublicKeyCallback: func(_ ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			if string(key.Marshal()) == string(clientSigner.PublicKey().Marshal()) {
				return nil, nil
			}
			return nil, errors.New("unknown key")
		},
		PasswordCallback: func(_ ssh.ConnMetadata, password []byte) (*ssh.Permissions, error) {
			if string(password) == s.Password {
				return nil, nil
			}
			return nil, errors.New("wrong password")
		},
	}
	config.AddHostKey(hostKey)
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = listener.Close() })
	addr := listener.Addr().(*net.TCPAddr)
	s.Host, s.Port = addr.IP.String(), addr.Port
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.connections++
			s.mu.Unlock()
			go s.serve(conn, config)
		}
	}()
	return s
}

// HostKey is the server's public host key.
func (s *Server) HostKey() ssh.PublicKey { return s.hostKey.PublicKey() }

// Execs are the exec requests run so far.
func (s *Server) Execs() []Exec {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.execs)
}

// Connections counts accepted TCP connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connections
}

func (s *Server) serve(conn net.Conn, config *ssh.ServerConfig) {
	defer conn.Close()
	_, chans, reqs, err := ssh.NewServerConn(conn, config)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	for newChannel := range chans {
		if newChannel.ChannelType() != "session" {
			_ = newChannel.Reject(ssh.UnknownChannelType, "only sessions")
			continue
		}
		channel, requests, err := newChannel.Accept()
		if err != nil {
			return
		}
		go s.session(channel, requests)
	}
}

func (s *Server) session(channel ssh.Channel, requests <-chan *ssh.Request) {
	defer channel.Close()
	env := map[string]string{}
	for req := range requests {
		switch req.Type {
		case "env":
			var kv struct{ Name, Value string }
			if err := ssh.Unmarshal(req.Payload, &kv); err != nil || !slices.Contains(s.opts.AcceptEnv, kv.Name) {
				_ = req.Reply(false, nil)
				continue
			}
			env[kv.Name] = kv.Value
			_ = req.Reply(true, nil)
		case "exec":
			var command struct{ Command string }
			if err := ssh.Unmarshal(req.Payload, &command); err != nil {
				_ = req.Reply(false, nil)
				continue
			}
			_ = req.Reply(true, nil)
			s.exec(channel, command.Command, env)
			return
		default:
			_ = req.Reply(false, nil)
		}
	}
}

func (s *Server) exec(channel ssh.Channel, command string, env map[string]string) {
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin"}
	for name, value := range env {
		cmd.Env = append(cmd.Env, name+"="+value)
	}
	var stdin strings.Builder
	cmd.Stdin = io.TeeReader(channel, &stdin)
	cmd.Stdout = channel
	cmd.Stderr = channel.Stderr()
	status := 0
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			status = 255
		} else {
			status = exitErr.ExitCode()
		}
	}
	s.mu.Lock()
	s.execs = append(s.execs, Exec{Command: command, Env: env, Stdin: stdin.String()})
	s.mu.Unlock()
	_, _ = channel.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{uint32(status)}))
}

// Endpoint is host:port.
func (s *Server) Endpoint() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }
