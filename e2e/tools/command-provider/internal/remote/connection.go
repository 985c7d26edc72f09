// Package remote runs one command on a host over SSH, the way pulumi-command 1.2.1's remote:Command does
// (provider/pkg/provider/remote/connection.go and commandOutputs.go upstream).
package remote

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/retry"
	"golang.org/x/crypto/ssh"
)

// Connection holds the checked `connection` input (defaults already applied).
type Connection struct {
	Host               string
	Port               int
	User               string
	Password           *string
	PrivateKey         *string
	PrivateKeyPassword *string
	HostKey            *string
	// DialErrorLimit is how many failed dials are tolerated: the dial after the limit-th failure is the last one.
	// -1 is unlimited (until the operation is cancelled).
	DialErrorLimit int
	// PerDialTimeout bounds one dial (TCP connect and SSH handshake), in seconds; 0 is no bound.
	PerDialTimeout int
}

// Logger receives the provider's diagnostics for one resource operation.
type Logger interface {
	// Status is an ephemeral progress line (the command's output, dial retries).
	Status(msg string)
	// Warning is kept in the update's diagnostics.
	Warning(msg string)
	// Error is kept in the update's diagnostics.
	Error(msg string)
}

// ParseHostKey parses an authorized_keys line ("ssh-ed25519 AAAA… [comment]").
func ParseHostKey(line string) (ssh.PublicKey, error) {
	key, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return nil, fmt.Errorf("failed to parse host key: %w", err)
	}
	return key, nil
}

// hostKeyAlgorithms are the signature algorithms to negotiate for a pinned key: an RSA key signs with SHA-2
// (OpenSSH refuses SHA-1 "ssh-rsa" by default), every other key type has exactly one algorithm.
func hostKeyAlgorithms(key ssh.PublicKey) []string {
	if key.Type() == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{key.Type()}
}

// errHostKeyMismatch marks a dial that reached a server holding another key: retrying cannot help.
var errHostKeyMismatch = errors.New("host key mismatch")

func (c Connection) endpoint() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }

func (c Connection) clientConfig() (*ssh.ClientConfig, error) {
	config := &ssh.ClientConfig{User: c.User}
	if c.HostKey == nil {
		// As upstream: without connection.hostKey the server's key is not checked.
		config.HostKeyCallback = ssh.InsecureIgnoreHostKey() //nolint:gosec // documented upstream behaviour
	} else {
		want, err := ParseHostKey(*c.HostKey)
		if err != nil {
			return nil, err
		}
		config.HostKeyAlgorithms = hostKeyAlgorithms(want)
		config.HostKeyCallback = func(_ string, _ net.Addr, got ssh.PublicKey) error {
			if bytes.Equal(got.Marshal(), want.Marshal()) {
				return nil
			}
			return fmt.Errorf("%w: %s presented %s %s, connection.hostKey expects %s %s", errHostKeyMismatch,
				c.endpoint(), got.Type(), ssh.FingerprintSHA256(got), want.Type(), ssh.FingerprintSHA256(want))
		}
	}
	if c.PrivateKey != nil {
		var signer ssh.Signer
		var err error
		if c.PrivateKeyPassword != nil {
			signer, err = ssh.ParsePrivateKeyWithPassphrase([]byte(*c.PrivateKey), []byte(*c.PrivateKeyPassword))
		} else {
			signer, err = ssh.ParsePrivateKey([]byte(*c.PrivateKey))
		}
		if err != nil {
			// The parser's errors never quote the key.
			return nil, fmt.Errorf("connection.privateKey: %w", err)
		}
		config.Auth = append(config.Auth, ssh.PublicKeys(signer))
	}
	if c.Password != nil {
		password := *c.Password
		config.Auth = append(config.Auth, ssh.Password(password),
			ssh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
				answers := make([]string, len(questions))
				for i := range answers {
					answers[i] = password
				}
				return answers, nil
			}))
	}
	return config, nil
}

// dialOnce connects and completes the SSH handshake within PerDialTimeout.
func (c Connection) dialOnce(ctx context.Context, config *ssh.ClientConfig) (*ssh.Client, error) {
	timeout := time.Duration(c.PerDialTimeout) * time.Second
	dialer := net.Dialer{Timeout: timeout}
	conn, err := dialer.DialContext(ctx, "tcp", c.endpoint())
	if err != nil {
		return nil, err
	}
	if timeout > 0 {
		_ = conn.SetDeadline(time.Now().Add(timeout))
	}
	sshConn, chans, reqs, err := ssh.NewClientConn(conn, c.endpoint(), config)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return ssh.NewClient(sshConn, chans, reqs), nil
}

// Dial connects, retrying failed dials with backoff (100 ms growing 1.5x up to 5 s, as upstream) until
// DialErrorLimit failures have been tolerated. A host key mismatch is not retried.
func (c Connection) Dial(ctx context.Context, log Logger) (*ssh.Client, error) {
	config, err := c.clientConfig()
	if err != nil {
		return nil, err
	}
	limit := "inf"
	if c.DialErrorLimit >= 0 {
		limit = strconv.Itoa(c.DialErrorLimit)
	}
	var client *ssh.Client
	ok, _, err := retry.Until(ctx, retry.Acceptor{
		Accept: func(try int, _ time.Duration) (bool, any, error) {
			var dialErr error
			client, dialErr = c.dialOnce(ctx, config)
			if dialErr == nil {
				return true, nil, nil
			}
			failures := try + 1
			if errors.Is(dialErr, errHostKeyMismatch) {
				return false, nil, dialErr
			}
			if c.DialErrorLimit >= 0 && failures > c.DialErrorLimit {
				return false, nil, fmt.Errorf("after %d failed attempts: %w", failures, dialErr)
			}
			log.Status(fmt.Sprintf("Dial %d/%s failed: retrying", failures, limit))
			return false, nil, nil
		},
	})
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ctx.Err()
	}
	return client, nil
}
