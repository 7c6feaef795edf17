package submission

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// member is one archive entry for a test.
type member struct {
	name string
	body string
	mode int64
	kind byte // tar type flag; 0 is a regular file
	link string
}

func file(name, body string) member   { return member{name: name, body: body, mode: 0o644} }
func script(name, body string) member { return member{name: name, body: body, mode: 0o755} }
func dir(name string) member          { return member{name: name, kind: tar.TypeDir, mode: 0o755} }
func symlink(name, target string) member {
	return member{name: name, kind: tar.TypeSymlink, link: target, mode: 0o777}
}
func hardlink(name, target string) member {
	return member{name: name, kind: tar.TypeLink, link: target, mode: 0o644}
}

func writeTar(t *testing.T, gz bool, members ...member) string {
	t.Helper()
	var buf bytes.Buffer
	var tw *tar.Writer
	var zw *gzip.Writer
	if gz {
		zw = gzip.NewWriter(&buf)
		tw = tar.NewWriter(zw)
	} else {
		tw = tar.NewWriter(&buf)
	}
	for _, m := range members {
		h := &tar.Header{Name: m.name, Mode: m.mode, Typeflag: m.kind, Linkname: m.link}
		if m.kind == 0 {
			h.Typeflag = tar.TypeReg
			h.Size = int64(len(m.body))
		}
		require.NoError(t, tw.WriteHeader(h))
		if m.kind == 0 {
			_, err := tw.Write([]byte(m.body))
			require.NoError(t, err)
		}
	}
	require.NoError(t, tw.Close())
	name := "sub.tar"
	if gz {
		require.NoError(t, zw.Close())
		name = "sub.tar.gz"
	}
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return p
}

func writeZip(t *testing.T, members ...member) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		body := m.body
		switch m.kind {
		case tar.TypeDir:
			h.Name = strings.TrimSuffix(m.name, "/") + "/"
			h.SetMode(fs.ModeDir | 0o755)
		case tar.TypeSymlink:
			h.SetMode(fs.ModeSymlink | 0o777)
			body = m.link
		case tar.TypeFifo:
			h.SetMode(fs.ModeNamedPipe | 0o644)
		default:
			h.SetMode(fs.FileMode(m.mode))
		}
		w, err := zw.CreateHeader(h)
		require.NoError(t, err)
		_, err = w.Write([]byte(body))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	p := filepath.Join(t.TempDir(), "sub.zip")
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return p
}

var echo = []member{
	file("Dockerfile", "FROM busybox:1.35\n"),
	script("echo-server", "#!/bin/sh\n"),
	dir("www"),
	file("www/index.html", "Hello Docker!!\n"),
}

func TestPrepareGoodSubmissions(t *testing.T) {
	wrapped := []member{dir("alice"), file("alice/Dockerfile", "FROM busybox:1.35\n"), script("alice/echo-server", "#!/bin/sh\n"),
		file("alice/www/index.html", "Hello Docker!!\n"), file("__MACOSX/._alice", "junk")}
	withLink := append(append([]member{}, echo...), symlink("index.html", "www/index.html"), hardlink("copy.html", "www/index.html"))
	tests := []struct {
		name string
		src  func(t *testing.T) string
	}{
		{"zip", func(t *testing.T) string { return writeZip(t, echo...) }},
		{"tar", func(t *testing.T) string { return writeTar(t, false, echo...) }},
		{"tar.gz", func(t *testing.T) string { return writeTar(t, true, echo...) }},
		{"tar.gz with links inside", func(t *testing.T) string { return writeTar(t, true, withLink...) }},
		{"zip wrapped in one folder", func(t *testing.T) string { return writeZip(t, wrapped...) }},
		{"tar wrapped in one folder", func(t *testing.T) string { return writeTar(t, false, wrapped...) }},
		{"folder", func(t *testing.T) string { return writeFolder(t, echo...) }},
		{"folder with a link inside", func(t *testing.T) string {
			return writeFolder(t, append(append([]member{}, echo...), symlink("index.html", "www/index.html"))...)
		}},
		{"tar named .tgz", func(t *testing.T) string {
			p := writeTar(t, true, echo...)
			q := strings.TrimSuffix(p, ".tar.gz") + ".tgz"
			require.NoError(t, os.Rename(p, q))
			return q
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Prepare(tt.src(t), t.TempDir(), Limits{})
			require.NoError(t, err)
			defer p.Close()
			got, err := os.ReadFile(filepath.Join(p.Dir, "www", "index.html"))
			require.NoError(t, err)
			assert.Equal(t, "Hello Docker!!\n", string(got))
			st, err := os.Stat(filepath.Join(p.Dir, "echo-server"))
			require.NoError(t, err)
			assert.NotZero(t, st.Mode()&0o100, "the script keeps its execute bit")
			st, err = os.Stat(filepath.Join(p.Dir, "Dockerfile"))
			require.NoError(t, err)
			assert.Zero(t, st.Mode()&0o111, "a plain file gets no execute bit")
			if strings.Contains(tt.name, "link") {
				got, err := os.ReadFile(filepath.Join(p.Dir, "index.html"))
				require.NoError(t, err)
				assert.Equal(t, "Hello Docker!!\n", string(got))
			}
		})
	}
}

