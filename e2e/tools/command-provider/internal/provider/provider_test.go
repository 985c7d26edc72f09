package provider

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"bgp-fabric/e2e/tools/command-provider/internal/sshtest"
)

const urn = "urn:pulumi:lab::bgp-fabric::command:remote:Command::z1-core1-base"

type logs struct {
	mu   sync.Mutex
	reqs []*pulumirpc.LogRequest
}

func (l *logs) Log(_ context.Context, req *pulumirpc.LogRequest) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = append(l.reqs, req)
	return nil
}

// messages are the logged messages of one severity, sorted (stdout and stderr lines may interleave).
func (l *logs) messages(severity pulumirpc.LogSeverity) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, r := range l.reqs {
		if r.GetSeverity() == severity {
			if r.GetUrn() != urn {
				panic("log without the resource's URN: " + r.GetUrn())
			}
			out = append(out, r.GetMessage())
		}
	}
	slices.Sort(out)
	return out
}

func (l *logs) all() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, r := range l.reqs {
		b.WriteString(r.GetMessage() + "\n")
	}
	return b.String()
}

func props(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }

func secret(v any) resource.PropertyValue { return resource.MakeSecret(resource.NewPropertyValue(v)) }

func wireOf(t *testing.T, m resource.PropertyMap) *pulumirpc.CreateRequest {
	t.Helper()
	s, err := marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return &pulumirpc.CreateRequest{Urn: urn, Properties: s}
}

