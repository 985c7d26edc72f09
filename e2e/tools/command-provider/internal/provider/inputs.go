package provider

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"bgp-fabric/e2e/tools/command-provider/internal/remote"
)

// text is a string input and whether it arrived as a secret.
type text struct {
	value  string
	secret bool
}

// Inputs are the typed inputs of one command:remote:Command (upstream's CommandInputs).
type Inputs struct {
	Create, Update, Delete, Stdin *text
	Environment                   map[string]string
	// EnvironmentSecret: the map or one of its values was secret.
	EnvironmentSecret      bool
	Logging                string
	AddPreviousOutputInEnv bool
	Connection             remote.Connection
}

// Upstream's `logging` enum; absent means stdoutAndStderr.
const (
	logStdout          = "stdout"
	logStderr          = "stderr"
	logStdoutAndStderr = "stdoutAndStderr"
	logNone            = "none"
)

var loggingModes = []string{logStdout, logStderr, logStdoutAndStderr, logNone}

// Connection defaults, as upstream's schema declares them.
var connectionDefaults = resource.PropertyMap{
	"port":           resource.NewProperty(22.0),
	"user":           resource.NewProperty("root"),
	"dialErrorLimit": resource.NewProperty(10.0),
	"perDialTimeout": resource.NewProperty(15.0),
}

// Connection fields that are secret on their own (upstream `provider:"secret"`); the whole connection is too.
var connectionSecrets = []resource.PropertyKey{"password", "privateKey", "privateKeyPassword"}

// Upstream inputs this stand-in refuses instead of ignoring.
var unsupported = map[string]string{
	"connection.proxy":           "bastion hosts are not supported by this stand-in provider",
	"connection.agentSocketPath": "SSH agents are not supported by this stand-in provider",
}

type checker struct {
	failures []*pulumirpc.CheckFailure
	// unknown: some value needed to run is not known yet (preview).
	unknown bool
}

func (c *checker) fail(property, format string, args ...any) {
	c.failures = append(c.failures, &pulumirpc.CheckFailure{Property: property, Reason: fmt.Sprintf(format, args...)})
}

// value returns the revealed value of m[key], or ok=false when it is absent, null or unknown.
func (c *checker) value(m resource.PropertyMap, key resource.PropertyKey) (v resource.PropertyValue, secret, ok bool) {
	raw, has := m[key]
	if !has || raw.IsNull() {
		return raw, false, false
	}
	v, secret = reveal(raw)
	if v.ContainsUnknowns() {
		c.unknown = true
		return v, secret, false
	}
	return v, secret, true
}

func (c *checker) text(m resource.PropertyMap, key resource.PropertyKey, path string) *text {
	v, secret, ok := c.value(m, key)
	if !ok {
		return nil
	}
	if !v.IsString() {
		c.fail(path, "%s must be a string, not %s", path, v.TypeString())
		return nil
	}
	return &text{value: v.StringValue(), secret: secret}
}

// integer reads an integer in [low, high]; high 0 means no upper bound.
func (c *checker) integer(m resource.PropertyMap, key resource.PropertyKey, path string, low, high int) (int, bool) {
	v, _, ok := c.value(m, key)
	if !ok {
		return 0, false
	}
	upper := high
	if upper == 0 {
		upper = math.MaxInt32
	}
	if !v.IsNumber() || v.NumberValue() != math.Trunc(v.NumberValue()) || v.NumberValue() < float64(low) ||
		v.NumberValue() > float64(upper) {
		// The value is not quoted: it may sit inside a secret connection.
		if high == 0 {
			c.fail(path, "%s must be an integer of at least %d", path, low)
		} else {
			c.fail(path, "%s must be an integer from %d to %d", path, low, high)
		}
		return 0, false
	}
	return int(v.NumberValue()), true
}

