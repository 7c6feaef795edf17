package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/events"
)

// classroomEmitCmd records events read from stdin, one JSON object a line, exactly as
// check, hint and doctor record theirs: for end-to-end tests of the class, which
// should not need a Docker Engine to make a learner pass or fail.
func (a *app) classroomEmitCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "emit",
		Short:  "Record events from stdin (for tests)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runEmit(cmd.Context())
		},
	}
}

func (a *app) runEmit(ctx context.Context) error {
	ws, err := a.classroomWorkspace()
	if err != nil {
		return err
	}
	sink, ok := classroomSink(ws.StateDir())
	if !ok {
		return usageErr("this workspace has not joined a class")
	}
	sc := bufio.NewScanner(a.io.In)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var e events.Event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return usageErr("line %d is not an event: %v", n+1, err)
		}
		fresh := events.New(e.Kind, e.Unit)
		if e.ID == "" {
			e.ID = fresh.ID
		}
		if e.Time.IsZero() {
			e.Time = fresh.Time
		}
		if err := sink.Record(ctx, e); err != nil {
			return err
		}
		n++
	}
	if err := sc.Err(); err != nil {
		return err
	}
	finishClassroom(ctx, sink)
	fmt.Fprintf(a.io.ErrOut, "recorded %d events\n", n)
	return nil
}
