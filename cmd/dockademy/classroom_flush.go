package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/i18n"
)

type flushOptions struct {
	json bool
}

func (a *app) classroomFlushCmd() *cobra.Command {
	opts := &flushOptions{}
	cmd := &cobra.Command{
		Use:   "flush [--json]",
		Short: "Send the events waiting in this workspace's outbox to the class now",
		Long: `Send what this workspace recorded and the class server has not acknowledged yet.
dockademy does this by itself after every command; flush is for when you want to
see it happen, or to check that the class server can be reached.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runFlush(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the result as JSON")
	return cmd
}

func (a *app) runFlush(ctx context.Context, opts *flushOptions) error {
	ws, err := a.classroomWorkspace()
	if err != nil {
		return err
	}
	lang, err := a.language(ws)
	if err != nil {
		return err
	}
	cfg, err := classroom.Load(ws.StateDir())
	if err != nil {
		return usageErr("%v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	res, err := classroom.Flush(ctx, ws.StateDir())
	if opts.json {
		out := map[string]any{"sent": res.Sent, "pending": res.Pending, "rejected": res.Rejected, "current_exercise": res.CurrentExercise}
		if err != nil {
			out["error"] = err.Error()
		}
		b, _ := json.Marshal(out)
		fmt.Fprintln(a.io.Out, string(b))
	}
	if err != nil {
		return fmt.Errorf(i18n.Pick(lang,
			"could not deliver to the class at %s: %w\n%d events are kept in this workspace and will be sent when the server answers",
			"%s 의 수업 서버에 보내지 못했습니다: %w\n이벤트 %d개는 작업 공간에 보관했다가 서버가 응답하면 보냅니다"),
			cfg.URL, err, res.Pending)
	}
	if opts.json {
		return nil
	}
	fmt.Fprintf(a.io.Out, i18n.Pick(lang, "Sent %d events to the class at %s; %d waiting.\n", "%[2]s 수업에 이벤트 %[1]d개를 보냈습니다. 남은 것: %[3]d개.\n"),
		res.Sent, cfg.URL, res.Pending)
	if res.Rejected > 0 {
		fmt.Fprintf(a.io.ErrOut, i18n.Pick(lang,
			"dockademy: the server refused %d events; they were set aside in %s/outbox/*.rejected\n",
			"dockademy: 서버가 이벤트 %d개를 거부했습니다. %s/outbox/*.rejected 에 옮겨 두었습니다\n"), res.Rejected, ws.StateDir())
	}
	if res.CurrentExercise != "" {
		fmt.Fprintf(a.io.Out, i18n.Pick(lang, "The class is on %s.\n", "지금 수업은 %s 를 하고 있습니다.\n"), res.CurrentExercise)
	}
	return nil
}