func TestPrepareRefusesHostileSubmissions(t *testing.T) {
	small := Limits{Files: 4, ExtractedSize: 1000, ArchiveSize: 4000, ContextSize: 500}
	big := strings.Repeat("x", 2000)
	tests := []struct {
		name   string
		src    func(t *testing.T) string
		lim    Limits
		reason string // an UnsafeError reason, or a LimitError what
	}{
		{"zip slip", func(t *testing.T) string { return writeZip(t, file("../evil", "x")) }, Limits{}, reasonEscapes},
		{"tar slip deep", func(t *testing.T) string { return writeTar(t, false, file("a/../../evil", "x")) }, Limits{}, reasonEscapes},
		{"backslash slip", func(t *testing.T) string { return writeZip(t, file(`..\evil`, "x")) }, Limits{}, reasonEscapes},
		{"absolute path tar", func(t *testing.T) string { return writeTar(t, false, file("/tmp/evil", "x")) }, Limits{}, reasonAbsolute},
		{"absolute path zip", func(t *testing.T) string { return writeZip(t, file("/tmp/evil", "x")) }, Limits{}, reasonAbsolute},
		{"drive letter", func(t *testing.T) string { return writeZip(t, file("C:/evil", "x")) }, Limits{}, reasonAbsolute},
		{"symlink out", func(t *testing.T) string { return writeTar(t, true, symlink("passwd", "../../etc/passwd")) }, Limits{}, reasonLinkOut},
		{"symlink out zip", func(t *testing.T) string { return writeZip(t, symlink("passwd", "../etc/passwd")) }, Limits{}, reasonLinkOut},
		{"symlink absolute", func(t *testing.T) string { return writeTar(t, false, symlink("passwd", "/etc/passwd")) }, Limits{}, reasonLinkAbs},
		{"write through a symlink", func(t *testing.T) string {
			return writeTar(t, false, symlink("s", "."), file("s/evil", "x"))
		}, Limits{}, reasonNotDir},
		{"symlink chain out", func(t *testing.T) string {
			return writeTar(t, false, dir("d/e"), symlink("d/e/s", "../.."), symlink("a", "d/e/s/.."))
		}, Limits{}, reasonLinkOut},
		{"symlink to nothing", func(t *testing.T) string { return writeTar(t, false, symlink("a", "missing")) }, Limits{}, reasonLinkBroken},
		{"symlink over a folder", func(t *testing.T) string {
			return writeTar(t, false, file("d/x", "x"), symlink("d", "."))
		}, Limits{}, reasonDuplicate},
		{"hardlink out", func(t *testing.T) string { return writeTar(t, false, hardlink("h", "../../etc/passwd")) }, Limits{}, reasonLinkOut},
		{"hardlink to nothing", func(t *testing.T) string { return writeTar(t, false, hardlink("h", "missing")) }, Limits{}, reasonLinkBroken},
		{"fifo in tar", func(t *testing.T) string {
			return writeTar(t, false, member{name: "pipe", kind: tar.TypeFifo, mode: 0o644})
		}, Limits{}, reasonSpecial},
		{"device in tar", func(t *testing.T) string {
			return writeTar(t, false, member{name: "sda", kind: tar.TypeBlock, mode: 0o644})
		}, Limits{}, reasonSpecial},
		{"fifo in zip", func(t *testing.T) string {
			return writeZip(t, member{name: "pipe", kind: tar.TypeFifo})
		}, Limits{}, reasonSpecial},
		{"fifo in folder", func(t *testing.T) string {
			d := writeFolder(t, echo...)
			require.NoError(t, syscall.Mkfifo(filepath.Join(d, "pipe"), 0o644))
			return d
		}, Limits{}, reasonSpecial},
		{"symlink out of a folder", func(t *testing.T) string {
			return writeFolder(t, append(append([]member{}, echo...), symlink("shadow", "/etc/shadow"))...)
		}, Limits{}, reasonLinkAbs},
		{"duplicate entry", func(t *testing.T) string { return writeTar(t, false, file("a", "1"), file("a", "2")) }, Limits{}, reasonDuplicate},
		{"not an archive", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "notes.txt")
			require.NoError(t, os.WriteFile(p, []byte("hello"), 0o644))
			return p
		}, Limits{}, reasonNotArchive},
		{"too many files zip", func(t *testing.T) string { return writeZip(t, many(5)...) }, small, limitFiles},
		{"too many files tar", func(t *testing.T) string { return writeTar(t, true, many(5)...) }, small, limitFiles},
		{"too many files folder", func(t *testing.T) string { return writeFolder(t, many(5)...) }, small, limitFiles},
		{"too big zip", func(t *testing.T) string { return writeZip(t, file("big", big)) }, small, limitExtracted},
		{"too big tar", func(t *testing.T) string { return writeTar(t, false, file("big", big)) }, small, limitExtracted},
		{"too big folder", func(t *testing.T) string { return writeFolder(t, file("big", big)) }, small, limitExtracted},
		{"gzip bomb", func(t *testing.T) string {
			return writeTar(t, true, file("zeros", strings.Repeat("\x00", 1<<20)))
		}, small, limitExtracted},
		{"archive too big", func(t *testing.T) string {
			return writeTar(t, false, file("a", "1"), file("b", "2"), file("c", "3"), file("d", "4"))
		}, small, limitArchive},
		{"context too big", func(t *testing.T) string {
			return writeTar(t, true, file("a", strings.Repeat("a", 300)), file("b", strings.Repeat("b", 300)))
		}, small, limitContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scratch := t.TempDir()
			p, err := Prepare(tt.src(t), scratch, tt.lim)
			if p != nil {
				p.Close()
			}
			require.Error(t, err)
			assert.True(t, IsSubmissionError(err), "a submission error: %v", err)
			var ue *UnsafeError
			var le *LimitError
			switch {
			case errors.As(err, &ue):
				assert.Equal(t, tt.reason, ue.Reason, "%v", err)
			case errors.As(err, &le):
				assert.Equal(t, tt.reason, le.What, "%v", err)
			}
			left, _ := os.ReadDir(scratch)
			assert.Empty(t, left, "the scratch folder is removed")
			_, err = os.Lstat(filepath.Join(filepath.Dir(scratch), "evil"))
			assert.ErrorIs(t, err, fs.ErrNotExist, "nothing was written outside")
		})
	}
}

