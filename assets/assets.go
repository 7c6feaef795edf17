// Package assets holds the files dockademy embeds besides the course: HTML templates
// under templates/ and files served as they are under static/. Packages take them as
// an fs.FS from the command layer, so that tests can pass their own.
package assets

import (
	"embed"
	"io/fs"
)

//go:embed templates static
var files embed.FS

// FS is the embedded files, rooted so that "templates/..." and "static/..." are
// top-level.
func FS() fs.FS { return files }
