// Package submission turns what a learner handed in (a folder, a .zip, a .tar or a
// .tar.gz) into a private scratch folder that the grader may build from. Submissions
// are untrusted: every entry is checked before it is written, links may not lead out
// of the folder, special files are refused, and sizes and counts are capped, so that a
// hostile archive can neither write outside its folder nor fill the disk.
package submission

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dockademy/dockademy/internal/i18n"
)

// Limits cap what one submission may hold. A zero field takes its default.
type Limits struct {
	ArchiveSize   int64 // bytes of the archive file as handed in
	Files         int   // entries (files, folders, links)
	ExtractedSize int64 // bytes of all regular files once extracted
	ContextSize   int64 // bytes sent to the engine as the build context (.dockerignore applied)
}

// Defaults: room for any exercise of the course many times over, and far from what a
// grading machine's disk or the engine would notice.
const (
	DefaultArchiveSize   = 100 << 20
	DefaultFiles         = 10000
	DefaultExtractedSize = 200 << 20
	DefaultContextSize   = 100 << 20
)

// WithDefaults fills the zero fields.
func (l Limits) WithDefaults() Limits {
	if l.ArchiveSize <= 0 {
		l.ArchiveSize = DefaultArchiveSize
	}
	if l.Files <= 0 {
		l.Files = DefaultFiles
	}
	if l.ExtractedSize <= 0 {
		l.ExtractedSize = DefaultExtractedSize
	}
	if l.ContextSize <= 0 {
		l.ContextSize = DefaultContextSize
	}
	return l
}

// Prepared is a submission laid out in a scratch folder.
type Prepared struct {
	// Dir is the exercise folder: the scratch folder, or the single folder the archive
	// wrapped everything in ("alice/Dockerfile" is graded as "Dockerfile").
	Dir   string
	Files int   // entries written
	Size  int64 // bytes of regular files written
	root  string
}

// Close removes the scratch folder.
func (p *Prepared) Close() error { return os.RemoveAll(p.root) }

// Prepare copies or extracts src into a new folder under scratch (os.TempDir() when
// empty), checking every entry against lim. Errors that the submission causes are a
// *LimitError or an *UnsafeError; anything else is the grader's problem.
func Prepare(src, scratch string, lim Limits) (*Prepared, error) {
	lim = lim.WithDefaults()
	st, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	var kind format
	if st.IsDir() {
		kind = formatDir
	} else {
		if !st.Mode().IsRegular() {
			return nil, &UnsafeError{Entry: src, Reason: reasonNotArchive}
		}
		if st.Size() > lim.ArchiveSize {
			return nil, &LimitError{What: limitArchive, Limit: lim.ArchiveSize, Got: st.Size()}
		}
		if kind, err = sniff(src); err != nil {
			return nil, err
		}
	}
	root, err := os.MkdirTemp(scratch, "dockademy-submission-*")
	if err != nil {
		return nil, fmt.Errorf("could not make a scratch folder: %w", err)
	}
	// The scratch path itself may pass through links (/tmp on macOS); the escape check
	// compares real paths.
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		os.RemoveAll(root)
		return nil, fmt.Errorf("could not make a scratch folder: %w", err)
	}
	x := newExtractor(real, lim)
	switch kind {
	case formatDir:
		err = copyDir(src, x)
	case formatZip:
		err = extractZip(src, st.Size(), x)
	case formatTar:
		err = extractTar(src, false, x)
	case formatTarGz:
		err = extractTar(src, true, x)
	}
	if err == nil {
		err = x.finish()
	}
	if err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	p := &Prepared{Dir: unwrap(real), Files: x.files, Size: x.size, root: real}
	if n, err := ContextSize(p.Dir); err != nil {
		p.Close()
		return nil, err
	} else if n > lim.ContextSize {
		p.Close()
		return nil, &LimitError{What: limitContext, Limit: lim.ContextSize, Got: n}
	}
	return p, nil
}

type format int

const (
	formatDir format = iota
	formatZip
	formatTar
	formatTarGz
)

// sniff tells the archive format by its first bytes, and by its name only for old tar
// files without the ustar magic: a teacher's files are not always well named.
func sniff(path string) (format, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, err
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return formatZip, nil
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return formatTarGz, nil
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return formatTar, nil
	case strings.HasSuffix(strings.ToLower(path), ".tar"):
		return formatTar, nil
	}
	return 0, &UnsafeError{Entry: filepath.Base(path), Reason: reasonNotArchive}
}

