package checker

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

// File judges a file assertion against a file read out of an image.
//
// executable means that at least one of the three execute bits is set (mode&0111 != 0).
// Containers run as root unless the image says otherwise, and root may execute a
// regular file when any execute bit is set; requiring the owner's bit would fail a
// file that runs fine. A directory is never "executable" in this sense.
//
// The runner does not follow symbolic links, so a link at the path exists, but its
// target's mode and content are unknown: executable and contains fail on a link with a
// message that says so, rather than judging the link's own 0777 mode.
func File(s *lessons.Step, f runner.FileInfo, lang string) Verdict {
	o := s.File
	p := s.Subject
	in := imagePhrase(lang, o.In)
	if o.Exists != nil && !*o.Exists {
		want := msg(lang, vNoFile, p)
		if !f.Exists {
			return passed(want, want, msg(lang, mFileAbsentOK, p, in))
		}
		return failed(want, fileKind(lang, f), msg(lang, mFileShouldNotExist, p, in))
	}
	if !f.Exists {
		return failed(msg(lang, vFile, p), msg(lang, vNoFile, p), msg(lang, mFileMissing, p, in))
	}

	var checks findings
	if o.Executable != nil {
		checks.add(executable(lang, p, f, *o.Executable))
	}
	if o.Contains != nil {
		checks.add(contains(lang, p, f, *o.Contains))
	}
	if len(checks) == 0 {
		return passed(msg(lang, vFile, p), fileKind(lang, f), msg(lang, mFileOK, p, in))
	}
	return checks.verdict(msg(lang, mFileOK, p, in))
}

// imagePhrase names the image a file is read from, for a sentence.
func imagePhrase(lang, ref string) string {
	if ref == "" {
		return msg(lang, vLastBuilt)
	}
	return msg(lang, vImageRef, ref)
}

// fileKind says what is at the path: a mode, a directory or a link.
func fileKind(lang string, f runner.FileInfo) string {
	switch {
	case f.Link != "" || f.Mode&fs.ModeSymlink != 0:
		return msg(lang, vSymlink, f.Link)
	case f.IsDir || f.Mode.IsDir():
		return msg(lang, vDirectory)
	}
	return modeText(f.Mode)
}

func modeText(m fs.FileMode) string { return fmt.Sprintf("mode %04o", m.Perm()) }

// notRegular explains why a directory or a link cannot be judged as a file; ok is
// false when the path is one of them.
func notRegular(lang, p string, f runner.FileInfo) (string, bool) {
	switch {
	case f.Link != "" || f.Mode&fs.ModeSymlink != 0:
		return msg(lang, mFileIsLink, p, f.Link), false
	case f.IsDir || f.Mode.IsDir():
		return msg(lang, mFileIsDir, p), false
	}
	return "", true
}

func executable(lang, p string, f runner.FileInfo, want bool) (bool, string, string, string) {
	expected := msg(lang, vExecutable)
	if !want {
		expected = msg(lang, vNotExecutable)
	}
	if why, ok := notRegular(lang, p, f); !ok {
		return false, expected, fileKind(lang, f), why
	}
	isExec := f.Mode.Perm()&0o111 != 0
	m := msg(lang, mFileNotExecutable, p, fmt.Sprintf("%04o", f.Mode.Perm()))
	if !want {
		m = msg(lang, mFileExecutable, p, fmt.Sprintf("%04o", f.Mode.Perm()))
	}
	return isExec == want, expected, modeText(f.Mode), m
}

func contains(lang, p string, f runner.FileInfo, want string) (bool, string, string, string) {
	expected := msg(lang, vContaining, excerpt(want, excerptLen))
	if why, ok := notRegular(lang, p, f); !ok {
		return false, expected, fileKind(lang, f), why
	}
	actual := msg(lang, vContent, excerpt(string(f.Content), excerptLen))
	if len(f.Content) == 0 {
		actual = msg(lang, vEmptyFile)
	}
	return strings.Contains(string(f.Content), want), expected, actual,
		msg(lang, mFileNoText, p, excerpt(want, excerptLen))
}
