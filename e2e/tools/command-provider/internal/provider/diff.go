package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// inputKeys are command:remote:Command's inputs; the state holds them plus stdout and stderr.
var inputKeys = []resource.PropertyKey{
	"addPreviousOutputInEnv", "connection", "create", "delete", "environment", "logging", "stdin", "triggers",
	"update",
}

// replaceOnChanges: upstream marks only `triggers` (common/inputs.go); every other change is an update.
const replaceOnChanges = "triggers"

// oldInputs are the engine's old inputs, or (from an engine that does not send them) the state's input keys.
func oldInputs(req *pulumirpc.DiffRequest, state resource.PropertyMap) (resource.PropertyMap, error) {
	if req.GetOldInputs() != nil {
		return unmarshal(req.GetOldInputs())
	}
	olds := resource.PropertyMap{}
	for _, key := range inputKeys {
		if v, has := state[key]; has {
			olds[key] = v
		}
	}
	return olds, nil
}

// Diff compares old and new inputs: a change under `triggers` replaces, any other change updates.
func (s *Server) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	maps, err := decode(req.GetUrn(), req.GetOlds(), req.GetNews())
	if err != nil {
		return nil, err
	}
	state, news := maps[0], maps[1]
	olds, err := oldInputs(req, state)
	if err != nil {
		return nil, err
	}
	for _, ignored := range req.GetIgnoreChanges() {
		if v, has := state[resource.PropertyKey(ignored)]; has {
			news[resource.PropertyKey(ignored)] = v
		}
	}
	for key := range news {
		if key == "version" || strings.HasPrefix(string(key), "__") {
			delete(news, key)
		}
	}

	resp := &pulumirpc.DiffResponse{
		Changes: pulumirpc.DiffResponse_DIFF_NONE, DetailedDiff: map[string]*pulumirpc.PropertyDiff{},
		HasDetailedDiff: true,
	}
	objDiff := olds.Diff(news)
	if objDiff == nil || !objDiff.AnyChanges() {
		return resp, nil
	}
	resp.Changes = pulumirpc.DiffResponse_DIFF_SOME
	for path, d := range plugin.NewDetailedDiffFromObjectDiff(objDiff, false) {
		top := path
		if parsed, err := resource.ParsePropertyPath(path); err == nil && len(parsed) > 0 {
			if head, ok := parsed[0].(string); ok {
				top = head
			}
		}
		if top == replaceOnChanges {
			d = d.ToReplace()
			if !slices.Contains(resp.Replaces, top) {
				resp.Replaces = append(resp.Replaces, top)
			}
		}
		if !slices.Contains(resp.Diffs, top) {
			resp.Diffs = append(resp.Diffs, top)
		}
		resp.DetailedDiff[path] = &pulumirpc.PropertyDiff{Kind: diffKind(d.Kind), InputDiff: d.InputDiff}
	}
	slices.Sort(resp.Replaces)
	slices.Sort(resp.Diffs)
	return resp, nil
}

func diffKind(k plugin.DiffKind) pulumirpc.PropertyDiff_Kind {
	switch k {
	case plugin.DiffAdd:
		return pulumirpc.PropertyDiff_ADD
	case plugin.DiffAddReplace:
		return pulumirpc.PropertyDiff_ADD_REPLACE
	case plugin.DiffDelete:
		return pulumirpc.PropertyDiff_DELETE
	case plugin.DiffDeleteReplace:
		return pulumirpc.PropertyDiff_DELETE_REPLACE
	case plugin.DiffUpdateReplace:
		return pulumirpc.PropertyDiff_UPDATE_REPLACE
	default:
		return pulumirpc.PropertyDiff_UPDATE
	}
}

// inputsChanged is upstream's framework in an update's preview (pulumi-go-provider v1.3.0, which pulumi-command
// v1.2.1 runs under: infer/resource.go ensureDefaultComputed wires every output to every input, and markComputed makes
// an output unknown when an input is unknown at the top, or was in the old state and differs from it). An input
// the old state lacks does not count there, nor here.
func inputsChanged(state, news resource.PropertyMap) bool {
	for _, key := range inputKeys {
		old, had := state[key]
		if unknown(news[key]) || (had && !news[key].DeepEquals(old)) {
			return true
		}
	}
	return false
}

// unknown is putil.IsComputed: a computed value or an output not known, at the top only.
func unknown(v resource.PropertyValue) bool {
	return v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known)
}
