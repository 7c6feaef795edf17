package checker

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

func fileStep(o lessons.FileOptions) *lessons.Step {
	return &lessons.Step{Kind: lessons.KindFile, Subject: "/usr/local/bin/helloworld", Index: 2, Points: 1, File: o}
}

func script(mode fs.FileMode) runner.FileInfo {
	return runner.FileInfo{Exists: true, Path: "/usr/local/bin/helloworld", Mode: mode,
		Content: []byte("#!/bin/sh\necho \"Hello, World!\"\n")}
}

func TestFile(t *testing.T) {
	tests := []struct {
		name     string
		opts     lessons.FileOptions
		file     runner.FileInfo
		status   Status
		expected string
		actual   string
		message  string
	}{
		{name: "exists by default", file: script(0o644), status: Passed, actual: "mode 0644"},
		{name: "missing", file: runner.FileInfo{}, status: Failed,
			expected: "file /usr/local/bin/helloworld", actual: "no file /usr/local/bin/helloworld",
			message: "the last built image"},
		{name: "missing in a named image", opts: lessons.FileOptions{In: "example/app:1"}, file: runner.FileInfo{},
			status: Failed, message: "in image `example/app:1`"},
		{name: "absent as asked", opts: lessons.FileOptions{Exists: ptr(false)}, file: runner.FileInfo{}, status: Passed},
		{name: "present though it should not be", opts: lessons.FileOptions{Exists: ptr(false)}, file: script(0o644),
			status: Failed, actual: "mode 0644"},
		{name: "executable 0755", opts: lessons.FileOptions{Executable: ptr(true)}, file: script(0o755), status: Passed,
			actual: "mode 0755"},
		{name: "executable with only the group bit", opts: lessons.FileOptions{Executable: ptr(true)},
			file: script(0o654), status: Passed},
		{name: "not executable 0644", opts: lessons.FileOptions{Executable: ptr(true)}, file: script(0o644),
			status: Failed, expected: "executable (an x bit in its mode, e.g. 0755)", actual: "mode 0644",
			message: "`RUN chmod +x /usr/local/bin/helloworld`"},
		{name: "should not be executable", opts: lessons.FileOptions{Executable: ptr(false)}, file: script(0o755),
			status: Failed, expected: "not executable (no x bit)", actual: "mode 0755"},
		{name: "not executable as asked", opts: lessons.FileOptions{Executable: ptr(false)}, file: script(0o600),
			status: Passed},
		{name: "contains", opts: lessons.FileOptions{Contains: ptr("Hello, World!")}, file: script(0o755),
			status: Passed},
		{name: "does not contain", opts: lessons.FileOptions{Contains: ptr("Bye")}, file: script(0o755),
			status: Failed, expected: `content containing "Bye"`, actual: `content "#!/bin/sh\necho \"Hello, World!\"\n"`},
		{name: "empty file", opts: lessons.FileOptions{Contains: ptr("x")},
			file: runner.FileInfo{Exists: true, Mode: 0o644}, status: Failed, actual: "an empty file"},
		{name: "directory exists", file: runner.FileInfo{Exists: true, IsDir: true, Mode: fs.ModeDir | 0o755},
			status: Passed, actual: "a directory"},
		{name: "directory is not an executable file", opts: lessons.FileOptions{Executable: ptr(true)},
			file: runner.FileInfo{Exists: true, IsDir: true, Mode: fs.ModeDir | 0o755}, status: Failed,
			actual: "a directory", message: "is a directory, not a file"},
		{name: "symlink exists", file: runner.FileInfo{Exists: true, Mode: fs.ModeSymlink | 0o777, Link: "/app/hello"},
			status: Passed, actual: "symbolic link → /app/hello"},
		{name: "symlink is not judged as its target", opts: lessons.FileOptions{Executable: ptr(true), Contains: ptr("Hello")},
			file: runner.FileInfo{Exists: true, Mode: fs.ModeSymlink | 0o777, Link: "/app/hello"}, status: Failed,
			actual: "symbolic link → /app/hello; symbolic link → /app/hello", message: "does not follow links"},
		{name: "both options fail together", opts: lessons.FileOptions{Executable: ptr(true), Contains: ptr("Bye")},
			file: script(0o644), status: Failed, expected: `executable (an x bit in its mode, e.g. 0755); content containing "Bye"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := File(fileStep(tt.opts), tt.file, "en")
			assert.Equal(t, tt.status, v.Status, v.Message)
			if tt.expected != "" {
				assert.Equal(t, tt.expected, v.Expected)
			}
			if tt.actual != "" {
				assert.Equal(t, tt.actual, v.Actual)
			}
			assert.Contains(t, v.Message, tt.message)
		})
	}
}

func TestFileKorean(t *testing.T) {
	v := File(fileStep(lessons.FileOptions{Executable: ptr(true)}), script(0o644), "ko")
	assert.Equal(t, Failed, v.Status)
	assert.Equal(t, "실행 가능 (mode에 x 비트, 예: 0755)", v.Expected)
	assert.Equal(t, "mode 0644", v.Actual)
	assert.Equal(t, "`/usr/local/bin/helloworld` 파일에 실행 권한이 없습니다(mode 0644). "+
		"`RUN chmod +x /usr/local/bin/helloworld` 처럼 실행 권한을 주세요.", v.Message)

	v = File(fileStep(lessons.FileOptions{}), runner.FileInfo{}, "ko")
	assert.Equal(t, "마지막으로 빌드한 이미지에 `/usr/local/bin/helloworld` 파일이 없습니다. COPY가 파일을 어디에 넣는지 확인해 주세요.", v.Message)
}
