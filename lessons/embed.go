package lessons

import (
	"embed"
	"io/fs"
)

//go:embed ko en
var course embed.FS

// Embedded returns the course built into the binary, with ko/ and en/ at its top,
// ready for LoadCourse.
func Embedded() fs.FS { return course }
