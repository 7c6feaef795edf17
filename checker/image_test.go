package checker

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/dockademy/dockademy/lessons"
	"github.com/dockademy/dockademy/runner"
)

func imageStep(o lessons.ImageOptions) *lessons.Step {
	return &lessons.Step{Kind: lessons.KindImage, Subject: "example/helloworld:latest", Index: 2, Points: 1, Image: o}
}

func helloImage() runner.ImageInfo {
	return runner.ImageInfo{
		Exists:     true,
		ID:         "sha256:0123456789abcdef0123",
		Cmd:        []string{"helloworld"},
		Entrypoint: nil,
		Exposes:    []string{"8080/tcp"},
		Env:        map[string]string{"PATH": "/usr/bin", "MODE": "prod"},
		Workdir:    "/app",
		User:       "app",
		Labels:     map[string]string{"org.opencontainers.image.title": "hello"},
		Size:       1_945_000,
	}
}

func TestImage(t *testing.T) {
	tests := []struct {
		name     string
		opts     lessons.ImageOptions
		img      func(*runner.ImageInfo)
		status   Status
		expected string
		actual   string
		message  string
	}{
		{name: "exists by default", status: Passed,
			expected: "image example/helloworld:latest", actual: "image example/helloworld:latest (0123456789ab)"},
		{name: "missing", img: func(i *runner.ImageInfo) { *i = runner.ImageInfo{} }, status: Failed,
			expected: "image example/helloworld:latest", actual: "no image example/helloworld:latest",
			message: "`docker images`"},
		{name: "absent as asked", opts: lessons.ImageOptions{Exists: ptr(false)},
			img: func(i *runner.ImageInfo) { *i = runner.ImageInfo{} }, status: Passed},
		{name: "present though it should not be", opts: lessons.ImageOptions{Exists: ptr(false)}, status: Failed,
			expected: "no image example/helloworld:latest", actual: "image example/helloworld:latest (0123456789ab)",
			message: "docker rmi example/helloworld:latest"},
		{name: "cmd matches", opts: lessons.ImageOptions{HasCmd: true, Cmd: []string{"helloworld"}}, status: Passed,
			expected: `CMD ["helloworld"]`, actual: `CMD ["helloworld"]`},
		{name: "cmd differs", opts: lessons.ImageOptions{HasCmd: true, Cmd: []string{"helloworld"}},
			img: func(i *runner.ImageInfo) { i.Cmd = []string{"sh"} }, status: Failed,
			expected: `CMD ["helloworld"]`, actual: `CMD ["sh"]`, message: "CMD"},
		{name: "cmd shell form is a different list", opts: lessons.ImageOptions{HasCmd: true, Cmd: []string{"helloworld"}},
			img: func(i *runner.ImageInfo) { i.Cmd = []string{"/bin/sh", "-c", "helloworld"} }, status: Failed,
			actual: `CMD ["/bin/sh", "-c", "helloworld"]`},
		{name: "empty cmd means no CMD", opts: lessons.ImageOptions{HasCmd: true},
			img: func(i *runner.ImageInfo) { i.Cmd = nil }, status: Passed, expected: "no CMD", actual: "no CMD"},
		{name: "no CMD asked but one present", opts: lessons.ImageOptions{HasCmd: true}, status: Failed,
			expected: "no CMD", actual: `CMD ["helloworld"]`},
		{name: "entrypoint differs", opts: lessons.ImageOptions{HasEntry: true, Entrypoint: []string{"/entry.sh"}},
			status: Failed, expected: `ENTRYPOINT ["/entry.sh"]`, actual: "no ENTRYPOINT", message: "ENTRYPOINT"},
		{name: "exposes bare port means tcp", opts: lessons.ImageOptions{Exposes: []string{"8080"}}, status: Passed,
			expected: "EXPOSE 8080/tcp", actual: "EXPOSE 8080/tcp"},
		{name: "exposes missing port", opts: lessons.ImageOptions{Exposes: []string{"8080/tcp", "9000/udp"}},
			status: Failed, expected: "EXPOSE 8080/tcp 9000/udp", actual: "EXPOSE 8080/tcp", message: "`EXPOSE 9000/udp`"},
		{name: "exposes none", opts: lessons.ImageOptions{Exposes: []string{"80"}},
			img: func(i *runner.ImageInfo) { i.Exposes = nil }, status: Failed, actual: "no EXPOSE"},
		{name: "env subset", opts: lessons.ImageOptions{Env: map[string]string{"MODE": "prod"}}, status: Passed,
			expected: "ENV MODE=prod", actual: "ENV MODE=prod"},
		{name: "env wrong and unset", opts: lessons.ImageOptions{Env: map[string]string{"MODE": "dev", "PORT": "80"}},
			status: Failed, expected: "ENV MODE=dev PORT=80", actual: "ENV MODE=prod PORT unset", message: "MODE, PORT"},
		{name: "workdir trailing slash is the same directory", opts: lessons.ImageOptions{Workdir: ptr("/app/")},
			status: Passed},
		{name: "workdir differs", opts: lessons.ImageOptions{Workdir: ptr("/srv")},
			img: func(i *runner.ImageInfo) { i.Workdir = "" }, status: Failed, expected: "WORKDIR /srv", actual: "no WORKDIR"},
		{name: "user matches", opts: lessons.ImageOptions{User: ptr("app")}, status: Passed, actual: "USER app"},
		{name: "user missing runs as root", opts: lessons.ImageOptions{User: ptr("app")},
			img: func(i *runner.ImageInfo) { i.User = "" }, status: Failed, actual: "no USER (root)"},
		{name: "labels subset", opts: lessons.ImageOptions{Labels: map[string]string{"org.opencontainers.image.title": "hello"}},
			status: Passed},
		{name: "labels missing", opts: lessons.ImageOptions{Labels: map[string]string{"maintainer": "me"}},
			status: Failed, expected: "LABEL maintainer=me", actual: "LABEL maintainer unset"},
		{name: "size within", opts: lessons.ImageOptions{MaxSize: 20_000_000}, status: Passed,
			expected: "at most 20MB", actual: "1.9MB"},
		{name: "size over", opts: lessons.ImageOptions{MaxSize: 20_000_000},
			img: func(i *runner.ImageInfo) { i.Size = 74_800_000 }, status: Failed,
			expected: "at most 20MB", actual: "74.8MB", message: "74.8MB, more than the 20MB"},
		{name: "every failing option in one verdict",
			opts: lessons.ImageOptions{HasCmd: true, Cmd: []string{"helloworld"}, Exposes: []string{"9000"},
				User: ptr("app"), MaxSize: 20_000_000},
			img: func(i *runner.ImageInfo) { i.Cmd = []string{"sh"} }, status: Failed,
			expected: `CMD ["helloworld"]; EXPOSE 9000/tcp`, actual: `CMD ["sh"]; EXPOSE 8080/tcp`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := helloImage()
			if tt.img != nil {
				tt.img(&img)
			}
			v := Image(imageStep(tt.opts), img, "en")
			assert.Equal(t, tt.status, v.Status, v.Message)
			if tt.expected != "" {
				assert.Equal(t, tt.expected, v.Expected)
			}
			if tt.actual != "" {
				assert.Equal(t, tt.actual, v.Actual)
			}
			assert.Contains(t, v.Message, tt.message)
			assert.NotEmpty(t, v.Message)
		})
	}
}

func TestImageKorean(t *testing.T) {
	img := helloImage()
	img.Cmd = []string{"sh"}
	v := Image(imageStep(lessons.ImageOptions{HasCmd: true, Cmd: []string{"helloworld"}}), img, "ko")
	assert.Equal(t, Failed, v.Status)
	assert.Equal(t, "`example/helloworld:latest` 이미지의 CMD가 기대와 다릅니다.", v.Message)
	assert.Equal(t, `CMD ["sh"]`, v.Actual)

	v = Image(imageStep(lessons.ImageOptions{HasCmd: true}), img, "ko")
	assert.Equal(t, "CMD 없음", v.Expected)
}
