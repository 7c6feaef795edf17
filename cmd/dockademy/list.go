package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/lessons"
)

type listOptions struct {
	json bool
}

// listJSON is the shape `list --json` prints; scripts read it.
type listJSON struct {
	Lang    string       `json:"lang"`
	Lessons []lessonJSON `json:"lessons"`
}

type lessonJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary,omitempty"`
	Images    []string   `json:"images"`
	Requires  []string   `json:"requires"`
	Exercises []unitJSON `json:"exercises"`
	Quizzes   []unitJSON `json:"quizzes"`
}

type unitJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind,omitempty"` // "file" or "command", for exercises
	Steps int    `json:"steps,omitempty"`
}

func (a *app) listCmd() *cobra.Command {
	opts := &listOptions{}
	cmd := &cobra.Command{
		Use:   "list [--lang ko|en] [--lessons <dir>] [--json]",
		Short: "List the lessons and their exercises",
		Example: `  dockademy list
  dockademy list --lang en --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runList(opts) },
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print JSON")
	return cmd
}

func (a *app) runList(opts *listOptions) error {
	ws, err := a.findWorkspace()
	if err != nil {
		return err
	}
	c, _, err := a.course(ws)
	if err != nil {
		return err
	}
	if opts.json {
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(courseJSON(c))
	}
	for i, l := range c.Lessons {
		fmt.Fprintf(a.io.Out, "%2d. %s  (%s)\n", i+1, l.Title, l.ID)
		for _, ex := range l.Exercises {
			fmt.Fprintf(a.io.Out, "      exercise  %-40s %s\n", ex.FullID(), ex.Title)
		}
		for _, q := range l.Quizzes {
			fmt.Fprintf(a.io.Out, "      quiz      %-40s %s\n", q.FullID(), q.Title)
		}
	}
	return nil
}

func courseJSON(c *lessons.Course) listJSON {
	out := listJSON{Lang: c.Lang, Lessons: []lessonJSON{}}
	for _, l := range c.Lessons {
		lj := lessonJSON{
			ID: l.ID, Title: l.Title, Summary: l.Summary,
			Images: nonNil(l.Images), Requires: nonNil(l.Requires),
			Exercises: []unitJSON{}, Quizzes: []unitJSON{},
		}
		for _, ex := range l.Exercises {
			kind := "file"
			if ex.IsCommand() {
				kind = "command"
			}
			lj.Exercises = append(lj.Exercises, unitJSON{ID: ex.ID, Title: ex.Title, Kind: kind, Steps: len(ex.Check)})
		}
		for _, q := range l.Quizzes {
			lj.Quizzes = append(lj.Quizzes, unitJSON{ID: q.ID, Title: q.Title})
		}
		out.Lessons = append(out.Lessons, lj)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
