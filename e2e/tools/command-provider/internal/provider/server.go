// Package provider is the gRPC resource provider for command:remote:Command.
package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"bgp-fabric/e2e/tools/command-provider/internal/remote"
)

// CommandType is the one resource type this provider serves.
const CommandType tokens.Type = "command:remote:Command"

// Host is where diagnostics go: the engine, or a recorder in tests.
type Host interface {
	Log(ctx context.Context, req *pulumirpc.LogRequest) error
}

// Server implements pulumirpc.ResourceProviderServer; unimplemented methods answer Unimplemented.
type Server struct {
	pulumirpc.UnimplementedResourceProviderServer
	version string
	host    Host
	ops     operations
}

// New returns the provider; host may be nil (nothing is logged).
func New(version string, host Host) *Server { return &Server{version: version, host: host} }

func (s *Server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: s.version}, nil
}

func (s *Server) GetSchema(context.Context, *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	return &pulumirpc.GetSchemaResponse{Schema: schema(s.version)}, nil
}

// The provider has no configuration of its own.
func (s *Server) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (s *Server) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (s *Server) Configure(context.Context, *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true, AcceptResources: true}, nil
}

// Cancel cancels every operation in flight and every later one (see operations).
func (s *Server) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	s.ops.cancelAll()
	return &emptypb.Empty{}, nil
}

// decode refuses other resource types and unmarshals each property struct of a request.
func decode(urn string, structs ...*structpb.Struct) ([]resource.PropertyMap, error) {
	if t := resource.URN(urn).Type(); t != CommandType {
		return nil, status.Errorf(codes.InvalidArgument, "unknown resource type %q: this provider serves only %s",
			t, CommandType)
	}
	maps := make([]resource.PropertyMap, len(structs))
	for i, s := range structs {
		m, err := unmarshal(s)
		if err != nil {
			return nil, err
		}
		maps[i] = m
	}
	return maps, nil
}

// unknownOutputs: a preview cannot know what the command will print.
func unknownOutputs(state resource.PropertyMap) {
	state["stdout"] = resource.MakeComputed(resource.NewProperty(""))
	state["stderr"] = resource.MakeComputed(resource.NewProperty(""))
}

// previousOutput is the stored stdout/stderr, for PULUMI_COMMAND_STDOUT/STDERR.
func previousOutput(state resource.PropertyMap) remote.Output {
	return remote.Output{Stdout: plainString(state["stdout"]), Stderr: plainString(state["stderr"])}
}

// Check validates the inputs and fills the connection defaults (port 22, user root, dialErrorLimit 10,
// perDialTimeout 15), marking the connection and its credentials secret.
func (s *Server) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	maps, err := decode(req.GetUrn(), req.GetNews())
	if err != nil {
		return nil, err
	}
	news := maps[0]
	_, c := parseInputs(news)
	inputs, err := marshal(withDefaults(news))
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CheckResponse{Inputs: inputs, Failures: c.failures}, nil
}

// Create runs `create` (nothing in a preview, nothing when unset). A failed command fails the resource: nothing
// is recorded, as upstream.
func (s *Server) Create(ctx context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	ctx, end := s.ops.start(ctx, req.GetTimeout())
	defer end()
	maps, err := decode(req.GetUrn(), req.GetProperties())
	if err != nil {
		return nil, err
	}
	news, urn := maps[0], resource.URN(req.GetUrn())
	id, err := resource.NewUniqueHex(urn.Name(), 8, 0)
	if err != nil {
		return nil, err
	}
	state := news.Copy()
	if req.GetPreview() {
		unknownOutputs(state)
	} else {
		out, err := s.runInputs(ctx, urn, news, func(in Inputs) *text { return in.Create }, remote.Output{})
		if err != nil {
			return nil, err
		}
		if out == nil {
			out = &remote.Output{}
		}
		state["stdout"], state["stderr"] = resource.NewProperty(out.Stdout), resource.NewProperty(out.Stderr)
	}
	props, err := marshal(state)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Update runs `update`, or `create` when there is no `update`; the previous stdout/stderr stay when neither is
// set, and in a preview. A failed command fails the update and leaves the old state.
func (s *Server) Update(ctx context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	ctx, end := s.ops.start(ctx, req.GetTimeout())
	defer end()
	maps, err := decode(req.GetUrn(), req.GetOlds(), req.GetNews())
	if err != nil {
		return nil, err
	}
	olds, news := maps[0], maps[1]
	state := news.Copy()
	state["stdout"], state["stderr"] = olds["stdout"], olds["stderr"]
	// A preview: upstream's Update returns the new inputs with the old BaseOutputs (commandController.go), then its
	// framework marks stdout/stderr unknown when an input changed (see inputsChanged).
	if req.GetPreview() && inputsChanged(olds, news) {
		unknownOutputs(state)
	}
	if !req.GetPreview() {
		script := func(in Inputs) *text {
			if in.Update != nil {
				return in.Update
			}
			return in.Create
		}
		out, err := s.runInputs(ctx, resource.URN(req.GetUrn()), news, script, previousOutput(olds))
		if err != nil {
			return nil, err
		}
		if out != nil {
			state["stdout"], state["stderr"] = resource.NewProperty(out.Stdout), resource.NewProperty(out.Stderr)
		}
	}
	props, err := marshal(state)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.UpdateResponse{Properties: props}, nil
}

// Delete runs the stored state's `delete` (with the stored connection and stdin); nothing when unset.
func (s *Server) Delete(ctx context.Context, req *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	ctx, end := s.ops.start(ctx, req.GetTimeout())
	defer end()
	maps, err := decode(req.GetUrn(), req.GetProperties())
	if err != nil {
		return nil, err
	}
	olds := maps[0]
	_, err = s.runInputs(ctx, resource.URN(req.GetUrn()), olds, func(in Inputs) *text { return in.Delete },
		previousOutput(olds))
	if err != nil {
		return nil, err
	}
	return &emptypb.Empty{}, nil
}

// Read returns the state unchanged: a command has nothing to read back.
func (s *Server) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	if _, err := decode(req.GetUrn()); err != nil {
		return nil, err
	}
	return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
}