// parseInputs types the inputs, reporting every problem at once. Unknown values are left unset (and flagged),
// so preview-time checks pass while run-time callers refuse to run on them.
func parseInputs(m resource.PropertyMap) (Inputs, *checker) {
	c := &checker{}
	in := Inputs{Logging: logStdoutAndStderr, AddPreviousOutputInEnv: true}
	for _, key := range m.StableKeys() {
		switch key {
		case "create", "update", "delete", "stdin", "logging", "environment", "addPreviousOutputInEnv",
			"connection", "triggers":
		default:
			if !strings.HasPrefix(string(key), "__") {
				c.fail(string(key), "%s is not an input of command:remote:Command", key)
			}
		}
	}
	in.Create = c.text(m, "create", "create")
	in.Update = c.text(m, "update", "update")
	in.Delete = c.text(m, "delete", "delete")
	in.Stdin = c.text(m, "stdin", "stdin")
	if l := c.text(m, "logging", "logging"); l != nil {
		if slices.Contains(loggingModes, l.value) {
			in.Logging = l.value
		} else {
			c.fail("logging", "logging must be one of %s", strings.Join(loggingModes, ", "))
		}
	}
	if v, _, ok := c.value(m, "addPreviousOutputInEnv"); ok {
		if v.IsBool() {
			in.AddPreviousOutputInEnv = v.BoolValue()
		} else {
			c.fail("addPreviousOutputInEnv", "addPreviousOutputInEnv must be a boolean, not %s", v.TypeString())
		}
	}
	if v, _, ok := c.value(m, "triggers"); ok && !v.IsArray() {
		c.fail("triggers", "triggers must be an array, not %s", v.TypeString())
	}
	if v, secret, ok := c.value(m, "environment"); ok {
		if !v.IsObject() {
			c.fail("environment", "environment must be a map of strings, not %s", v.TypeString())
		} else {
			in.Environment = map[string]string{}
			in.EnvironmentSecret = secret
			env := v.ObjectValue()
			for _, name := range env.StableKeys() {
				path := fmt.Sprintf("environment.%s", name)
				if t := c.text(env, name, path); t != nil {
					in.Environment[string(name)] = t.value
					in.EnvironmentSecret = in.EnvironmentSecret || t.secret
				}
			}
		}
	}
	v, _, ok := c.value(m, "connection")
	switch {
	case !ok && !c.unknown:
		c.fail("connection", "connection is required: the SSH host to run the commands on")
	case ok && !v.IsObject():
		c.fail("connection", "connection must be an object, not %s", v.TypeString())
	case ok:
		in.Connection = parseConnection(c, v.ObjectValue())
	}
	return in, c
}

func parseConnection(c *checker, m resource.PropertyMap) remote.Connection {
	conn := remote.Connection{Port: 22, User: "root", DialErrorLimit: 10, PerDialTimeout: 15}
	for _, key := range m.StableKeys() {
		path := "connection." + string(key)
		switch key {
		case "host", "port", "user", "password", "privateKey", "privateKeyPassword", "hostKey",
			"dialErrorLimit", "perDialTimeout":
		default:
			if reason, ok := unsupported[path]; ok {
				if !m[key].IsNull() {
					c.fail(path, "%s: %s", path, reason)
				}
			} else {
				c.fail(path, "%s is not a connection setting of command:remote:Command", path)
			}
		}
	}
	host := c.text(m, "host", "connection.host")
	if raw, has := m["host"]; !has || raw.IsNull() || (host != nil && host.value == "") {
		c.fail("connection.host", "connection.host is required: the address of the SSH server")
	} else if host != nil {
		conn.Host = host.value
	}
	if port, ok := c.integer(m, "port", "connection.port", 1, 65535); ok {
		conn.Port = port
	}
	if user := c.text(m, "user", "connection.user"); user != nil {
		conn.User = user.value
	}
	secret := func(key resource.PropertyKey) *string {
		if t := c.text(m, key, "connection."+string(key)); t != nil {
			return &t.value
		}
		return nil
	}
	conn.Password = secret("password")
	conn.PrivateKey = secret("privateKey")
	conn.PrivateKeyPassword = secret("privateKeyPassword")
	if hostKey := c.text(m, "hostKey", "connection.hostKey"); hostKey != nil {
		if _, err := remote.ParseHostKey(hostKey.value); err != nil {
			c.fail("connection.hostKey", "connection.hostKey must be one authorized_keys line "+
				"(\"ssh-ed25519 AAAA…\"): %v", err)
		} else {
			conn.HostKey = &hostKey.value
		}
	}
	if limit, ok := c.integer(m, "dialErrorLimit", "connection.dialErrorLimit", -1, 0); ok {
		conn.DialErrorLimit = limit
	}
	if timeout, ok := c.integer(m, "perDialTimeout", "connection.perDialTimeout", 0, 0); ok {
		conn.PerDialTimeout = timeout
	}
	return conn
}

// withDefaults returns the inputs as Check hands them back: connection defaults filled in, the connection and
// its credentials marked secret (upstream's `provider:"secret"` tags), everything else untouched.
func withDefaults(m resource.PropertyMap) resource.PropertyMap {
	out := m.Copy()
	raw, has := out["connection"]
	if !has {
		return out
	}
	v, _ := reveal(raw)
	if !v.IsObject() {
		return out
	}
	conn := v.ObjectValue().Copy()
	for key, value := range connectionDefaults {
		if current, has := conn[key]; !has || current.IsNull() {
			conn[key] = value
		}
	}
	for _, key := range connectionSecrets {
		if value, has := conn[key]; has && !value.IsNull() && !value.IsSecret() {
			conn[key] = resource.MakeSecret(value)
		}
	}
	out["connection"] = resource.MakeSecret(resource.NewProperty(conn))
	return out
}
