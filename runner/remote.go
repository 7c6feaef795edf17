package runner

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// remoteAdd finds an ADD whose source is a URL. The engine fetches it itself, on the
// host's network, whatever network the build steps have: a build kept off the network
// must not reach it that way (an untrusted submission could probe the LAN or a cloud
// metadata address). A Dockerfile that does not parse is left to the builder.
func remoteAdd(dockerfile []byte) (instruction, url string) {
	res, err := parser.Parse(bytes.NewReader(dockerfile))
	if err != nil {
		return "", ""
	}
	for _, n := range res.AST.Children {
		if !strings.EqualFold(n.Value, "add") {
			continue
		}
		var args []string
		for a := n.Next; a != nil; a = a.Next {
			args = append(args, a.Value)
		}
		if len(args) < 2 {
			continue
		}
		for _, src := range args[:len(args)-1] {
			if isURL(src) {
				return strings.TrimSpace(n.Original), src
			}
		}
	}
	return "", ""
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "git@") ||
		strings.HasPrefix(l, "git://")
}

func remoteAddFailure(instruction, url string) *BuildFailure {
	return &BuildFailure{
		Instruction: instruction,
		Message: fmt.Sprintf("%s downloads %s, and builds here have no network: "+
			"put the file in the folder and COPY it", instruction, url),
	}
}
