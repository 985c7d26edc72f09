// pulumi-resource-kubernetes from the provider/v4 module. Upstream's main embeds two files its Makefile generates
// (schema-embed.json, terraform-mapping-embed.json), which are not part of the published module; e2e/tools/build.sh
// generates them from the module's own schema.json and terraform-mapping.json into a scratch copy of this folder.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var schema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, schema, terraformMapping)
}
