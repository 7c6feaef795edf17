package lessons

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

var lessonFileName = regexp.MustCompile(`^(\d+)-[a-z0-9][a-z0-9-]*\.md$`)

// LoadCourse loads the lessons of one language from fsys, which is rooted at a lessons
// folder. Lessons are <lang>/NN-slug.md, in the order of NN. When fsys has no <lang>
// folder but holds *.md files itself (a teacher's course given with --lessons DIR),
// those are the course, in name order; a file there whose front matter declares
// another lang is left out. README.md files are never lessons. An empty lang picks
// "en" if fsys has it, else its first language.
//
// Authoring mistakes in any file, and across files (two lessons with one id, requires
// naming no lesson), come back together as Errors.
func LoadCourse(fsys fs.FS, lang string) (*Course, error) {
	if lang == "" {
		langs := Languages(fsys)
		if slices.Contains(langs, "en") || len(langs) == 0 {
			lang = "en"
		} else {
			lang = langs[0]
		}
	}
	ld := &loader{fsys: fsys, course: &Course{Lang: lang}, broken: map[string]bool{}}
	var err error
	if info, statErr := fs.Stat(fsys, lang); statErr == nil && info.IsDir() {
		err = ld.langDir(lang)
	} else {
		err = ld.flat(lang)
	}
	if err != nil {
		return nil, err
	}
	c, errs := ld.course, append(ld.errs, crossCheck(ld.course.Lessons, ld.broken)...)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return c, nil
}

func isLessonFile(e fs.DirEntry) bool {
	return !e.IsDir() && strings.HasSuffix(e.Name(), ".md") && !strings.EqualFold(e.Name(), "README.md")
}

// loader collects a course and every mistake in it.
type loader struct {
	fsys   fs.FS
	course *Course
	errs   Errors
	broken map[string]bool // ids of lessons that did not parse, so that requires of them are not reported
}

func (ld *loader) langDir(lang string) error {
	entries, err := fs.ReadDir(ld.fsys, lang)
	if err != nil {
		return fmt.Errorf("could not list lessons in %s: %w", lang, err)
	}
	byOrder := map[int]string{}
	found := false
	for _, e := range entries {
		if !isLessonFile(e) {
			continue
		}
		found = true
		name := path.Join(lang, e.Name())
		if !lessonFileName.MatchString(e.Name()) {
			ld.errs = append(ld.errs, &Error{File: name, Msg: "name lesson files NN-slug.md, like 01-first-steps.md: NN orders the course"})
			continue
		}
		order := orderOf(e.Name())
		if other, dup := byOrder[order]; dup {
			ld.errs = append(ld.errs, &Error{File: name, Msg: fmt.Sprintf("%s has the same number; give each lesson its own NN", other)})
		}
		byOrder[order] = name
		if err := ld.parse(name, lang, lang); err != nil {
			return err
		}
	}
	if !found {
		return fmt.Errorf("there are no lessons in %s/; add files named like 01-first-steps.md", lang)
	}
	slices.SortStableFunc(ld.course.Lessons, func(a, b *Lesson) int { return a.Order - b.Order })
	return nil
}

func (ld *loader) flat(lang string) error {
	entries, err := fs.ReadDir(ld.fsys, ".")
	if err != nil {
		return fmt.Errorf("could not list lessons: %w", err)
	}
	found := false
	for _, e := range entries { // ReadDir sorts by name
		if !isLessonFile(e) {
			continue
		}
		found = true
		if err := ld.parse(e.Name(), ".", lang); err != nil {
			return err
		}
	}
	if !found {
		return fmt.Errorf("there are no lessons for language %q: no %s/ folder and no *.md files", lang, lang)
	}
	return nil
}

// parse adds one lesson, or its mistakes. Only a failure to read is returned.
func (ld *loader) parse(name, dir, lang string) error {
	src, err := fs.ReadFile(ld.fsys, name)
	if err != nil {
		return fmt.Errorf("could not read lesson %s: %w", name, err)
	}
	head := peek(src)
	if dir == "." && head.Lang != "" && head.Lang != lang {
		return nil // a flat folder's lesson in another language
	}
	l, err := Parse(name, src, lang, ld.fsys, dir)
	var es Errors
	switch {
	case errors.As(err, &es):
		ld.errs = append(ld.errs, es...)
		ld.broken[head.ID] = true
	case err != nil:
		return err
	default:
		if l.Order == 0 {
			l.Order = len(ld.course.Lessons) + 1
		}
		ld.course.Lessons = append(ld.course.Lessons, l)
	}
	return nil
}

// crossCheck finds the mistakes that no single file shows.
func crossCheck(ls []*Lesson, broken map[string]bool) Errors {
	var errs Errors
	byID := map[string]*Lesson{}
	for _, l := range ls {
		if other, dup := byID[l.ID]; dup {
			errs = append(errs, &Error{File: l.Path, Line: frontMatterLine(l.Source, "id", l.ID),
				Msg: fmt.Sprintf("lesson id %q is already used by %s; give each lesson its own id", l.ID, other.Path)})
			continue
		}
		byID[l.ID] = l
	}
	for _, l := range ls {
		for _, req := range l.Requires {
			if byID[req] == nil && !broken[req] {
				errs = append(errs, &Error{File: l.Path, Line: frontMatterLine(l.Source, "requires", req),
					Msg: fmt.Sprintf("requires %q, but no lesson in this course has that id", req)})
			}
		}
	}
	return errs
}

// frontMatterLine finds the line of a value in the front matter, for errors found
// after parsing; 1 if it cannot be told.
func frontMatterLine(src []byte, key, value string) int {
	fm, _, ok := splitFrontMatter(src)
	if !ok {
		return 1
	}
	inKey := false
	for i, line := range strings.Split(string(fm), "\n") {
		if !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "-") {
			inKey = strings.HasPrefix(line, key+":")
		}
		if inKey && strings.Contains(line, value) {
			return i + 2
		}
	}
	return 1
}

// lessonHead is what a file's front matter says, read leniently before it is parsed.
type lessonHead struct {
	ID   string `yaml:"id"`
	Lang string `yaml:"lang"`
}

func peek(src []byte) lessonHead {
	var h lessonHead
	if fm, _, ok := splitFrontMatter(bytes.TrimPrefix(src, []byte("\uFEFF"))); ok {
		_ = yaml.Unmarshal(fm, &h) // a broken header is reported when the file is parsed
	}
	return h
}

// Languages lists the languages that fsys has lessons in: its folders that hold *.md
// files, or, for a flat folder of lessons, the lang keys they declare ("en" for a file
// that declares none).
func Languages(fsys fs.FS) []string {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	var langs []string
	for _, e := range entries {
		if !e.IsDir() || !langPattern.MatchString(e.Name()) {
			continue
		}
		sub, err := fs.ReadDir(fsys, e.Name())
		if err != nil {
			continue
		}
		if slices.ContainsFunc(sub, func(f fs.DirEntry) bool { return isLessonFile(f) && lessonFileName.MatchString(f.Name()) }) {
			langs = append(langs, e.Name())
		}
	}
	if len(langs) > 0 {
		return langs
	}
	for _, e := range entries {
		if !isLessonFile(e) {
			continue
		}
		src, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			continue
		}
		lang := cmp.Or(peek(src).Lang, "en")
		if !slices.Contains(langs, lang) {
			langs = append(langs, lang)
		}
	}
	slices.Sort(langs)
	return langs
}
