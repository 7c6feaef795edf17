package server

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dockademy/dockademy/internal/classroom"
	"github.com/dockademy/dockademy/internal/classroom/store"
)

// exportRows is one row per learner and grid exercise, started or not.
func (s *Server) exportRows(ctx context.Context, c *store.Class) ([]classroom.ExportRow, error) {
	b, err := s.board(ctx, c)
	if err != nil {
		return nil, err
	}
	rows := []classroom.ExportRow{}
	for _, r := range b.Rows {
		for _, cl := range r.Cells {
			rows = append(rows, classroom.ExportRow{
				Learner: r.Learner.Name, LearnerID: r.Learner.ID, Exercise: cl.Unit, Status: cl.Status,
				Attempts: cl.Attempts, Hints: cl.Hints, Solution: cl.Solution, LastTime: cl.LastTime,
			})
		}
	}
	return rows, nil
}

func (s *Server) handleExportJSON(w http.ResponseWriter, r *http.Request, a *auth) {
	rows, err := s.exportRows(r.Context(), a.class)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, rows)
}

func (s *Server) handleExportCSV(w http.ResponseWriter, r *http.Request, a *auth) {
	rows, err := s.exportRows(r.Context(), a.class)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="class-`+time.Now().Format("2006-01-02")+`.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"learner", "learner_id", "exercise", "status", "attempts", "hints", "solution", "last_time"})
	for _, x := range rows {
		last := ""
		if !x.LastTime.IsZero() {
			last = x.LastTime.UTC().Format(time.RFC3339)
		}
		_ = cw.Write([]string{csvText(x.Learner), x.LearnerID, csvText(x.Exercise), x.Status,
			strconv.Itoa(x.Attempts), strconv.Itoa(x.Hints), strconv.FormatBool(x.Solution), last})
	}
	cw.Flush()
}

// csvText keeps a learner's name from being read as a formula by a spreadsheet
// ("=HYPERLINK(...)"): such a cell gets a leading apostrophe, as OWASP advises.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