// runInputs types props (inputs, or a state whose stdout/stderr are ignored) and runs the script pick chooses;
// no script means no run (nil output).
func (s *Server) runInputs(
	ctx context.Context, urn resource.URN, props resource.PropertyMap, pick func(Inputs) *text,
	previous remote.Output,
) (*remote.Output, error) {
	props = props.Copy()
	delete(props, "stdout")
	delete(props, "stderr")
	in, c := parseInputs(props)
	script := pick(in)
	if script == nil {
		return nil, nil
	}
	if len(c.failures) > 0 {
		reasons := make([]string, len(c.failures))
		for i, f := range c.failures {
			reasons[i] = f.GetReason()
		}
		return nil, fmt.Errorf("invalid inputs: %s", strings.Join(reasons, "; "))
	}
	if c.unknown {
		return nil, fmt.Errorf("cannot run a command while some of its inputs are unknown")
	}
	cmd := remote.Command{
		Connection:  in.Connection,
		Script:      script.value,
		Environment: in.Environment,
		LogStdout:   in.Logging == logStdout || in.Logging == logStdoutAndStderr,
		LogStderr:   in.Logging == logStderr || in.Logging == logStdoutAndStderr,
		ScriptLabel: script.value,
	}
	if in.Stdin != nil {
		cmd.Stdin = &in.Stdin.value
	}
	if in.AddPreviousOutputInEnv {
		cmd.PreviousStdout, cmd.PreviousStderr = previous.Stdout, previous.Stderr
	}
	if script.secret {
		cmd.ScriptLabel = "[secret]"
	}
	switch {
	case in.Stdin != nil && in.Stdin.secret:
		cmd.Withheld = "stdin is secret"
	case in.EnvironmentSecret:
		cmd.Withheld = "environment is secret"
	case script.secret:
		cmd.Withheld = "the command is secret"
	}
	out, err := remote.Run(ctx, cmd, &logger{ctx: ctx, host: s.host, urn: urn})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// plainString is a stored string output, secret or not; "" for anything else.
func plainString(v resource.PropertyValue) string {
	v, _ = reveal(v)
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

// logger sends one operation's diagnostics to the engine, attributed to the resource.
type logger struct {
	ctx  context.Context
	host Host
	urn  resource.URN
}

func (l *logger) log(severity pulumirpc.LogSeverity, msg string, ephemeral bool) {
	if l.host == nil {
		return
	}
	_ = l.host.Log(l.ctx, &pulumirpc.LogRequest{
		Severity: severity, Message: strings.ToValidUTF8(msg, "\uFFFD"), Urn: string(l.urn), Ephemeral: ephemeral,
	})
}

func (l *logger) Status(msg string)  { l.log(pulumirpc.LogSeverity_INFO, msg, true) }
func (l *logger) Warning(msg string) { l.log(pulumirpc.LogSeverity_WARNING, msg, false) }
func (l *logger) Error(msg string)   { l.log(pulumirpc.LogSeverity_ERROR, msg, false) }
