package grade

import (
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/dockademy/dockademy/checker"
	"github.com/dockademy/dockademy/internal/i18n"
)

// Output formats of `grade --format`.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatJUnit  = "junit"
	FormatCSV    = "csv"
	FormatGitHub = "github"
)

// Formats lists the output formats, the default first.
var Formats = []string{FormatText, FormatJSON, FormatJUnit, FormatCSV, FormatGitHub}

// Write prints g in format.
func Write(w io.Writer, format string, g *Grades, lang string, color bool) error {
	switch format {
	case FormatText:
		return writeText(w, g, lang, color)
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(g)
	case FormatJUnit:
		return writeJUnit(w, g)
	case FormatCSV:
		return writeCSV(w, g)
	case FormatGitHub:
		return writeGitHub(w, g)
	}
	return fmt.Errorf("unknown format %q", format)
}

// outFiles names the file of each format in --out.
var outFiles = map[string]string{
	FormatText:   "report.txt",
	FormatJSON:   "results.json",
	FormatJUnit:  "junit.xml",
	FormatCSV:    "roster.csv",
	FormatGitHub: "github-output.txt",
}

// WriteDir writes every format into dir, and each submission's build output (capped)
// into dir/logs.
func WriteDir(dir string, g *Grades, lang string) error {
	if err := os.MkdirAll(filepath.Join(dir, "logs"), 0o755); err != nil {
		return err
	}
	for _, f := range Formats {
		var b strings.Builder
		if err := Write(&b, f, g, lang, false); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, outFiles[f]), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	for i, r := range g.Results {
		if r.BuildLog == "" {
			continue
		}
		name := fmt.Sprintf("%03d-%s.log", i+1, safeName(r.Submission))
		if err := os.WriteFile(filepath.Join(dir, "logs", name), []byte(r.BuildLog), 0o644); err != nil {
			return err
		}
	}
	return nil
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func safeName(sub string) string {
	s := unsafeChars.ReplaceAllString(filepath.Base(filepath.Clean(sub)), "_")
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

func writeText(w io.Writer, g *Grades, lang string, color bool) error {
	width := 0
	for _, r := range g.Results {
		width = max(width, len(r.Submission))
	}
	for _, r := range g.Results {
		mark, col := "✔", "\x1b[32m"
		switch {
		case r.Error != "":
			mark, col = "!", "\x1b[31m"
		case !r.Passed:
			mark, col = "✘", "\x1b[31m"
		}
		if color {
			mark = col + mark + "\x1b[0m"
		}
		fmt.Fprintf(w, "%s %-*s %3d/%d\n", mark, width, r.Submission, r.Score, r.MaxScore)
		if r.Error != "" {
			fmt.Fprintf(w, "    %s %s\n", i18n.Pick(lang, "error:", "오류:"), r.Error)
		}
		for _, st := range []checker.Status{checker.Failed, checker.Error, checker.Skipped} {
			var names []string
			for _, s := range r.Steps {
				if s.Status == st {
					names = append(names, s.Name)
				}
			}
			if len(names) > 0 {
				fmt.Fprintf(w, "    %s %s\n", statusWord(st, lang), strings.Join(names, ", "))
			}
		}
	}
	max := 0
	if len(g.Results) > 0 {
		max = g.Results[0].MaxScore
	}
	_, err := fmt.Fprintf(w, i18n.Pick(lang,
		"%d submission(s), %d passed, mean score %s/%d\n",
		"제출물 %d개, 통과 %d개, 평균 점수 %s/%d\n"),
		g.Summary.Submissions, g.Summary.Passed, strconv.FormatFloat(g.Summary.MeanScore, 'f', -1, 64), max)
	return err
}

func statusWord(s checker.Status, lang string) string {
	switch s {
	case checker.Failed:
		return i18n.Pick(lang, "failed:", "실패:")
	case checker.Error:
		return i18n.Pick(lang, "not judged:", "판정 불가:")
	}
	return i18n.Pick(lang, "skipped:", "건너뜀:")
}

func writeCSV(w io.Writer, g *Grades) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"submission", "score", "max_score", "passed", "error"})
	for _, r := range g.Results {
		_ = cw.Write([]string{r.Submission, strconv.Itoa(r.Score), strconv.Itoa(r.MaxScore), strconv.FormatBool(r.Passed), r.Error})
	}
	cw.Flush()
	return cw.Error()
}

