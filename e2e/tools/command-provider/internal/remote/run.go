package remote

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
)

// The variables that carry the previous run's output (addPreviousOutputInEnv).
const (
	PreviousStdoutVar = "PULUMI_COMMAND_STDOUT"
	PreviousStderrVar = "PULUMI_COMMAND_STDERR"
)

// Command is one run of `create`, `update` or `delete`.
type Command struct {
	Connection Connection
	Script     string
	// Stdin is fed to the process and then closed; nil or empty feeds nothing.
	Stdin       *string
	Environment map[string]string
	// PreviousStdout/PreviousStderr are set in the environment when non-empty; a refusal is only a warning.
	PreviousStdout, PreviousStderr string
	LogStdout, LogStderr           bool
	// ScriptLabel is how errors name the command: the script itself, or a placeholder when it is secret.
	ScriptLabel string
	// Withheld, when non-empty, says why the process's output may carry a secret: it is then neither logged
	// nor quoted in errors (it still becomes the stdout/stderr outputs, as upstream).
	Withheld string
}

// Output is what a successful run captured (one trailing newline trimmed, as upstream).
type Output struct{ Stdout, Stderr string }

// lockedBuffer interleaves stdout and stderr as they arrive, for error messages.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Run dials, runs the script in one session (exec request, no PTY) and waits for it.
// A non-zero exit fails with the exit status and the combined output, as upstream.
func Run(ctx context.Context, c Command, log Logger) (Output, error) {
	client, err := c.Connection.Dial(ctx, log)
	if err != nil {
		return Output{}, err
	}
	defer client.Close()
	session, err := client.NewSession()
	if err != nil {
		return Output{}, err
	}
	defer session.Close()

	names := make([]string, 0, len(c.Environment))
	for name := range c.Environment {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := session.Setenv(name, c.Environment[name]); err != nil {
			log.Error(setenvAdvice(name))
			return Output{}, fmt.Errorf("could not set environment variable %q: %w", name, err)
		}
	}
	for _, v := range []struct{ name, value string }{
		{PreviousStdoutVar, c.PreviousStdout}, {PreviousStderrVar, c.PreviousStderr},
	} {
		if v.value == "" {
			continue
		}
		if err := session.Setenv(v.name, v.value); err != nil {
			log.Warning(setenvAdvice(v.name))
		}
	}
	if c.Stdin != nil && *c.Stdin != "" {
		session.Stdin = strings.NewReader(*c.Stdin)
	}

	var stdout, stderr bytes.Buffer
	var combined lockedBuffer
	logged, logWriter := io.Pipe()
	stdoutWriters := []io.Writer{&stdout, &combined}
	stderrWriters := []io.Writer{&stderr, &combined}
	if c.Withheld == "" && c.LogStdout {
		stdoutWriters = append(stdoutWriters, logWriter)
	}
	if c.Withheld == "" && c.LogStderr {
		stderrWriters = append(stderrWriters, logWriter)
	}
	session.Stdout = io.MultiWriter(stdoutWriters...)
	session.Stderr = io.MultiWriter(stderrWriters...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		scanner := bufio.NewScanner(logged)
		for scanner.Scan() {
			log.Status(scanner.Text())
		}
		_, _ = io.Copy(io.Discard, logged)
	}()

	err = session.Run(c.Script)
	_ = logWriter.Close()
	<-done
	if err != nil {
		output := combined.String()
		if c.Withheld != "" {
			output = fmt.Sprintf("[output withheld: %s]", c.Withheld)
		}
		return Output{}, fmt.Errorf("%w: running %q:\n%s", err, c.ScriptLabel, output)
	}
	return Output{
		Stdout: strings.TrimSuffix(stdout.String(), "\n"),
		Stderr: strings.TrimSuffix(stderr.String(), "\n"),
	}, nil
}

func setenvAdvice(name string) string {
	return fmt.Sprintf("Unable to set '%s'. This only works if your SSH server is configured to accept these "+
		"variables via AcceptEnv. Alternatively, if a Bash-like shell runs the command on the remote host, you "+
		"could prefix the command itself with the variables in the form 'VAR=value command'", name)
}
