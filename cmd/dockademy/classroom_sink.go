package main

import (
	"context"
	"time"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/events"
)

// classroomGrace is how long a command waits, at its end, for its events to reach the
// class: long enough on a LAN, short enough that a learner never notices a server that
// is down. What is not delivered by then waits in the outbox.
const classroomGrace = 1500 * time.Millisecond

// classroomSink is the sink that sends a workspace's events to its class, when the
// workspace has joined one (.dockademy/classroom.json exists). Creating it also
// starts delivering what earlier commands left in the outbox, in the background.
// Call finishClassroom with it when the command is done.
func classroomSink(stateDir string) (events.Sink, bool) {
	if !classroom.Joined(stateDir) {
		return nil, false
	}
	return classroom.NewSink(stateDir), true
}

// finishClassroom gives the background delivery of a classroomSink up to
// classroomGrace to finish; it never fails the command.
func finishClassroom(ctx context.Context, s events.Sink) {
	cs, ok := s.(*classroom.Sink)
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), classroomGrace)
	defer cancel()
	_ = cs.Wait(ctx)
}
