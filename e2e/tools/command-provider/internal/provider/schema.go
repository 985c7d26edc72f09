package provider

import "encoding/json"

// schema is a minimal package schema for command:remote:Command: the shapes, defaults and secretness of its
// properties, without documentation (the Node SDK never asks for it).
func schema(version string) string {
	str := map[string]any{"type": "string"}
	secretStr := map[string]any{"type": "string", "secret": true}
	inputs := map[string]any{
		"connection":             map[string]any{"$ref": "#/types/command:remote:Connection", "secret": true},
		"create":                 str,
		"update":                 str,
		"delete":                 str,
		"stdin":                  str,
		"environment":            map[string]any{"type": "object", "additionalProperties": str},
		"logging":                map[string]any{"$ref": "#/types/command:remote:Logging"},
		"addPreviousOutputInEnv": map[string]any{"type": "boolean"},
		"triggers": map[string]any{
			"type": "array", "items": map[string]any{"$ref": "pulumi.json#/Any"}, "replaceOnChanges": true,
		},
	}
	outputs := map[string]any{"stdout": str, "stderr": str}
	for k, v := range inputs {
		outputs[k] = v
	}
	doc := map[string]any{
		"name":    "command",
		"version": version,
		"resources": map[string]any{
			string(CommandType): map[string]any{
				"description":     "A command run on a remote host over SSH.",
				"inputProperties": inputs,
				"requiredInputs":  []string{"connection"},
				"properties":      outputs,
				"required":        []string{"connection", "stdout", "stderr"},
			},
		},
		"types": map[string]any{
			"command:remote:Connection": map[string]any{
				"type": "object",
				"properties": map[string]any{
					"host":               str,
					"port":               map[string]any{"type": "number", "default": 22},
					"user":               map[string]any{"type": "string", "default": "root"},
					"password":           secretStr,
					"privateKey":         secretStr,
					"privateKeyPassword": secretStr,
					"hostKey":            str,
					"dialErrorLimit":     map[string]any{"type": "integer", "default": 10},
					"perDialTimeout":     map[string]any{"type": "integer", "default": 15},
				},
				"required": []string{"host"},
			},
			"command:remote:Logging": map[string]any{
				"type": "string",
				"enum": []map[string]any{
					{"value": logStdout}, {"value": logStderr}, {"value": logStdoutAndStderr}, {"value": logNone},
				},
			},
		},
	}
	out, err := json.Marshal(doc)
	if err != nil {
		panic(err) // a literal document always marshals
	}
	return string(out)
}
