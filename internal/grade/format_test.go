package grade

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dockademy/dockademy/checker"
)

func sampleGrades() *Grades {
	steps := func(ok bool) []checker.StepResult {
		st := checker.Failed
		pts := 0
		if ok {
			st, pts = checker.Passed, 2
		}
		return []checker.StepResult{
			{Name: "build", Kind: "build", Status: checker.Passed},
			{Name: "says-hello", Kind: "http", Status: st, Points: pts, MaxPoints: 2, Expected: "Hello", Actual: "404", Message: "wrong answer", Hint: "look at /www"},
			{Name: "stops", Kind: "stop", Status: checker.Skipped, MaxPoints: 1},
		}
	}
	g := &Grades{Exercise: "web/echo", Results: []Result{
		{Submission: "alice.zip", Score: 2, MaxScore: 3, Passed: false, Steps: steps(true), Took: 1500 * time.Millisecond, BuildLog: "Step 1/2\n"},
		{Submission: "bob, the second/", Score: 0, MaxScore: 3, Steps: steps(false)},
		{Submission: "eve.tar.gz", MaxScore: 3, Error: `refused "../evil": leaves the folder`, Failure: FailSubmission, Steps: []checker.StepResult{}},
	}}
	g.Summary = summarize(g.Results)
	return g
}

func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, FormatJSON, sampleGrades(), "en", false))
	var got map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, "web/echo", got["exercise"])
	assert.Equal(t, map[string]any{"submissions": 3.0, "passed": 0.0, "mean_score": 0.67}, got["summary"])
	results := got["results"].([]any)
	require.Len(t, results, 3)
	first := results[0].(map[string]any)
	keys := []string{}
	for k := range first {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"submission", "score", "max_score", "passed", "error", "steps"}, keys)
	step := first["steps"].([]any)[1].(map[string]any)
	assert.ElementsMatch(t, []string{"name", "kind", "status", "points", "max_points", "expected", "actual", "message", "hint"}, mapKeys(step))
	third := results[2].(map[string]any)
	assert.Equal(t, []any{}, third["steps"], "an empty list, never null")
	assert.Contains(t, third["error"], "leaves the folder")
}

func mapKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestCSVRoster(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, FormatCSV, sampleGrades(), "en", false))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"submission", "score", "max_score", "passed", "error"},
		{"alice.zip", "2", "3", "false", ""},
		{"bob, the second/", "0", "3", "false", ""},
		{"eve.tar.gz", "0", "3", "false", `refused "../evil": leaves the folder`},
	}, rows)
}

func TestJUnit(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, FormatJUnit, sampleGrades(), "en", false))
	var got junitSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, 7, got.Tests, "a case per step, and one for the refused submission")
	assert.Equal(t, 1, got.Failures)
	assert.Equal(t, 1, got.Errors)
	assert.Equal(t, 2, got.Skipped)
	require.Len(t, got.Suites, 3)
	assert.Equal(t, "alice.zip", got.Suites[0].Name)
	assert.Equal(t, "1.500", got.Suites[0].Time)
	bob := got.Suites[1].Cases[1]
	require.NotNil(t, bob.Failure)
	assert.Equal(t, "wrong answer", bob.Failure.Message)
	assert.Contains(t, bob.Failure.Text, "expected: Hello")
	eve := got.Suites[2].Cases[0]
	require.NotNil(t, eve.Error)
	assert.Equal(t, "grading", eve.Name)
}

func TestGitHubClassroom(t *testing.T) {
	g := sampleGrades()
	one := &Grades{Exercise: g.Exercise, Results: g.Results[:1]}
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, FormatGitHub, one, "en", false))
	line := strings.TrimSpace(buf.String())
	require.True(t, strings.HasPrefix(line, "result="), line)
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(line, "result="))
	require.NoError(t, err)
	var cr classroomResult
	require.NoError(t, json.Unmarshal(raw, &cr))
	assert.Equal(t, 1, cr.Version)
	assert.Equal(t, "fail", cr.Status)
	assert.Equal(t, 3, cr.MaxScore)
	require.Len(t, cr.Tests, 3)
	assert.Equal(t, classroomTest{Name: "says-hello", Status: "pass", Message: "wrong answer\nexpected: Hello\nfound: 404\nhint: look at /www", Score: 2, MaxScore: 2}, cr.Tests[1])

	buf.Reset()
	require.NoError(t, Write(&buf, FormatGitHub, g, "en", false))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 3)
	assert.True(t, strings.HasPrefix(lines[2], "result_3="))
}

func TestText(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, FormatText, sampleGrades(), "en", false))
	assert.Equal(t, `✘ alice.zip          2/3
    skipped: stops
✘ bob, the second/   0/3
    failed: says-hello
    skipped: stops
! eve.tar.gz         0/3
    error: refused "../evil": leaves the folder
3 submission(s), 0 passed, mean score 0.67/3
`, buf.String())
}

func TestWriteDir(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, WriteDir(dir, sampleGrades(), "en"))
	for _, f := range []string{"report.txt", "results.json", "junit.xml", "roster.csv", "github-output.txt", "logs/001-alice.zip.log"} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	entries, err := os.ReadDir(filepath.Join(dir, "logs"))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "only submissions that built have a log")
}
