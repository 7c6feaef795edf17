package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/events"
	"github.com/dockademy/dockademy/internal/i18n"
	"github.com/dockademy/dockademy/internal/workspace"
	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// lessonPort is the host port that the course's lessons teach with.
const lessonPort = 9000

// minFreeDisk is the free space below which building the course's images may fail.
const minFreeDisk = 2 << 30

type doctorOptions struct {
	json bool
}

// doctorJSON is what `doctor --json` prints.
type doctorJSON struct {
	OK     bool              `json:"ok"`
	Engine doctorEngineJSON  `json:"engine"`
	Checks []doctorCheckJSON `json:"checks"`
}

type doctorEngineJSON struct {
	Reachable  bool   `json:"reachable"`
	Host       string `json:"host,omitempty"`
	Context    string `json:"context,omitempty"`
	Version    string `json:"version,omitempty"`
	APIVersion string `json:"api_version,omitempty"`
}

type doctorCheckJSON struct {
	Check   string `json:"check"` // "engine", "docker-cli", "port", "image", "disk"
	OK      bool   `json:"ok"`
	Message string `json:"message"`
	Remedy  string `json:"remedy,omitempty"`
}

func (a *app) doctorCmd() *cobra.Command {
	opts := &doctorOptions{}
	cmd := &cobra.Command{
		Use:   "doctor [--json]",
		Short: "Check that this machine is ready for the course",
		Long: `Check that this machine is ready for the course: the Docker Engine answers (and
which version), the docker command is installed (command exercises need it), the
host ports the course publishes are free, the course's base images are here or
can be pulled, and there is disk space. Each problem comes with its remedy.
DOCKER_HOST, --host and the active docker context are honoured.
Exit status: 0 when all is well, 1 with problems, 3 when the engine is unreachable.`,
		Example: `  dockademy doctor
  DOCKER_HOST=tcp://10.0.0.5:2375 dockademy doctor --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runDoctor(cmd.Context(), opts) },
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print JSON")
	return cmd
}

func (a *app) runDoctor(ctx context.Context, opts *doctorOptions) error {
	ws, err := a.findWorkspace()
	if err != nil {
		return err
	}
	c, lang, err := a.course(ws)
	if err != nil {
		return err
	}
	d := &doctorJSON{}
	add := func(check string, ok bool, msg, remedy string) {
		d.Checks = append(d.Checks, doctorCheckJSON{Check: check, OK: ok, Message: msg, Remedy: remedy})
	}

	client, cerr := a.connect(ctx, a.engineHost)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if cerr != nil {
		add("engine", false, engineDownMessage(cerr, lang), engineDownRemedy(cerr, lang))
	} else {
		defer client.Close()
		v, api := client.ServerVersion()
		d.Engine = doctorEngineJSON{Reachable: true, Host: client.Host(), Context: client.ContextName, Version: v, APIVersion: api}
		where := client.Host()
		if client.ContextName != "" {
			where += fmt.Sprintf(" (docker context %q)", client.ContextName)
		}
		add("engine", true, fmt.Sprintf(i18n.Pick(lang, "Docker Engine %s (API %s) at %s", "Docker Engine %s (API %s), 주소 %s"), v, api, where), "")
		if client.IgnoredAPIVersion != "" {
			add("engine", true, fmt.Sprintf(i18n.Pick(lang,
				"DOCKER_API_VERSION=%s is set; dockademy negotiates the version anyway",
				"DOCKER_API_VERSION=%s 이 설정되어 있지만 dockademy 는 버전을 협상해서 씁니다"), client.IgnoredAPIVersion), "")
		}
	}

	a.doctorCLI(add, lang)
	if client == nil || isLocalEngine(client.Host()) {
		a.doctorPorts(coursePorts(c), add, lang)
	}
	if client != nil {
		a.doctorImages(ctx, client, courseImages(c), add, lang)
	}
	a.doctorDisk(ctx, client, ws, add, lang)
	if ctx.Err() != nil {
		return ctx.Err()
	}

	d.OK = true
	var problems []events.Problem
	for _, ch := range d.Checks {
		if !ch.OK {
			d.OK = false
			problems = append(problems, events.Problem{Check: ch.Check, Message: ch.Message, Remedy: ch.Remedy})
		}
	}
	e := events.New(events.Doctor, "")
	e.Doctor = &events.DoctorResult{OK: d.OK, Problems: problems}
	a.recordEvent(ctx, ws, lang, e)

	if opts.json {
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d); err != nil {
			return err
		}
	} else {
		a.printDoctor(d, len(problems), lang)
	}
	switch {
	case cerr != nil:
		return &codeError{exitEngine, errors.New("")}
	case !d.OK:
		return errSilentFail
	}
	return nil
}

func engineDownMessage(err error, lang string) string {
	var ue *runner.UnreachableError
	if errors.As(err, &ue) {
		return fmt.Sprintf(i18n.Pick(lang,
			"the Docker Engine at %s is not reachable: %v",
			"%s 의 Docker 엔진에 연결할 수 없습니다: %v"), ue.Host, ue.Err)
	}
	return fmt.Sprintf(i18n.Pick(lang, "the Docker Engine is not reachable: %v", "Docker 엔진에 연결할 수 없습니다: %v"), err)
}

// engineDownRemedy says what to do about an engine that does not answer.
func engineDownRemedy(err error, lang string) string {
	if errors.Is(err, fs.ErrPermission) {
		return i18n.Pick(lang,
			"you may not use its socket: add yourself to the docker group ('sudo usermod -aG docker $USER', then log in again) or ask your administrator",
			"소켓을 쓸 권한이 없습니다: docker 그룹에 자신을 추가하고 ('sudo usermod -aG docker $USER' 후 다시 로그인) 다시 시도하거나 관리자에게 문의하세요")
	}
	return i18n.Pick(lang,
		"start Docker Desktop (or 'sudo systemctl start docker' on Linux) and try again; if the engine runs elsewhere, check DOCKER_HOST, --host and 'docker context ls'",
		"Docker Desktop 을 시작하거나 (리눅스는 'sudo systemctl start docker') 다시 시도하세요; 엔진이 다른 곳에 있다면 DOCKER_HOST, --host, 'docker context ls' 를 확인하세요")
}

func (a *app) printDoctor(d *doctorJSON, problems int, lang string) {
	color := a.io.Color()
	for _, ch := range d.Checks {
		mark := paintIf(color, "\x1b[32m", "✔")
		if !ch.OK {
			mark = paintIf(color, "\x1b[31m", "✘")
		}
		fmt.Fprintf(a.io.Out, "%s %s\n", mark, ch.Message)
		if ch.Remedy != "" {
			fmt.Fprintf(a.io.Out, "    %s %s\n", "→", ch.Remedy)
		}
	}
	if problems == 0 {
		fmt.Fprintln(a.io.Out, i18n.Pick(lang, "All is well: this machine is ready for the course.", "모두 좋습니다: 이 컴퓨터는 과정을 진행할 준비가 되었습니다."))
	} else {
		fmt.Fprintf(a.io.Out, i18n.Pick(lang, "%d problem(s) found.\n", "문제 %d개를 찾았습니다.\n"), problems)
	}
}

func (a *app) doctorCLI(add func(string, bool, string, string), lang string) {
	path, err := exec.LookPath("docker")
	if err != nil {
		add("docker-cli", false, i18n.Pick(lang,
			"the docker command is not on PATH: command exercises need it",
			"PATH 에 docker 명령이 없습니다: 명령 실습에 필요합니다"), i18n.Pick(lang,
			"install the Docker CLI (Docker Desktop includes it; on Debian/Ubuntu 'sudo apt install docker.io' or docker-ce-cli)",
			"Docker CLI 를 설치하세요 (Docker Desktop 에 들어 있습니다; Debian/Ubuntu 는 'sudo apt install docker.io' 또는 docker-ce-cli)"))
		return
	}
	add("docker-cli", true, fmt.Sprintf(i18n.Pick(lang, "docker command: %s", "docker 명령: %s"), path), "")
}

// coursePorts are the host ports that the course's checks and setups publish, and
// the lesson port.
func coursePorts(c *lessons.Course) []int {
	ports := []int{lessonPort}
	for _, l := range c.Lessons {
		for _, ex := range l.Exercises {
			for _, steps := range [][]lessons.Step{ex.Setup, ex.Check} {
				for _, s := range steps {
					if s.Kind != lessons.KindRun {
						continue
					}
					for _, p := range s.Run.Publish {
						if n := hostPort(p); n > 0 && !slices.Contains(ports, n) {
							ports = append(ports, n)
						}
					}
				}
			}
		}
	}
	slices.Sort(ports)
	return ports
}

// hostPort is the host port of "[IP:]HOST:CONTAINER[/PROTO]"; 0 for an ephemeral one.
func hostPort(publish string) int {
	spec, _, _ := strings.Cut(publish, "/")
	parts := strings.Split(spec, ":")
	if len(parts) < 2 {
		return 0
	}
	n, err := strconv.Atoi(parts[len(parts)-2])
	if err != nil || n <= 0 || n > 65535 {
		return 0
	}
	return n
}

func (a *app) doctorPorts(ports []int, add func(string, bool, string, string), lang string) {
	var free []string
	for _, p := range ports {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err == nil {
			l.Close()
			free = append(free, strconv.Itoa(p))
			continue
		}
		add("port", false, fmt.Sprintf(i18n.Pick(lang,
			"host port %d is in use: the course publishes containers on it",
			"호스트 포트 %d 를 이미 쓰고 있습니다: 과정의 컨테이너가 이 포트를 씁니다"), p), fmt.Sprintf(i18n.Pick(lang,
			"if a container holds it, 'docker ps --filter publish=%d' names it ('docker stop <name>'); otherwise find the program with 'ss -ltnp sport = :%d' (or 'lsof -i :%d') and stop it",
			"컨테이너가 쓰고 있다면 'docker ps --filter publish=%d' 로 찾아 'docker stop <이름>' 하세요; 아니면 'ss -ltnp sport = :%d' (또는 'lsof -i :%d') 로 프로그램을 찾아 멈추세요"), p, p, p))
	}
	if len(free) > 0 {
		add("port", true, fmt.Sprintf(i18n.Pick(lang, "host ports free: %s", "비어 있는 호스트 포트: %s"), strings.Join(free, ", ")), "")
	}
}

func (a *app) doctorImages(ctx context.Context, client *runner.Client, refs []string, add func(string, bool, string, string), lang string) {
	for _, ref := range refs {
		have, err := client.HasImage(ctx, ref)
		if err != nil {
			add("image", false, err.Error(), "")
			continue
		}
		if have {
			add("image", true, fmt.Sprintf(i18n.Pick(lang, "image %s is here", "이미지 %s 가 있습니다"), ref), "")
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		perr := client.CanPull(pctx, ref)
		cancel()
		if perr == nil {
			add("image", false, fmt.Sprintf(i18n.Pick(lang,
				"image %s is not here yet (it can be pulled)", "이미지 %s 가 아직 없습니다 (받을 수 있습니다)"), ref),
				i18n.Pick(lang, "run 'dockademy images pull'", "'dockademy images pull' 을 실행하세요"))
			continue
		}
		add("image", false, fmt.Sprintf(i18n.Pick(lang,
			"image %s is not here and cannot be pulled: %v", "이미지 %s 가 없고 받을 수도 없습니다: %v"), ref, perr),
			i18n.Pick(lang,
				"connect to the internet and run 'dockademy images pull', or load a file that your teacher made with 'dockademy images save FILE': 'dockademy images load FILE'",
				"인터넷에 연결해 'dockademy images pull' 을 실행하거나, 선생님이 'dockademy images save FILE' 로 만든 파일을 'dockademy images load FILE' 로 불러오세요"))
	}
}

// isLocalEngine reports whether the engine runs on this machine, so that its
// published ports and its data folder are this machine's.
func isLocalEngine(host string) bool {
	return strings.HasPrefix(host, "unix://") || strings.HasPrefix(host, "npipe://")
}

func (a *app) doctorDisk(ctx context.Context, client *runner.Client, ws *workspace.Workspace, add func(string, bool, string, string), lang string) {
	var dirs []string
	if client != nil && isLocalEngine(client.Host()) {
		if root, err := client.DataRoot(ctx); err == nil && root != "" {
			dirs = append(dirs, root)
		}
	}
	if ws != nil {
		dirs = append(dirs, ws.Root)
	} else if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	}
	for _, dir := range dirs {
		free, err := freeBytes(dir)
		if err != nil {
			continue // the engine's folder may be inside a virtual machine, or not ours to read
		}
		if free < minFreeDisk {
			add("disk", false, fmt.Sprintf(i18n.Pick(lang,
				"only %s free in %s: building the course's images needs about 2 GB",
				"%[2]s 에 남은 공간이 %[1]s 뿐입니다: 과정의 이미지를 만들려면 2GB 쯤 필요합니다"), units.HumanSize(float64(free)), dir),
				i18n.Pick(lang,
					"free some space: 'docker system prune' removes stopped containers and unused images",
					"공간을 비우세요: 'docker system prune' 은 멈춘 컨테이너와 쓰지 않는 이미지를 지웁니다"))
		} else {
			add("disk", true, fmt.Sprintf(i18n.Pick(lang, "%s free in %s", "%[2]s 에 %[1]s 남음"), units.HumanSize(float64(free)), dir), "")
		}
		return
	}
}
