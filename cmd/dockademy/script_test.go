package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/dockademy/dockademy/runner"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"dockademy": func() { os.Exit(Main()) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the real binary, the
// real engine. Scripts that need the engine start with `[!engine] skip`.
func TestScripts(t *testing.T) {
	p := scriptParams(engineReachable(t))
	p.Dir = "testdata/script"
	testscript.Run(t, p)
}

func scriptParams(engine bool) testscript.Params {
	return testscript.Params{
		Setup: func(env *testscript.Env) error {
			for _, v := range []string{"DOCKER_HOST", "DOCKER_CONFIG", "HOME", "PATH", "CI"} {
				if val, ok := os.LookupEnv(v); ok {
					env.Setenv(v, val)
				}
			}
			env.Setenv("LANG", "C")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "engine" {
				return engine, nil
			}
			return false, nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"step": cmdStep,
		},
	}
}

// cmdStep asserts on the last `--json` report on stdout: `step <name> <status>`
// checks a step's status, and `step <name> <status> <field> <substring>` also a field.
func cmdStep(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 && len(args) != 4 {
		ts.Fatalf("usage: step <name> <status> [<field> <substring>]")
	}
	var rep struct {
		Steps []map[string]any `json:"steps"`
	}
	if err := json.Unmarshal([]byte(ts.ReadFile("stdout")), &rep); err != nil {
		ts.Fatalf("stdout is not a JSON report: %v", err)
	}
	for _, st := range rep.Steps {
		if st["name"] != args[0] {
			continue
		}
		ok := st["status"] == args[1]
		if ok && len(args) == 4 {
			v, _ := st[args[2]].(string)
			ok = strings.Contains(v, args[3])
		}
		if ok == neg {
			ts.Fatalf("step %s: want status %s %v; got %v", args[0], args[1], args[2:], st)
		}
		return
	}
	ts.Fatalf("no step %q in the report", args[0])
}

// engineReachable reports whether the engine answers. Outside CI a missing engine
// skips the scripts that need it, and says so; in CI it is a failure.
func engineReachable(t *testing.T) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := runner.Connect(ctx, "")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the Docker Engine is unreachable: %v", err)
		}
		t.Logf("no Docker Engine: end-to-end scripts that need it are skipped (%v)", err)
		return false
	}
	c.Close()
	return true
}
