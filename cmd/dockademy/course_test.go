package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestCourse proves the embedded course on the engine (testdata/course): `lessons
// test` plays the learner with the real docker CLI and removes whatever appeared on
// the engine meanwhile, so it must not share the engine with other tests. .ci/test
// runs it alone, after the rest, with DOCKADEMY_COURSE_TEST=1.
func TestCourse(t *testing.T) {
	if os.Getenv("DOCKADEMY_COURSE_TEST") != "1" {
		t.Skip("the course test runs alone: DOCKADEMY_COURSE_TEST=1 go test -run TestCourse ./cmd/dockademy (.ci/test does)")
	}
	engine := engineReachable(t)
	p := scriptParams(engine)
	p.Dir = "testdata/course"
	testscript.Run(t, p)
}
