package submission

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

func extractZip(src string, size int64, x *extractor) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return &UnsafeError{Entry: filepath.Base(src), Reason: reasonNotArchive}
	}
	// The central directory says how many entries there are before anything is written.
	if len(zr.File) > x.lim.Files {
		return &LimitError{What: limitFiles, Limit: int64(x.lim.Files), Got: int64(len(zr.File))}
	}
	for _, zf := range zr.File {
		mode := zf.Mode()
		e := entry{name: zf.Name, exec: mode&0o111 != 0}
		switch {
		case mode&fs.ModeSymlink != 0:
			e.kind = kindSymlink
			target, err := readSmall(zf.Open)
			if err != nil {
				return fmt.Errorf("could not read the link %s: %w", zf.Name, err)
			}
			e.link = target
		case mode.IsDir():
			e.kind = kindDir
		case mode.IsRegular():
			e.open = func() (io.ReadCloser, error) { return zf.Open() }
		default:
			e.kind = kindSpecial
		}
		if err := x.add(e); err != nil {
			return err
		}
	}
	return nil
}

// readSmall reads a link's target, which a zip stores as the entry's content.
func readSmall(open func() (io.ReadCloser, error)) (string, error) {
	r, err := open()
	if err != nil {
		return "", err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, 4096))
	return string(b), err
}

func extractTar(src string, gzipped bool, x *extractor) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if gzipped {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return &UnsafeError{Entry: filepath.Base(src), Reason: reasonNotArchive}
		}
		defer gz.Close()
		// Headers and padding are not file content, but a bomb of empty entries still
		// costs time: bound everything the stream may expand to.
		r = &boundedReader{r: gz, left: x.lim.ExtractedSize + int64(x.lim.Files)*8192 + 1<<20, lim: x.lim.ExtractedSize}
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var le *LimitError
			if errors.As(err, &le) {
				return le
			}
			return &UnsafeError{Entry: filepath.Base(src), Reason: reasonNotArchive}
		}
		e := entry{name: h.Name, exec: h.Mode&0o111 != 0, link: h.Linkname}
		switch h.Typeflag {
		case tar.TypeReg, tar.TypeRegA:
			e.open = func() (io.ReadCloser, error) { return io.NopCloser(tr), nil }
		case tar.TypeDir:
			e.kind = kindDir
		case tar.TypeSymlink:
			e.kind = kindSymlink
		case tar.TypeLink:
			e.kind = kindHardlink
		default:
			e.kind = kindSpecial
		}
		if err := x.add(e); err != nil {
			return err
		}
	}
}

// boundedReader fails once more than left bytes came through.
type boundedReader struct {
	r    io.Reader
	left int64
	lim  int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, &LimitError{What: limitExtracted, Limit: b.lim}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// copyDir copies a submitted folder with the same rules as an archive: a learner's
// folder may hold links out of it, or sockets, as easily as an archive may.
func copyDir(src string, x *extractor) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		e := entry{name: filepath.ToSlash(rel)}
		switch t := d.Type(); {
		case t.IsDir():
			e.kind = kindDir
		case t&fs.ModeSymlink != 0:
			e.kind = kindSymlink
			if e.link, err = os.Readlink(p); err != nil {
				return err
			}
		case t.IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			e.exec = info.Mode()&0o111 != 0
			e.open = func() (io.ReadCloser, error) { return os.Open(p) }
		default:
			e.kind = kindSpecial
		}
		return x.add(e)
	})
}
