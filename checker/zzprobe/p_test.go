package zzprobe

import (
	"errors"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func TestZZProbe(t *testing.T) {
	r, err := parser.Parse(strings.NewReader("ARG V=1.35\nARG X\nFROM busybox:${V} as Build\n  RUN a \\\n   b\nFROM build\n"))
	if err != nil { t.Fatal(err) }
	for _, c := range r.AST.Children {
		var args []string
		for n := c.Next; n != nil; n = n.Next { args = append(args, n.Value) }
		t.Logf("%q flags=%q args=%q attrs=%v line=%d orig=%q", c.Value, c.Flags, args, c.Attributes, c.StartLine, c.Original)
	}
	_, err = parser.Parse(strings.NewReader("FROM a\n\nRUN [\"a\", 1]\n"))
	var le *parser.LocationError
	t.Logf("%v %v %+v", err, errors.As(err, &le), le.Locations)
}