// unwrap descends into the one folder that holds everything, as archivers and code
// hosts make ("alice-echo/Dockerfile"); files macOS adds do not count.
func unwrap(root string) string {
	entries, err := os.ReadDir(root)
	if err != nil {
		return root
	}
	var only fs.DirEntry
	for _, e := range entries {
		if e.Name() == "__MACOSX" || e.Name() == ".DS_Store" {
			continue
		}
		if only != nil {
			return root
		}
		only = e
	}
	if only == nil || only.Type() != fs.ModeDir {
		return root
	}
	return filepath.Join(root, only.Name())
}

// LimitError says that a submission is bigger than a cap allows.
type LimitError struct {
	What  string // one of the limit* names
	Limit int64
	Got   int64 // at least this much; 0 when unknown
}

const (
	limitArchive   = "archive size"
	limitFiles     = "file count"
	limitExtracted = "extracted size"
	limitContext   = "build context size"
)

func (e *LimitError) Error() string { return e.Localized("en") }

// Localized is the error in the grader's language.
func (e *LimitError) Localized(lang string) string {
	if e.What == limitFiles {
		return fmt.Sprintf(i18n.Pick(lang,
			"the submission has more than %d files, folders and links (the limit)",
			"제출물의 파일·폴더·링크가 %d개(한도)를 넘습니다"), e.Limit)
	}
	what := map[string][2]string{
		limitArchive:   {"the archive", "압축 파일"},
		limitExtracted: {"the extracted files", "압축을 푼 파일"},
		limitContext:   {"the build context", "빌드 컨텍스트"},
	}[e.What]
	if e.Got > 0 {
		return fmt.Sprintf(i18n.Pick(lang, "%s is %s, more than the limit of %s", "%s 크기가 %s로 한도 %s를 넘습니다"),
			i18n.Pick(lang, what[0], what[1]), size(e.Got), size(e.Limit))
	}
	return fmt.Sprintf(i18n.Pick(lang, "%s are bigger than the limit of %s", "%s 크기가 한도 %s를 넘습니다"),
		i18n.Pick(lang, what[0], what[1]), size(e.Limit))
}

// UnsafeError says that an entry of a submission was refused.
type UnsafeError struct {
	Entry  string // as named in the archive
	Reason string // one of the reason* names
	Target string // a link's target, when the entry is a link
}

const (
	reasonAbsolute   = "absolute path"
	reasonEscapes    = "leaves the folder"
	reasonLinkOut    = "link leads out of the folder"
	reasonLinkAbs    = "link to an absolute path"
	reasonLinkBroken = "link to nothing in the submission"
	reasonSpecial    = "special file"
	reasonDuplicate  = "appears twice"
	reasonNotArchive = "not a folder, .zip, .tar or .tar.gz"
	reasonBadName    = "invalid name"
	reasonNotDir     = "inside something that is not a folder"
)

func (e *UnsafeError) Error() string { return e.Localized("en") }

// Localized is the error in the grader's language.
func (e *UnsafeError) Localized(lang string) string {
	ko := map[string]string{
		reasonAbsolute:   "절대 경로입니다",
		reasonEscapes:    "폴더 밖을 가리킵니다",
		reasonLinkOut:    "폴더 밖을 가리키는 링크입니다",
		reasonLinkAbs:    "절대 경로를 가리키는 링크입니다",
		reasonLinkBroken: "제출물 안에 없는 것을 가리키는 링크입니다",
		reasonSpecial:    "특수 파일(장치, FIFO, 소켓)입니다",
		reasonDuplicate:  "두 번 들어 있습니다",
		reasonNotArchive: "폴더, .zip, .tar, .tar.gz 가 아닙니다",
		reasonBadName:    "이름이 올바르지 않습니다",
		reasonNotDir:     "폴더가 아닌 것 안에 있습니다",
	}
	reason := i18n.Pick(lang, e.Reason, ko[e.Reason])
	if e.Reason == reasonSpecial {
		reason = i18n.Pick(lang, "special file (device, FIFO or socket)", ko[e.Reason])
	}
	if e.Target != "" {
		return fmt.Sprintf(i18n.Pick(lang, "refused %q -> %q: %s", "%q -> %q 를 거부했습니다: %s"), e.Entry, e.Target, reason)
	}
	return fmt.Sprintf(i18n.Pick(lang, "refused %q: %s", "%q 를 거부했습니다: %s"), e.Entry, reason)
}

// IsSubmissionError reports whether err is the submission's fault (a cap, a refused
// entry) rather than the grader's.
func IsSubmissionError(err error) bool {
	var le *LimitError
	var ue *UnsafeError
	return errors.As(err, &le) || errors.As(err, &ue)
}

func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		if n%(1<<20) == 0 {
			return fmt.Sprintf("%d MiB", n>>20)
		}
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
