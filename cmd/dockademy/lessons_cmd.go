package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dockademy/dockademy/internal/lessontest"
	"github.com/dockademy/dockademy/lessons"
)

func (a *app) lessonsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lessons",
		Short: "Tools for lesson authors: lint and test a course",
	}
	cmd.AddCommand(a.lintCmd(), a.lessonTestCmd())
	return cmd
}

func (a *app) lintCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "lint [--lessons <dir>]",
		Short: "Parse every lesson and compare the languages of the course",
		Long: `Parse every lesson of every language and report every authoring error with its
file and line. Where the course has several languages, they must have the same
lessons, exercises, quizzes and checks.`,
		Example: `  dockademy lessons lint
  dockademy lessons lint --lessons ./my-course`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runLint() },
	}
}

func (a *app) runLint() error {
	fsys := a.courseFS(nil)
	langs := lessons.Languages(fsys)
	if len(langs) == 0 {
		lang, err := a.language(nil)
		if err != nil {
			return err
		}
		langs = []string{lang}
	}
	var courses []*lessons.Course
	var errs lessons.Errors
	for _, lang := range langs {
		c, err := lessons.LoadCourse(fsys, lang)
		var le lessons.Errors
		switch {
		case errors.As(err, &le):
			errs = append(errs, le...)
			continue
		case err != nil:
			return err
		}
		courses = append(courses, c)
		exercises, quizzes := 0, 0
		for _, l := range c.Lessons {
			exercises += len(l.Exercises)
			quizzes += len(l.Quizzes)
		}
		fmt.Fprintf(a.io.Out, "%s: %d lessons, %d exercises, %d quizzes\n", lang, len(c.Lessons), exercises, quizzes)
	}
	if len(errs) > 0 {
		return errs
	}
	var diffs []string
	for i := 1; i < len(courses); i++ {
		diffs = append(diffs, lessontest.Compare(courses[0], courses[i])...)
	}
	if len(diffs) > 0 {
		return &codeError{exitFailed, fmt.Errorf("the languages differ:\n  %s", strings.Join(diffs, "\n  "))}
	}
	if len(courses) > 1 {
		fmt.Fprintf(a.io.Out, "ok: %s have the same lessons, exercises and checks\n", strings.Join(langs, " and "))
	} else {
		fmt.Fprintln(a.io.Out, "ok")
	}
	return nil
}

type lessonTestOptions struct {
	json bool
	jobs int
}

func (a *app) lessonTestCmd() *cobra.Command {
	opts := &lessonTestOptions{}
	cmd := &cobra.Command{
		Use:   "test [--lessons <dir>] [<id>...]",
		Short: "Prove every exercise on the engine: starters fail, solutions pass, mistakes fail",
		Long: `For each exercise, in a scratch folder on the real Docker Engine: the starter
files must fail the check, the reference solution must pass it, and every typical
mistake must fail it. An <id> is a lesson id or <lesson-id>/<exercise-id>.
Everything the test creates on the engine is removed afterwards.`,
		Example: `  dockademy lessons test
  dockademy lessons test dockerfile-basics port-forwarding/publish`,
		RunE: func(cmd *cobra.Command, args []string) error { return a.runLessonTest(cmd.Context(), args, opts) },
	}
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the results as JSON")
	cmd.Flags().IntVar(&opts.jobs, "jobs", 3, "file exercises tested at a time (command exercises always run alone)")
	return cmd
}

func (a *app) runLessonTest(ctx context.Context, ids []string, opts *lessonTestOptions) error {
	c, lang, err := a.course(nil)
	if err != nil {
		return err
	}
	exercises, err := selectExercises(c, ids)
	if err != nil {
		return err
	}
	client, err := a.engine(ctx)
	if err != nil {
		return err
	}
	defer client.Close()

	topts := lessontest.Options{Lang: lang}
	if !opts.json {
		topts.Progress = func(ex, phase string) { fmt.Fprintf(a.io.ErrOut, "… %s: %s\n", ex, phase) }
	}
	results := lessontest.Course(ctx, client, exercises, topts, opts.jobs)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	bad := 0
	for _, r := range results {
		if !r.OK {
			bad++
		}
		if !opts.json {
			printLessonTest(a, r)
		}
	}
	if opts.json {
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(results); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(a.io.Out, "%d exercises: %d proven, %d with problems\n", len(results), len(results)-bad, bad)
	}
	if bad > 0 {
		return errSilentFail
	}
	return nil
}

func printLessonTest(a *app, r lessontest.Result) {
	mark := "ok  "
	if !r.OK {
		mark = "FAIL"
	}
	fmt.Fprintf(a.io.Out, "%s %s\n", mark, r.Exercise)
	for _, p := range r.Phases {
		var what string
		switch {
		case p.Error != "" && !p.OK:
			what = "ERROR: " + p.Error
		case p.WantPass && p.OK:
			what = "passes"
		case p.WantPass:
			what = "does NOT pass: " + p.Error
		case p.OK:
			what = "fails as it must; caught by " + strings.Join(p.Caught, ", ")
		default:
			what = "PASSES but must fail"
		}
		fmt.Fprintf(a.io.Out, "     %-24s %s (%.1fs)\n", p.Name, what, p.Took.Seconds())
		if p.Output != "" {
			fmt.Fprintf(a.io.Out, "       %s\n", strings.ReplaceAll(strings.TrimSpace(p.Output), "\n", "\n       "))
		}
	}
}

// selectExercises picks the exercises that ids name: a lesson id takes all of its
// exercises; no ids take the whole course.
func selectExercises(c *lessons.Course, ids []string) ([]*lessons.Exercise, error) {
	var out []*lessons.Exercise
	if len(ids) == 0 {
		for _, l := range c.Lessons {
			out = append(out, l.Exercises...)
		}
		return out, nil
	}
	for _, id := range ids {
		found := false
		for _, l := range c.Lessons {
			for _, ex := range l.Exercises {
				if l.ID == id || ex.FullID() == id {
					out = append(out, ex)
					found = true
				}
			}
		}
		if !found {
			return nil, usageErr("no lesson or exercise %q in the course; 'dockademy list' shows them", id)
		}
	}
	return out, nil
}
