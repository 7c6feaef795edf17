package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/workspace"
)

type joinOptions struct {
	name string
}

func (a *app) joinCmd() *cobra.Command {
	opts := &joinOptions{}
	cmd := &cobra.Command{
		Use:   "join <url> <code> --name <name>",
		Short: "Join a workshop: send your progress to the instructor's class server",
		Long: `Join the class whose address and code the instructor shows. From then on, every
check result, quiz answer, hint and solution you use, and every 'dockademy doctor'
result of this workspace is sent to the class in the background. Nothing you do
waits for the network: events wait in .dockademy/outbox/ until the server has them.
'dockademy leave' stops it.`,
		Example: `  dockademy join http://192.168.1.20:8765 K7MQ2P --name "Kim Minji"`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runJoin(cmd.Context(), args[0], args[1], opts)
		},
	}
	cmd.Flags().StringVar(&opts.name, "name", "", "your `<name>` as the instructor will see it")
	return cmd
}

func (a *app) runJoin(ctx context.Context, url, code string, opts *joinOptions) error {
	ws, err := a.classroomWorkspace()
	if err != nil {
		return err
	}
	lang, err := a.language(ws)
	if err != nil {
		return err
	}
	if opts.name == "" {
		return usageErr("%s", i18n.Pick(lang, "--name is needed: the name the instructor will see", "--name 이 필요합니다: 강사에게 보일 이름"))
	}
	if cfg, err := classroom.Load(ws.StateDir()); err == nil {
		return usageErr(i18n.Pick(lang,
			"this workspace already joined the class at %s as %q: run 'dockademy leave' first",
			"이 작업 공간은 이미 %s 수업에 %q 로 참여했습니다: 먼저 'dockademy leave' 를 실행하세요"), cfg.URL, cfg.Name)
	}
	jctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	cfg, err := classroom.Join(jctx, url, code, opts.name)
	var ae *classroom.APIError
	switch {
	case errors.As(err, &ae) && ae.Status != http.StatusInternalServerError && ae.Status != http.StatusServiceUnavailable:
		return usageErr("%s: %s", i18n.Pick(lang, "could not join", "참여하지 못했습니다"), joinRefusal(lang, ae))
	case err != nil:
		return fmt.Errorf("%s: %w", i18n.Pick(lang, "could not join", "참여하지 못했습니다"), err)
	}
	if err := classroom.Save(ws.StateDir(), cfg); err != nil {
		return err
	}
	fctx, cancel := context.WithTimeout(ctx, classroomGrace)
	defer cancel()
	res, _ := classroom.Flush(fctx, ws.StateDir())
	fmt.Fprintf(a.io.Out, i18n.Pick(lang,
		"Joined the class at %s as %q.\nYour checks, quiz answers, hints and doctor results now go to the instructor. 'dockademy leave' stops that.\n",
		"%s 수업에 %q 로 참여했습니다.\n이제 check 결과, 퀴즈 답, 힌트, doctor 결과가 강사에게 전달됩니다. 'dockademy leave' 로 멈출 수 있습니다.\n"),
		cfg.URL, cfg.Name)
	if res.CurrentExercise != "" {
		fmt.Fprintf(a.io.Out, i18n.Pick(lang, "The class is on %s.\n", "지금 수업은 %s 를 하고 있습니다.\n"), res.CurrentExercise)
	}
	return nil
}

// joinRefusal says in the learner's language why the server refused, for the
// refusals a learner can do something about.
func joinRefusal(lang string, ae *classroom.APIError) string {
	switch ae.Status {
	case http.StatusNotFound:
		return i18n.Pick(lang, "no class has this join code: check it on the instructor's screen",
			"이 참여 코드로 열린 수업이 없습니다: 강사 화면의 코드를 확인하세요")
	case http.StatusConflict:
		return i18n.Pick(lang, "someone in this class already joined with this name: choose another with --name",
			"같은 이름으로 이미 참여한 사람이 있습니다: --name 으로 다른 이름을 정하세요") + " (" + ae.Message + ")"
	case http.StatusTooManyRequests:
		return i18n.Pick(lang, "too many wrong codes from this computer: wait a minute, then try again with the code on the instructor's screen",
			"이 컴퓨터에서 틀린 코드가 너무 많았습니다: 1분 뒤 강사 화면의 코드로 다시 해 보세요")
	}
	return ae.Message
}

func (a *app) leaveCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "leave",
		Short: "Stop sending this workspace's progress to the class",
		Long: `Leave the class this workspace joined: dockademy first tries, briefly, to deliver
what is still waiting, then forgets the class and its token. What the instructor
already received stays on their dashboard.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runLeave(cmd.Context())
		},
	}
}

func (a *app) runLeave(ctx context.Context) error {
	ws, err := a.classroomWorkspace()
	if err != nil {
		return err
	}
	lang, err := a.language(ws)
	if err != nil {
		return err
	}
	cfg, err := classroom.Load(ws.StateDir())
	if errors.Is(err, classroom.ErrNotJoined) {
		fmt.Fprintln(a.io.Out, i18n.Pick(lang, "This workspace is not in a class.", "이 작업 공간은 수업에 참여하고 있지 않습니다."))
		return nil
	}
	if err == nil {
		fctx, cancel := context.WithTimeout(ctx, classroomGrace)
		_, _ = classroom.Flush(fctx, ws.StateDir())
		cancel()
	}
	ob := classroom.OpenOutbox(ws.StateDir())
	lost, _ := ob.Len()
	if err := ob.Drop(); err != nil {
		return err
	}
	if err := classroom.Forget(ws.StateDir()); err != nil {
		return err
	}
	url := "?"
	if cfg != nil {
		url = cfg.URL
	}
	fmt.Fprintf(a.io.Out, i18n.Pick(lang, "Left the class at %s.\n", "%s 수업에서 나왔습니다.\n"), url)
	if lost > 0 {
		fmt.Fprintf(a.io.ErrOut, i18n.Pick(lang,
			"dockademy: %d events could not be delivered and were dropped\n",
			"dockademy: 전달하지 못한 이벤트 %d개를 버렸습니다\n"), lost)
	}
	return nil
}

// classroomWorkspace is the enclosing workspace, which joining a class needs: the
// membership and the outbox live in it.
func (a *app) classroomWorkspace() (*workspace.Workspace, error) {
	ws, err := a.findWorkspace()
	if err != nil {
		return nil, err
	}
	if ws == nil {
		return nil, usageErr("no dockademy workspace here: run 'dockademy init' first, or cd into your workspace")
	}
	return ws, nil
}