func TestContextSizeHonoursDockerignore(t *testing.T) {
	d := writeFolder(t, file("Dockerfile", "FROM x\n"), file(".dockerignore", "big\n*.log\n"),
		file("big/blob", strings.Repeat("b", 5000)), file("app.log", strings.Repeat("l", 100)), file("keep", "12345"))
	n, err := ContextSize(d)
	require.NoError(t, err)
	assert.Equal(t, int64(len("FROM x\n")+len("big\n*.log\n")+5), n)

	p, err := Prepare(d, t.TempDir(), Limits{ContextSize: 100})
	require.NoError(t, err, "what .dockerignore leaves out does not count")
	p.Close()
}

func TestLocalizedMessages(t *testing.T) {
	le := &LimitError{What: limitExtracted, Limit: 100 << 20}
	assert.Equal(t, "the extracted files are bigger than the limit of 100 MiB", le.Localized("en"))
	assert.Contains(t, le.Localized("ko"), "100 MiB")
	ue := &UnsafeError{Entry: "passwd", Target: "../etc/passwd", Reason: reasonLinkOut}
	assert.Equal(t, `refused "passwd" -> "../etc/passwd": link leads out of the folder`, ue.Error())
	assert.Contains(t, ue.Localized("ko"), "폴더 밖")
}

func many(n int) []member {
	var ms []member
	for i := range n {
		ms = append(ms, file(string(rune('a'+i)), "x"))
	}
	return ms
}

func writeFolder(t *testing.T, members ...member) string {
	t.Helper()
	d := t.TempDir()
	for _, m := range members {
		p := filepath.Join(d, filepath.FromSlash(m.name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		switch m.kind {
		case tar.TypeDir:
			require.NoError(t, os.MkdirAll(p, 0o755))
		case tar.TypeSymlink:
			require.NoError(t, os.Symlink(m.link, p))
		default:
			require.NoError(t, os.WriteFile(p, []byte(m.body), fs.FileMode(m.mode)))
		}
	}
	return d
}
