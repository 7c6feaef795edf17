package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/assets"
	"github.com/dockademy/dockademy/internal/classroom/server"
	"github.com/dockademy/dockademy/internal/classroom/store"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/lessons"
)

func (a *app) classroomCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "classroom",
		Short: "Run a workshop: the instructor's class server, and the learner's delivery to it",
		Long: `A workshop on a local network: the instructor runs 'dockademy classroom serve' and
watches every learner's progress on a dashboard; learners run 'dockademy join' in
their workspace, and their checks, quiz answers, hints and doctor results go to the
class in the background.`,
	}
	cmd.AddCommand(a.classroomServeCmd(), a.classroomFlushCmd(), a.classroomEmitCmd())
	return cmd
}

type serveOptions struct {
	addr         string
	db           string
	json         bool
	fresh        bool
	helpAfter    time.Duration
	helpAttempts int
	helpHints    int
}

func (a *app) classroomServeCmd() *cobra.Command {
	opts := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve [--addr <host:port>] [--db <file>|<postgres://...>] [--lessons <dir>] [--json]",
		Short: "Start the class server and its dashboard",
		Long: `Start the class server. It prints the address and join code learners give to
'dockademy join', and the link to the instructor's dashboard (keep its token to
yourself). Everything is kept in --db: a SQLite file by default, or a PostgreSQL
database given as a postgres:// URL. Restarted on the same database, the server
carries on with the same class, code and tokens; --new starts another class.
With --json, the first line on stdout is {"url", "join_code", "instructor_token", "dashboard"}.`,
		Example: `  dockademy classroom serve
  dockademy classroom serve --addr 0.0.0.0:8080 --db ~/workshop.db --lessons ./my-course
  dockademy classroom serve --db postgres://class@db.example.org/classes --new`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runServe(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "0.0.0.0:8765", "listen on `<host:port>`")
	f.StringVar(&opts.db, "db", "classroom.db", "the class's database: a SQLite `<file>`, or a postgres:// URL")
	f.BoolVar(&opts.json, "json", false, "print the address, join code and instructor token as JSON")
	f.BoolVar(&opts.fresh, "new", false, "start a new class even if the database has one")
	f.DurationVar(&opts.helpAfter, "help-after", 10*time.Minute, "a learner failing an exercise this long needs help")
	f.IntVar(&opts.helpAttempts, "help-attempts", 5, "a learner with this many failed checks needs help")
	f.IntVar(&opts.helpHints, "help-hints", 3, "a learner who read this many hints needs help")
	return cmd
}

func (a *app) runServe(ctx context.Context, opts *serveOptions) error {
	course, lang, err := a.course(nil)
	if err != nil {
		return err
	}
	// Listen first: a port that cannot be had should not leave a new class behind.
	l, err := net.Listen("tcp", opts.addr)
	if err != nil {
		return usageErr("could not listen on %s: %v (is another server using the port? try --addr with another port)", opts.addr, err)
	}
	defer l.Close()
	st, err := store.Open(ctx, opts.db)
	if err != nil {
		return err
	}
	defer st.Close()
	class, created, err := server.EnsureClass(ctx, st, opts.fresh)
	if err != nil {
		return err
	}
	joinURL, dashURL := serverURLs(l.Addr().(*net.TCPAddr))
	srv, err := server.New(st, server.Options{
		Units: courseUnits(course), Assets: assets.FS(), PublicURL: joinURL,
		HelpAfter: opts.helpAfter, HelpAttempts: opts.helpAttempts, HelpHints: opts.helpHints,
	})
	if err != nil {
		return err
	}
	dashboard := dashURL + "/?token=" + class.InstructorToken
	if opts.json {
		b, _ := json.Marshal(map[string]any{
			"url": joinURL, "join_code": class.JoinCode, "instructor_token": class.InstructorToken,
			"dashboard": dashboard, "new_class": created,
		})
		fmt.Fprintln(a.io.Out, string(b))
	} else {
		state := i18n.Pick(lang, "carrying on with the class in", "이어서 진행하는 수업:")
		if created {
			state = i18n.Pick(lang, "new class in", "새 수업:")
		}
		fmt.Fprintf(a.io.Out, i18n.Pick(lang,
			"Class server running (%s %s).\n\nLearners join with:\n  dockademy join %s %s --name \"<your name>\"\n\nYour dashboard (keep this link to yourself):\n  %s\n\nStop with Ctrl-C; run the same command again to carry on.\n",
			"수업 서버가 실행 중입니다 (%s %s).\n\n학습자는 이렇게 참여합니다:\n  dockademy join %s %s --name \"<이름>\"\n\n강사용 대시보드 (이 링크는 혼자만 보세요):\n  %s\n\nCtrl-C로 멈추고, 같은 명령으로 다시 이어서 진행합니다.\n"),
			state, opts.db, joinURL, class.JoinCode, dashboard)
	}
	return srv.Serve(ctx, l)
}

// serverURLs is the address learners use and the one for the instructor's browser on
// this machine. Listening on every interface, learners need this machine's LAN
// address, which the listener does not know: the first up, non-loopback IPv4 is it.
func serverURLs(addr *net.TCPAddr) (join, dashboard string) {
	port := strconv.Itoa(addr.Port)
	if !addr.IP.IsUnspecified() {
		u := "http://" + net.JoinHostPort(addr.IP.String(), port)
		return u, u
	}
	dashboard = "http://" + net.JoinHostPort("127.0.0.1", port)
	if ip := lanIPv4(); ip != nil {
		return "http://" + net.JoinHostPort(ip.String(), port), dashboard
	}
	return dashboard, dashboard
}

func lanIPv4() net.IP {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	for _, in := range ifs {
		if in.Flags&net.FlagUp == 0 || in.Flags&net.FlagLoopback != 0 || virtualIf(in.Name) {
			continue
		}
		addrs, _ := in.Addrs()
		for _, ad := range addrs {
			if ipn, ok := ad.(*net.IPNet); ok && ipn.IP.To4() != nil && !ipn.IP.IsLinkLocalUnicast() {
				return ipn.IP.To4()
			}
		}
	}
	return nil
}

// virtualIf is a bridge or tunnel of Docker's or a VM's: its address is not one the
// learners' laptops can reach.
func virtualIf(name string) bool {
	for _, p := range []string{"docker", "br-", "veth", "virbr", "vboxnet", "vmnet", "cni", "flannel", "tun", "tap", "wg"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func courseUnits(c *lessons.Course) []server.Unit {
	var us []server.Unit
	for _, l := range c.Lessons {
		for _, ex := range l.Exercises {
			us = append(us, server.Unit{ID: ex.FullID(), Title: ex.Title})
		}
		for _, q := range l.Quizzes {
			us = append(us, server.Unit{ID: q.FullID(), Title: q.Title, Quiz: true})
		}
	}
	return us
}