// GitHub Classroom's autograding reporter reads, for each runner, an environment
// variable <RUNNER>_RESULTS holding this object as base64-encoded JSON; a workflow
// step gets it from this command's `result` output.
type classroomResult struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"` // pass, fail or error
	MaxScore int             `json:"max_score"`
	Tests    []classroomTest `json:"tests"`
}

type classroomTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Message  string `json:"message"`
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"`
}

// writeGitHub writes `result=<base64>` for one submission, ready to append to
// $GITHUB_OUTPUT; with several, one `result_<n>=` line each, in order.
func writeGitHub(w io.Writer, g *Grades) error {
	for i, r := range g.Results {
		cr := classroomResult{Version: 1, Status: "fail", MaxScore: r.MaxScore, Tests: []classroomTest{}}
		switch {
		case r.Failure == FailInfra:
			cr.Status = "error"
		case r.Passed:
			cr.Status = "pass"
		}
		if r.Error != "" {
			cr.Tests = append(cr.Tests, classroomTest{Name: "grading", Status: "error", Message: r.Error})
		}
		for _, s := range r.Steps {
			t := classroomTest{Name: s.Name, Status: "fail", Message: stepMessage(s), Score: s.Points, MaxScore: s.MaxPoints}
			switch s.Status {
			case checker.Passed:
				t.Status = "pass"
			case checker.Error:
				t.Status = "error"
			}
			cr.Tests = append(cr.Tests, t)
		}
		b, err := json.Marshal(cr)
		if err != nil {
			return err
		}
		key := "result"
		if len(g.Results) > 1 {
			key = fmt.Sprintf("result_%d", i+1)
		}
		if _, err := fmt.Fprintf(w, "%s=%s\n", key, base64.StdEncoding.EncodeToString(b)); err != nil {
			return err
		}
	}
	return nil
}

func stepMessage(s checker.StepResult) string {
	var parts []string
	for _, p := range [][2]string{{"", s.Message}, {"expected: ", s.Expected}, {"found: ", s.Actual}, {"hint: ", s.Hint}} {
		if p[1] != "" {
			parts = append(parts, p[0]+p[1])
		}
	}
	return strings.Join(parts, "\n")
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitMessage `xml:"failure"`
	Error     *junitMessage `xml:"error"`
	Skipped   *junitMessage `xml:"skipped"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes a test suite per submission and a test case per step; a
// submission with an error gets a "grading" case that errored.
func writeJUnit(w io.Writer, g *Grades) error {
	out := junitSuites{Name: "dockademy grade " + g.Exercise}
	for _, r := range g.Results {
		s := junitSuite{Name: r.Submission, Time: fmt.Sprintf("%.3f", r.Took.Seconds()), Properties: []junitProperty{
			{"score", strconv.Itoa(r.Score)}, {"max_score", strconv.Itoa(r.MaxScore)}, {"passed", strconv.FormatBool(r.Passed)},
		}}
		class := g.Exercise + "." + r.Submission
		if r.Error != "" {
			s.Cases = append(s.Cases, junitCase{Name: "grading", Classname: class, Error: &junitMessage{Message: r.Error, Text: r.Error}})
			s.Errors++
		}
		for _, st := range r.Steps {
			c := junitCase{Name: st.Name, Classname: class}
			msg := &junitMessage{Message: firstLine(st.Message), Text: stepMessage(st)}
			switch st.Status {
			case checker.Failed:
				c.Failure = msg
				s.Failures++
			case checker.Error:
				c.Error = msg
				s.Errors++
			case checker.Skipped:
				c.Skipped = msg
				s.Skipped++
			}
			s.Cases = append(s.Cases, c)
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
