package lessons

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lessonFile is a minimal valid lesson.
func lessonFile(id string, extra ...string) *fstest.MapFile {
	src := "---\nid: " + id + "\ntitle: " + id + "\n"
	for _, e := range extra {
		src += e + "\n"
	}
	return &fstest.MapFile{Data: []byte(src + "---\n# " + id + "\n")}
}

func ids(c *Course) []string {
	var out []string
	for _, l := range c.Lessons {
		out = append(out, l.ID)
	}
	return out
}

func TestLoadCourse(t *testing.T) {
	fsys := fstest.MapFS{
		"en/10-ten.md":        lessonFile("ten", "requires: [two]"),
		"en/2-two.md":         lessonFile("two"),
		"en/01-one.md":        lessonFile("one"),
		"en/README.md":        {Data: []byte("# not a lesson\n")},
		"en/01-one/app.txt":   {Data: []byte("x")},
		"ko/01-one.md":        lessonFile("one"),
		"README.md":           {Data: []byte("# the course\n")},
		"testdata/x/whatever": {Data: []byte("")},
	}
	assert.Equal(t, []string{"en", "ko"}, Languages(fsys))

	c, err := LoadCourse(fsys, "en")
	require.NoError(t, err)
	assert.Equal(t, "en", c.Lang)
	assert.Equal(t, []string{"one", "two", "ten"}, ids(c))
	assert.Equal(t, []int{1, 2, 10}, []int{c.Lessons[0].Order, c.Lessons[1].Order, c.Lessons[2].Order})
	assert.Equal(t, "en/10-ten.md", c.Lessons[2].Path)
	assert.Equal(t, "en", c.Lessons[2].Lang)

	c, err = LoadCourse(fsys, "ko")
	require.NoError(t, err)
	assert.Equal(t, []string{"one"}, ids(c))
	assert.Equal(t, "ko", c.Lessons[0].Lang)

	c, err = LoadCourse(fsys, "")
	require.NoError(t, err)
	assert.Equal(t, "en", c.Lang, "en is the default language")

	_, err = LoadCourse(fsys, "fr")
	assert.ErrorContains(t, err, `no lessons for language "fr"`)
}

func TestLoadCourseFlat(t *testing.T) {
	fsys := fstest.MapFS{
		"b-second.md":       lessonFile("second", "requires: [first]"),
		"a-first.md":        lessonFile("first"),
		"c-korean.md":       lessonFile("korean", "lang: ko"),
		"README.md":         {Data: []byte("# about\n")},
		"assets/picture.md": {Data: []byte("not a lesson either")},
	}
	assert.Equal(t, []string{"en", "ko"}, Languages(fsys))

	c, err := LoadCourse(fsys, "en")
	require.NoError(t, err)
	assert.Equal(t, []string{"first", "second"}, ids(c), "name order; the ko lesson is left out")
	assert.Equal(t, []int{1, 2}, []int{c.Lessons[0].Order, c.Lessons[1].Order})
	assert.Equal(t, "a-first.md", c.Lessons[0].Path)

	c, err = LoadCourse(fsys, "ko")
	require.NoError(t, err)
	assert.Equal(t, []string{"first", "second", "korean"}, ids(c), "lessons that declare no lang are in every language")
	assert.Equal(t, "ko", c.Lessons[0].Lang)

	c, err = LoadCourse(fstest.MapFS{"02-b.md": lessonFile("b"), "01-a.md": lessonFile("a")}, "")
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, ids(c))
	assert.Equal(t, 2, c.Lessons[1].Order, "NN- prefixes order a flat course too")

	_, err = LoadCourse(fstest.MapFS{"README.md": {Data: []byte("# x\n")}}, "en")
	assert.ErrorContains(t, err, "no *.md files")
}

func TestLoadCourseErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"en/01-a.md":      lessonFile("a"),
		"en/02-b.md":      lessonFile("a", "requires: [c, nope, d]"),
		"en/02-c.md":      lessonFile("c"),
		"en/intro.md":     lessonFile("intro"),
		"en/03-d.md":      {Data: []byte("---\nid: d\n---\n")},
		"en/04-e.md":      lessonFile("e", "lang: ko"),
		"en/05-f.md":      {Data: []byte("---\nid: f\ntitle: F\n---\n```go {file=x src=05-f/x.go}\n```\n")},
		"en/05-f/nothing": {Data: nil},
	}
	_, err := LoadCourse(fsys, "en")
	var errs Errors
	require.True(t, errors.As(err, &errs), "got %v", err)
	assert.Equal(t, []string{
		"en/02-b.md:2: lesson id \"a\" is already used by en/01-a.md; give each lesson its own id",
		"en/02-b.md:4: requires \"nope\", but no lesson in this course has that id",
		"en/02-c.md: en/02-b.md has the same number; give each lesson its own NN",
		"en/03-d.md:2: the front matter has no title; add a line like title: My lesson",
		"en/04-e.md:4: lang: ko, but the lesson is loaded as en; remove the lang key or move the file",
		"en/05-f.md:5: a {file=...} block belongs in an exercise: put it under a heading like ## Title {#my-exercise .exercise}",
		"en/intro.md: name lesson files NN-slug.md, like 01-first-steps.md: NN orders the course",
	}, lines(errs))
}

func lines(errs Errors) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}

func TestParseFileSrc(t *testing.T) {
	fsys := fstest.MapFS{
		"en/01-web.md": {Data: []byte("---\nid: web\ntitle: Web\n---\n## E {#e .exercise}\n" +
			"```go {file=main.go src=01-web/main.go}\nignored\n```\n```go {solution file=main.go src=../shared/main.go mode=0600}\n```\n```yaml {check}\n- build: .\n```\n")},
		"en/01-web/main.go": {Data: []byte("package main // starter\n")},
		"shared/main.go":    {Data: []byte("package main // solution\n")},
	}
	l, err := ParseFile(fsys, "en/01-web.md", "")
	require.NoError(t, err)
	assert.Equal(t, "en", l.Lang, "the language folder names the language")
	e := l.Exercises[0]
	assert.Equal(t, "package main // starter\n", string(e.Files[0].Content))
	assert.Equal(t, "package main // solution\n", string(e.Solution[0].Content))
	assert.Equal(t, 0o600, int(e.Solution[0].Mode))

	_, err = ParseFile(fsys, "en/missing.md", "")
	assert.ErrorContains(t, err, "could not read lesson en/missing.md")
}

// TestEmbeddedCourse guards the course that ships in the binary: every language
// loads without an authoring error.
func TestEmbeddedCourse(t *testing.T) {
	langs := Languages(Embedded())
	if len(langs) == 0 {
		t.Skip("this build embeds no course")
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			c, err := LoadCourse(Embedded(), lang)
			require.NoError(t, err)
			assert.NotEmpty(t, c.Lessons)
		})
	}
}
