package runner

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// buildMessage is one JSON message of the classic builder's stream (the SDK's
// jsonmessage.JSONMessage would pull in terminal packages for its rendering).
type buildMessage struct {
	Stream   string `json:"stream"`
	Status   string `json:"status"`
	ID       string `json:"id"`
	Progress *struct {
		Current int64 `json:"current"`
		Total   int64 `json:"total"`
	} `json:"progressDetail"`
	ErrorDetail *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errorDetail"`
	Error string          `json:"error"`
	Aux   json.RawMessage `json:"aux"`
}

var (
	ansiRE      = regexp.MustCompile(`\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])`)
	stepRE      = regexp.MustCompile(`^Step (\d+)/(\d+) : (.*)$`)
	arrowIDRE   = regexp.MustCompile(`^ ---> ([0-9a-f]{12,64})$`)
	runningInRE = regexp.MustCompile(`^ ---> Running in ([0-9a-f]{12,64})$`)
)

func stripANSI(s string) string { return ansiRE.ReplaceAllString(s, "") }

// buildStream follows a classic build's output: it writes plain text to out, keeps a
// capped copy, and notes the current step, what the build created, and how it ended.
type buildStream struct {
	out     io.Writer
	log     capped
	partial string

	step     string // the current "Step N/M : INSTR" as the learner sees it
	instr    string
	fromStep bool
	stages   int // FROM steps seen
	cached   bool
	hiding   bool // inside dockademy's own LABEL step
	extra    int  // how many steps dockademy added

	running []string // intermediate containers ("Running in")
	// onRunning, when set, hears of each step's container as the builder starts it.
	onRunning func(id, instruction string)
	created   []string // intermediate images this build made (not from the cache)
	imageID   string

	errMsg  string
	errCode int
}

// newBuildStream follows a build to which dockademy added extraSteps LABEL steps.
func newBuildStream(out io.Writer, limit, extraSteps int) *buildStream {
	return &buildStream{out: out, log: capped{max: limit}, extra: extraSteps}
}

// consume reads the whole stream; an error is a broken stream, not a failed build.
func (b *buildStream) consume(r io.Reader) error {
	dec := json.NewDecoder(r)
	for {
		var m buildMessage
		if err := dec.Decode(&m); err != nil {
			b.flush()
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		b.handle(m)
	}
}

func (b *buildStream) handle(m buildMessage) {
	switch {
	case m.ErrorDetail != nil || m.Error != "":
		b.flush()
		msg := m.Error
		if m.ErrorDetail != nil {
			b.errCode = m.ErrorDetail.Code
			if m.ErrorDetail.Message != "" {
				msg = m.ErrorDetail.Message
			}
		}
		b.errMsg = stripANSI(msg)
		b.emit(b.errMsg)
	case len(m.Aux) > 0:
		var aux struct{ ID string }
		if json.Unmarshal(m.Aux, &aux) == nil && aux.ID != "" {
			b.imageID = aux.ID
		}
	case m.Stream != "":
		b.text(m.Stream)
	case m.Status != "":
		// Pull progress: one line per state change, not per progress tick.
		if m.Progress != nil && m.Progress.Total > 0 {
			return
		}
		if m.ID != "" {
			b.emit(m.ID + ": " + m.Status)
		} else {
			b.emit(m.Status)
		}
	}
}

func (b *buildStream) text(s string) {
	b.partial += stripANSI(s)
	for {
		i := strings.IndexAny(b.partial, "\r\n")
		if i < 0 {
			return
		}
		line := b.partial[:i]
		b.partial = b.partial[i+1:]
		b.line(line)
	}
}

func (b *buildStream) flush() {
	if b.partial != "" {
		line := b.partial
		b.partial = ""
		b.line(line)
	}
}

func (b *buildStream) line(l string) {
	if m := stepRE.FindStringSubmatch(l); m != nil {
		n, _ := strconv.Atoi(m[1])
		total, _ := strconv.Atoi(m[2])
		b.instr = m[3]
		b.fromStep = strings.EqualFold(firstWord(b.instr), "FROM")
		if b.fromStep {
			b.stages++
		}
		b.cached = false
		// The engine appends dockademy's labels as a last LABEL step; the learner
		// should see the steps of their own Dockerfile only.
		if strings.HasPrefix(b.instr, "LABEL "+labelPrefix) {
			b.hiding = true
			return
		}
		b.hiding = false
		b.step = fmt.Sprintf("Step %d/%d : %s", n, max(total-b.extra, n), b.instr)
		b.emit(b.step)
		return
	}
	if m := runningInRE.FindStringSubmatch(l); m != nil {
		b.running = append(b.running, m[1])
		if b.onRunning != nil {
			b.onRunning(m[1], b.instr)
		}
	} else if l == " ---> Using cache" {
		b.cached = true
	} else if m := arrowIDRE.FindStringSubmatch(l); m != nil && !b.cached && !b.fromStep {
		b.created = append(b.created, m[1])
	}
	if strings.HasPrefix(l, "Successfully built ") {
		b.hiding = false
	}
	if !b.hiding {
		b.emit(l)
	}
}

func (b *buildStream) emit(line string) {
	b.log.WriteString(line + "\n")
	if b.out != nil {
		_, _ = io.WriteString(b.out, line+"\n")
	}
}

func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// capped keeps the first max bytes written and notes that the rest was cut.
type capped struct {
	max  int
	buf  strings.Builder
	lost int64
}

func (c *capped) Write(p []byte) (int, error) {
	room := c.max - c.buf.Len()
	if room >= len(p) {
		c.buf.Write(p)
	} else {
		if room > 0 {
			c.buf.Write(p[:room])
		}
		c.lost += int64(len(p) - max(room, 0))
	}
	return len(p), nil
}

func (c *capped) WriteString(s string) { _, _ = c.Write([]byte(s)) }

// String is what was kept, for output that assertions compare.
func (c *capped) String() string { return c.buf.String() }

// Text is what was kept with a note of what was cut, for logs a person reads.
func (c *capped) Text() string {
	if c.lost > 0 {
		return c.buf.String() + fmt.Sprintf("\n[... %d more bytes not kept]\n", c.lost)
	}
	return c.buf.String()
}