func must(t *testing.T, m resource.PropertyMap) *structpb.Struct {
	t.Helper()
	s, err := marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fromWire(t *testing.T, s *structpb.Struct) resource.PropertyMap {
	t.Helper()
	m, err := unmarshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func equal(t *testing.T, what string, got, want resource.PropertyMap) {
	t.Helper()
	if !got.DeepEquals(want) || len(got) != len(want) {
		t.Errorf("%s:\n got %v\nwant %v", what, got, want)
	}
}

// connectionTo is a checked connection to the test server (secret, with defaults), as the engine sends it.
func connectionTo(s *sshtest.Server) resource.PropertyValue {
	return resource.MakeSecret(resource.NewProperty(resource.PropertyMap{
		"host": resource.NewProperty(s.Host), "port": resource.NewProperty(float64(s.Port)),
		"user": resource.NewProperty("root"), "privateKey": secret(s.ClientKey),
		"dialErrorLimit": resource.NewProperty(0.0), "perDialTimeout": resource.NewProperty(5.0),
	}))
}

func check(t *testing.T, news resource.PropertyMap) *pulumirpc.CheckResponse {
	t.Helper()
	resp, err := New("1.2.1", nil).Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn, News: must(t, news)})
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// failures are a Check response's (property, reason) pairs, in order.
func failures(resp *pulumirpc.CheckResponse) [][2]string {
	var out [][2]string
	for _, f := range resp.GetFailures() {
		out = append(out, [2]string{f.GetProperty(), f.GetReason()})
	}
	return out
}

func TestPluginInfoAndSchema(t *testing.T) {
	s := New("1.2.1", nil)
	info, err := s.GetPluginInfo(context.Background(), &emptypb.Empty{})
	if err != nil || info.GetVersion() != "1.2.1" {
		t.Fatalf("info = %v, err = %v", info, err)
	}
	resp, err := s.GetSchema(context.Background(), &pulumirpc.GetSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Name      string
		Version   string
		Resources map[string]struct {
			RequiredInputs  []string
			InputProperties map[string]struct{ ReplaceOnChanges bool }
		}
	}
	if err := json.Unmarshal([]byte(resp.GetSchema()), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Resources["command:remote:Command"]
	if doc.Name != "command" || doc.Version != "1.2.1" || !reflect.DeepEqual(r.RequiredInputs, []string{"connection"}) ||
		!r.InputProperties["triggers"].ReplaceOnChanges || r.InputProperties["create"].ReplaceOnChanges {
		t.Errorf("schema = %+v", doc)
	}
	cfg, err := s.Configure(context.Background(), &pulumirpc.ConfigureRequest{})
	if err != nil || !cfg.GetAcceptSecrets() || !cfg.GetSupportsPreview() {
		t.Errorf("configure = %v, err = %v", cfg, err)
	}
}

func TestCheckFillsDefaultsAndMarksTheConnectionSecret(t *testing.T) {
	news := props(map[string]any{"create": "vtysh -c 'show bgp summary'", "triggers": []any{"65001"}})
	news["connection"] = resource.NewProperty(props(map[string]any{"host": "10.0.0.1", "privateKey": "KEY"}))
	resp := check(t, news)
	if len(resp.GetFailures()) != 0 {
		t.Fatalf("failures = %v", resp.GetFailures())
	}
	want := props(map[string]any{"create": "vtysh -c 'show bgp summary'", "triggers": []any{"65001"}})
	want["connection"] = resource.MakeSecret(resource.NewProperty(resource.PropertyMap{
		"host": resource.NewProperty("10.0.0.1"), "privateKey": secret("KEY"),
		"port": resource.NewProperty(22.0), "user": resource.NewProperty("root"),
		"dialErrorLimit": resource.NewProperty(10.0), "perDialTimeout": resource.NewProperty(15.0),
	}))
	equal(t, "checked inputs", fromWire(t, resp.GetInputs()), want)
}

func TestCheckReportsEveryProblemWithoutQuotingValues(t *testing.T) {
	news := props(map[string]any{"logging": "everything", "stdin": 3.0, "shell": "bash"})
	news["connection"] = secret(map[string]any{
		"port": 70000.0, "hostKey": "not-a-key", "proxy": map[string]any{"host": "bastion"}, "dialErrorLimit": -2.0,
	})
	resp := check(t, news)
	want := [][2]string{
		{"shell", "shell is not an input of command:remote:Command"},
		{"stdin", "stdin must be a string, not number"},
		{"logging", "logging must be one of stdout, stderr, stdoutAndStderr, none"},
		{"connection.proxy", "connection.proxy: bastion hosts are not supported by this stand-in provider"},
		{"connection.host", "connection.host is required: the address of the SSH server"},
		{"connection.port", "connection.port must be an integer from 1 to 65535"},
		{"connection.hostKey", "connection.hostKey must be one authorized_keys line (\"ssh-ed25519 AAAA…\"): " +
			"failed to parse host key: ssh: no key found"},
		{"connection.dialErrorLimit", "connection.dialErrorLimit must be an integer of at least -1"},
	}
	if got := failures(resp); !reflect.DeepEqual(got, want) {
		t.Errorf("failures:\n got %q\nwant %q", got, want)
	}
}

func TestCheckRefusesMistypedNumbers(t *testing.T) {
	news := props(map[string]any{"addPreviousOutputInEnv": "yes", "environment": map[string]any{"A": 1.0}})
	news["connection"] = resource.NewProperty(props(map[string]any{"host": "h", "port": "22", "perDialTimeout": 1.5}))
	resp := check(t, news)
	want := [][2]string{
		{"addPreviousOutputInEnv", "addPreviousOutputInEnv must be a boolean, not string"},
		{"environment.A", "environment.A must be a string, not number"},
		{"connection.port", "connection.port must be an integer from 1 to 65535"},
		{"connection.perDialTimeout", "connection.perDialTimeout must be an integer of at least 0"},
	}
	if got := failures(resp); !reflect.DeepEqual(got, want) {
		t.Errorf("failures:\n got %q\nwant %q", got, want)
	}
}

func TestCheckAcceptsUnknownsInPreview(t *testing.T) {
	news := props(map[string]any{"create": "true"})
	news["connection"] = resource.NewProperty(resource.PropertyMap{
		"host": resource.MakeComputed(resource.NewProperty("")),
	})
	news["stdin"] = resource.MakeComputed(resource.NewProperty(""))
	resp := check(t, news)
	if len(resp.GetFailures()) != 0 {
		t.Fatalf("failures = %v", resp.GetFailures())
	}
}

func TestCreateRunsTheCommandWithStdin(t *testing.T) {
	server := sshtest.Start(t, sshtest.Options{})
	host := &logs{}
	inputs := props(map[string]any{"create": "cat; echo warn >&2", "stdin": "router bgp 65001\nexit\n"})
	inputs["connection"] = connectionTo(server)
	resp, err := New("1.2.1", host).Create(context.Background(), wireOf(t, inputs))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(resp.GetId(), "z1-core1-base") || len(resp.GetId()) != len("z1-core1-base")+8 {
		t.Errorf("id = %q, want the name and 8 hex digits", resp.GetId())
	}
	want := inputs.Copy()
	want["stdout"] = resource.NewProperty("router bgp 65001\nexit")
	want["stderr"] = resource.NewProperty("warn")
	equal(t, "outputs", fromWire(t, resp.GetProperties()), want)
	wantExecs := []sshtest.Exec{{Command: "cat; echo warn >&2", Env: map[string]string{}, Stdin: "router bgp 65001\nexit\n"}}
	if !reflect.DeepEqual(server.Execs(), wantExecs) {
		t.Errorf("execs = %+v", server.Execs())
	}
	if got, want := host.messages(pulumirpc.LogSeverity_INFO), []string{"exit", "router bgp 65001", "warn"}; !reflect.DeepEqual(got, want) {
		t.Errorf("logged = %q, want %q", got, want)
	}
}

func TestCreateLoggingNoneLogsNothing(t *testing.T) {
	server := sshtest.Start(t, sshtest.Options{})
	host := &logs{}
	inputs := props(map[string]any{"create": "echo hi", "logging": "none"})
	inputs["connection"] = connectionTo(server)
	if _, err := New("1.2.1", host).Create(context.Background(), wireOf(t, inputs)); err != nil {
		t.Fatal(err)
	}
	if host.all() != "" {
		t.Errorf("logged %q", host.all())
	}
}

func TestCreateFailsWithTheExitStatusAndOutput(t *testing.T) {
	server := sshtest.Start(t, sshtest.Options{})
	inputs := props(map[string]any{"create": "echo partial; sleep 0.2; echo 'no such neighbor' >&2; exit 3"})
	inputs["connection"] = connectionTo(server)
	resp, err := New("1.2.1", &logs{}).Create(context.Background(), wireOf(t, inputs))
	want := "Process exited with status 3: running \"echo partial; sleep 0.2; echo 'no such neighbor' >&2; exit 3\":\n" +
		"partial\nno such neighbor\n"
	if err == nil || err.Error() != want || resp != nil {
		t.Fatalf("resp = %v, error = %v\nwant %q", resp, err, want)
	}
}

func TestCreatePreviewRunsNothingAndLeavesOutputsUnknown(t *testing.T) {
	server := sshtest.Start(t, sshtest.Options{})
	inputs := props(map[string]any{"create": "echo hi"})
	inputs["connection"] = connectionTo(server)
	req := wireOf(t, inputs)
	req.Preview = true
	resp, err := New("1.2.1", nil).Create(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	want := inputs.Copy()
	want["stdout"] = resource.MakeComputed(resource.NewProperty(""))
	want["stderr"] = resource.MakeComputed(resource.NewProperty(""))
	equal(t, "preview outputs", fromWire(t, resp.GetProperties()), want)
	if server.Connections() != 0 {
		t.Errorf("preview connected %d times", server.Connections())
	}
}

func TestCreateWithoutCreateRunsNothing(t *testing.T) {
	server := sshtest.Start(t, sshtest.Options{})
	inputs := props(map[string]any{"delete": "echo bye"})
	inputs["connection"] = connectionTo(server)
	resp, err := New("1.2.1", nil).Create(context.Background(), wireOf(t, inputs))
	if err != nil {
		t.Fatal(err)
	}
	want := inputs.Copy()
	want["stdout"], want["stderr"] = resource.NewProperty(""), resource.NewProperty("")
	equal(t, "outputs", fromWire(t, resp.GetProperties()), want)
	if server.Connections() != 0 {
		t.Errorf("connected %d times", server.Connections())
	}
}

func TestSecretsStaySecretAndOutOfLogs(t *testing.T) {
	server := sshtest.Start(t, sshtest.Options{AcceptEnv: []string{"ZONE", "TOKEN"}})
	host := &logs{}
	inputs := props(map[string]any{"create": `cat; echo "$TOKEN" >&2`})
	inputs["connection"] = connectionTo(server)
	inputs["stdin"] = secret("neighbor 10.0.0.2 password md5-pw\n")
	inputs["environment"] = resource.NewProperty(resource.PropertyMap{
		"ZONE": resource.NewProperty("z1"), "TOKEN": secret("tok-123"),
	})
	resp, err := New("1.2.1", host).Create(context.Background(), wireOf(t, inputs))
	if err != nil {
		t.Fatal(err)
	}
	// Every input keeps its secretness; stdout/stderr are plain, as upstream (additionalSecretOutputs makes
	// them secret, in the engine).
	want := inputs.Copy()
	want["stdout"] = resource.NewProperty("neighbor 10.0.0.2 password md5-pw")
	want["stderr"] = resource.NewProperty("tok-123")
	equal(t, "outputs", fromWire(t, resp.GetProperties()), want)
	for _, leak := range []string{"md5-pw", "tok-123"} {
		if strings.Contains(host.all(), leak) {
			t.Errorf("logs carry %q: %q", leak, host.all())
		}
	}

	inputs["create"] = resource.NewProperty("cat; exit 1")
	_, err = New("1.2.1", host).Create(context.Background(), wireOf(t, inputs))
	if want := "Process exited with status 1: running \"cat; exit 1\":\n[output withheld: stdin is secret]"; err == nil ||
		err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}

	inputs = props(map[string]any{})
	inputs["connection"] = connectionTo(server)
	inputs["create"] = secret("echo secret-script; exit 2")
	_, err = New("1.2.1", host).Create(context.Background(), wireOf(t, inputs))
	if want := "Process exited with status 2: running \"[secret]\":\n[output withheld: the command is secret]"; err == nil ||
		err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	if strings.Contains(host.all(), "secret-script") {
		t.Errorf("logs carry the secret command's output: %q", host.all())
	}
}

func TestDiffUpdateVersusReplace(t *testing.T) {
	conn := secret(map[string]any{"host": "10.0.0.1", "port": 22.0})
	base := props(map[string]any{"create": "a", "delete": "d", "triggers": []any{"65001", "frr"}})
	base["connection"] = conn
	state := base.Copy()
	state["stdout"], state["stderr"] = resource.NewProperty("out"), resource.NewProperty("")
	type result struct {
		changes  pulumirpc.DiffResponse_DiffChanges
		replaces []string
		diffs    []string
		detailed map[string]pulumirpc.PropertyDiff_Kind
	}
	cases := []struct {
		name   string
		change func(resource.PropertyMap)
		ignore []string
		want   result
	}{
		{"nothing", func(resource.PropertyMap) {}, nil, result{changes: pulumirpc.DiffResponse_DIFF_NONE,
			detailed: map[string]pulumirpc.PropertyDiff_Kind{}}},
		{"create", func(m resource.PropertyMap) { m["create"] = resource.NewProperty("b") }, nil,
			result{pulumirpc.DiffResponse_DIFF_SOME, nil, []string{"create"},
				map[string]pulumirpc.PropertyDiff_Kind{"create": pulumirpc.PropertyDiff_UPDATE}}},
		{"stdin added", func(m resource.PropertyMap) { m["stdin"] = secret("x") }, nil,
			result{pulumirpc.DiffResponse_DIFF_SOME, nil, []string{"stdin"},
				map[string]pulumirpc.PropertyDiff_Kind{"stdin": pulumirpc.PropertyDiff_ADD}}},
		{"connection", func(m resource.PropertyMap) {
			m["connection"] = secret(map[string]any{"host": "10.0.0.9", "port": 22.0})
		}, nil, result{pulumirpc.DiffResponse_DIFF_SOME, nil, []string{"connection"},
			map[string]pulumirpc.PropertyDiff_Kind{"connection": pulumirpc.PropertyDiff_UPDATE}}},
		{"a trigger", func(m resource.PropertyMap) { m["triggers"] = props(map[string]any{"t": []any{"65002", "frr"}})["t"] },
			nil, result{pulumirpc.DiffResponse_DIFF_SOME, []string{"triggers"}, []string{"triggers"},
				map[string]pulumirpc.PropertyDiff_Kind{"triggers[0]": pulumirpc.PropertyDiff_UPDATE_REPLACE}}},
		{"triggers removed", func(m resource.PropertyMap) { delete(m, "triggers") }, nil,
			result{pulumirpc.DiffResponse_DIFF_SOME, []string{"triggers"}, []string{"triggers"},
				map[string]pulumirpc.PropertyDiff_Kind{"triggers": pulumirpc.PropertyDiff_DELETE_REPLACE}}},
		{"ignored", func(m resource.PropertyMap) { m["delete"] = resource.NewProperty("e") }, []string{"delete"},
			result{changes: pulumirpc.DiffResponse_DIFF_NONE, detailed: map[string]pulumirpc.PropertyDiff_Kind{}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			news := base.Copy()
			c.change(news)
			resp, err := New("1.2.1", nil).Diff(context.Background(), &pulumirpc.DiffRequest{
				Urn: urn, Olds: must(t, state), News: must(t, news), OldInputs: must(t, base), IgnoreChanges: c.ignore,
			})
			if err != nil {
				t.Fatal(err)
			}
			got := result{resp.GetChanges(), resp.GetReplaces(), resp.GetDiffs(), map[string]pulumirpc.PropertyDiff_Kind{}}
			for k, v := range resp.GetDetailedDiff() {
				got.detailed[k] = v.GetKind()
			}
			if !reflect.DeepEqual(got, c.want) || !resp.GetHasDetailedDiff() || resp.GetDeleteBeforeReplace() {
				t.Errorf("diff:\n got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

func TestDiffWithoutOldInputsUsesTheState(t *testing.T) {
	state := props(map[string]any{"create": "a", "stdout": "out", "stderr": ""})
	state["connection"] = secret(map[string]any{"host": "h"})
	news := state.Copy()
	delete(news, "stdout")
	delete(news, "stderr")
	resp, err := New("1.2.1", nil).Diff(context.Background(), &pulumirpc.DiffRequest{
		Urn: urn, Olds: must(t, state), News: must(t, news),
	})
	if err != nil || resp.GetChanges() != pulumirpc.DiffResponse_DIFF_NONE {
		t.Fatalf("resp = %v, err = %v", resp, err)
	}
}

func TestUpdateRunsUpdateOrCreateWithThePreviousOutput(t *testing.T) {
	server := sshtest.Start(t, sshtest.Options{AcceptEnv: []string{"PULUMI_COMMAND_STDOUT", "PULUMI_COMMAND_STDERR"}})
	olds := props(map[string]any{"create": "echo created", "stdout": "created", "stderr": "old-err"})
	olds["connection"] = connectionTo(server)
	update := func(news resource.PropertyMap, preview bool) (resource.PropertyMap, error) {
		resp, err := New("1.2.1", nil).Update(context.Background(), &pulumirpc.UpdateRequest{
			Urn: urn, Olds: must(t, olds), News: must(t, news), Preview: preview,
		})
		if err != nil {
			return nil, err
		}
		return fromWire(t, resp.GetProperties()), nil
	}

	news := props(map[string]any{"create": "echo created", "update": `echo "was $PULUMI_COMMAND_STDOUT"`})
	news["connection"] = connectionTo(server)
	got, err := update(news, false)
	if err != nil {
		t.Fatal(err)
	}
	want := news.Copy()
	want["stdout"], want["stderr"] = resource.NewProperty("was created"), resource.NewProperty("")
	equal(t, "update outputs", got, want)
	wantEnv := map[string]string{"PULUMI_COMMAND_STDOUT": "created", "PULUMI_COMMAND_STDERR": "old-err"}
	if execs := server.Execs(); len(execs) != 1 || execs[0].Command != `echo "was $PULUMI_COMMAND_STDOUT"` ||
		!reflect.DeepEqual(execs[0].Env, wantEnv) {
		t.Errorf("execs = %+v", execs)
	}

	// No update command: create runs again; addPreviousOutputInEnv=false sends no variables.
	news = props(map[string]any{"create": "echo again", "addPreviousOutputInEnv": false})
	news["connection"] = connectionTo(server)
	if got, err = update(news, false); err != nil || got["stdout"].StringValue() != "again" {
		t.Fatalf("outputs = %v, err = %v", got, err)
	}
	if execs := server.Execs(); len(execs) != 2 || execs[1].Command != "echo again" || len(execs[1].Env) != 0 {
		t.Errorf("execs = %+v", execs)
	}

	// Neither: nothing runs and the previous output stays.
	news = props(map[string]any{"delete": "echo bye"})
	news["connection"] = connectionTo(server)
	got, err = update(news, false)
	want = news.Copy()
	want["stdout"], want["stderr"] = resource.NewProperty("created"), resource.NewProperty("old-err")
	if err != nil || len(server.Execs()) != 2 {
		t.Fatalf("err = %v, execs = %d", err, len(server.Execs()))
	}
	equal(t, "outputs without a command", got, want)

	// Preview: nothing runs; a changed input makes the output unknown (upstream's framework, markComputed).
	news = props(map[string]any{"create": "echo other"})
	news["connection"] = connectionTo(server)
	got, err = update(news, true)
	want = news.Copy()
	want["stdout"] = resource.MakeComputed(resource.NewProperty(""))
	want["stderr"] = resource.MakeComputed(resource.NewProperty(""))
	if err != nil || len(server.Execs()) != 2 {
		t.Fatalf("err = %v, execs = %d", err, len(server.Execs()))
	}
	equal(t, "preview outputs", got, want)

	// Preview adding only an input the old state lacks: upstream's markComputed skips it, the old output stays.
	news = olds.Copy()
	news["delete"] = resource.NewProperty("echo bye")
	delete(news, "stdout")
	delete(news, "stderr")
	got, err = update(news, true)
	want = news.Copy()
	want["stdout"], want["stderr"] = resource.NewProperty("created"), resource.NewProperty("old-err")
	if err != nil || len(server.Execs()) != 2 {
		t.Fatalf("err = %v, execs = %d", err, len(server.Execs()))
	}
	equal(t, "preview outputs, input added", got, want)

	// A failing update is an error; the engine keeps the old state.
	news = props(map[string]any{"create": "exit 4"})
	news["connection"] = connectionTo(server)
	if _, err = update(news, false); err == nil || err.Error() != "Process exited with status 4: running \"exit 4\":\n" {
		t.Errorf("error = %v", err)
	}
}

func TestDeleteRunsTheStoredDeleteWithStdin(t *testing.T) {
	server := sshtest.Start(t, sshtest.Options{})
	state := props(map[string]any{"create": "cat", "delete": "cat; echo removed", "stdin": "conf\n",
		"stdout": "conf", "stderr": "", "addPreviousOutputInEnv": false})
	state["connection"] = connectionTo(server)
	if _, err := New("1.2.1", nil).Delete(context.Background(),
		&pulumirpc.DeleteRequest{Urn: urn, Properties: must(t, state)}); err != nil {
		t.Fatal(err)
	}
	want := []sshtest.Exec{{Command: "cat; echo removed", Env: map[string]string{}, Stdin: "conf\n"}}
	if !reflect.DeepEqual(server.Execs(), want) {
		t.Errorf("execs = %+v", server.Execs())
	}

	delete(state, "delete")
	if _, err := New("1.2.1", nil).Delete(context.Background(),
		&pulumirpc.DeleteRequest{Urn: urn, Properties: must(t, state)}); err != nil || len(server.Execs()) != 1 {
		t.Errorf("err = %v, execs = %d", err, len(server.Execs()))
	}

	state["delete"] = resource.NewProperty("exit 5")
	_, err := New("1.2.1", nil).Delete(context.Background(), &pulumirpc.DeleteRequest{Urn: urn, Properties: must(t, state)})
	if err == nil || err.Error() != "Process exited with status 5: running \"exit 5\":\n" {
		t.Errorf("error = %v", err)
	}
}

func TestReadReturnsTheStateUnchanged(t *testing.T) {
	state := props(map[string]any{"create": "a", "stdout": "x", "stderr": ""})
	state["connection"] = secret(map[string]any{"host": "h"})
	inputs := props(map[string]any{"create": "a"})
	resp, err := New("1.2.1", nil).Read(context.Background(), &pulumirpc.ReadRequest{
		Id: "id1", Urn: urn, Properties: must(t, state), Inputs: must(t, inputs),
	})
	if err != nil || resp.GetId() != "id1" {
		t.Fatalf("resp = %v, err = %v", resp, err)
	}
	equal(t, "state", fromWire(t, resp.GetProperties()), state)
	equal(t, "inputs", fromWire(t, resp.GetInputs()), inputs)
}

func TestOtherResourceTypesAreRefused(t *testing.T) {
	_, err := New("1.2.1", nil).Check(context.Background(), &pulumirpc.CheckRequest{
		Urn: "urn:pulumi:lab::bgp-fabric::command:local:Command::x",
	})
	want := `rpc error: code = InvalidArgument desc = unknown resource type "command:local:Command": ` +
		`this provider serves only command:remote:Command`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v", err)
	}
}

func TestCreateRefusesInputsCheckWouldRefuse(t *testing.T) {
	inputs := props(map[string]any{"create": "true", "logging": "all"})
	inputs["connection"] = secret(map[string]any{"host": "127.0.0.1", "port": 0.0})
	_, err := New("1.2.1", nil).Create(context.Background(), wireOf(t, inputs))
	want := "invalid inputs: logging must be one of stdout, stderr, stdoutAndStderr, none; " +
		"connection.port must be an integer from 1 to 65535"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
